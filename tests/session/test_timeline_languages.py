"""Captions and segment labels in Korean and Japanese: words translated, maths unchanged, and a
language change shows in the next caption asked for (captions are cached per language)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from programs import nested_second_derivative

from visualtape import engine as ve
from visualtape import i18n
from visualtape.engine import trace
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel

NUMBER = re.compile(r"-?\d+\.\d+")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _tapes(program) -> list[TapeModel]:  # type: ignore[no-untyped-def]
    with trace.collecting() as events:
        program()
    return list(Session.from_events(events).tapes.values())


def _sum_then_square() -> None:
    """The tutorials' first example on 3×3 ones: z = (Σx)², dz/dx = 18; c is never watched."""
    x = ve.ones((3, 3))
    c = ve.constant(1.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = ve.reduce_sum(x)
        z = y * y
    tape.gradient(z, [x, c])


def _captions(tape: TapeModel) -> list[str]:
    return [frame.caption for frame in tape.timeline().frames]


EXPECTED = {
    "ko": {
        "seed": "시드: ∂z/∂z = 1.0",
        "fan_in": "∂z/∂y [입력 1] += ∂z/∂z · ∂(y × y)/∂y [입력 1] = 1.0 · 9.0 = 9.0",
        "total": "(누적 합 18.0)",
        "rule": (
            "상류 그래디언트 18.0, 상류 그래디언트가 합산된 모든 원소로 복사됨"
            " → 3×3 배열, 모두 18.0"
        ),
        "result": "결과: ∂z/∂x = 3×3 배열, 모두 18.0; ∂z/∂c = None (감시되지 않음)",
        "forward": "순전파",
    },
    "ja": {
        "seed": "シード: ∂z/∂z = 1.0",
        "fan_in": "∂z/∂y [入力 1] += ∂z/∂z · ∂(y × y)/∂y [入力 1] = 1.0 · 9.0 = 9.0",
        "total": "(ここまでの合計 18.0)",
        "rule": (
            "上流の勾配 18.0、上流の勾配が和を取った全要素へコピーされる → 3×3 配列、すべて 18.0"
        ),
        "result": "結果: ∂z/∂x = 3×3 配列、すべて 18.0; ∂z/∂c = None (監視されていない)",
        "forward": "順伝播",
    },
}


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_captions_speak_the_language_and_keep_the_maths(code: str) -> None:
    (tape,) = _tapes(_sum_then_square)
    english = _captions(tape)
    i18n.set_language(code)
    translated = _captions(tape)
    expected = EXPECTED[code]
    assert translated[0] == english[0] == "y = reduce_sum(x) = 9.0"  # no words: unchanged
    assert translated[2] == expected["seed"]
    assert expected["fan_in"] in translated[3] and expected["total"] in translated[3]
    assert expected["rule"] in translated[4]
    assert translated[5] == expected["result"]
    for before, after in zip(english, translated, strict=True):
        assert NUMBER.findall(after) == NUMBER.findall(before)
        assert after.count("∂") == before.count("∂") and after.count("=") == before.count("=")
    assert tape.timeline().segments[0].label == expected["forward"]
    assert "upstream" not in " ".join(translated)


def test_a_language_change_shows_in_captions_already_shown() -> None:
    (tape,) = _tapes(_sum_then_square)
    frame = tape.timeline().frames[4]
    assert frame.chain is not None and frame.chain.rule.startswith("upstream copied")
    i18n.set_language("ja")
    assert frame.chain.rule == "上流の勾配が和を取った全要素へコピーされる"
    assert frame.caption.startswith("∂z/∂x = ∂z/∂y · ∂y/∂x: 上流の勾配 18.0")
    i18n.set_language("en")
    assert "upstream 18.0, upstream copied back" in frame.caption


def test_segments_are_translated_and_call_labels_stay_code() -> None:
    outer = next(t for t in _tapes(nested_second_derivative) if t.parent_id is None)
    segments = outer.timeline().segments
    calls = [s.label for s in segments if s.kind == "gradient"]
    assert calls and all(label.startswith("gradient(") for label in calls)
    assert any("recorded gradient ops (call" in s.label for s in segments)
    i18n.set_language("ko")
    assert any(
        re.fullmatch(r"순전파 · 기록된 그래디언트 연산 \(호출 \d+\)", s.label) for s in segments
    )
    assert [s.label for s in segments if s.kind == "gradient"] == calls  # `gradient(dy, x) #1`


def test_translated_captions_load_no_qt() -> None:
    """The session imports `visualtape.i18n` for its words: that must stay Qt-free."""
    code = (
        "import json, sys\n"
        "from visualtape.session.frames import Segment\n"
        "from visualtape import i18n\n"
        "i18n.set_language('ja')\n"
        "label = Segment(kind='forward', start=0, stop=1, call_id=None).label\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]\n"
        "print(json.dumps([label, qt]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == ["順伝播", []]
