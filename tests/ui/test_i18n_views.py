"""Korean and Japanese where the lecture happens: the legend, the sample gallery, the caption under
the canvas and the inspector, checked on what is displayed; and a screenshot per language of the
persistent-tape sample at a backward step whose CJK text must be drawn as glyphs, not boxes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QWidget
from ui_helpers import run_and_wait

from visualtape.ui.app import install_language
from visualtape.ui.export import image_to_rgb
from visualtape.ui.gallery import SampleGallery, default_samples_dir
from visualtape.ui.legend import LegendWidget
from visualtape.ui.main_window import MainWindow

SAMPLE = default_samples_dir() / "03_persistent_tape.py"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
SHOWN = {  # what each language must show, per view
    "ko": {
        "legend": [
            "Variable (변수)",
            "상수",
            "감시 대상",
            "중간값",
            "그래디언트 연산 (중첩 테이프)",
            "연산 (× + ∑ …)",
        ],
        "title": "지속성 테이프: 한 번의 기록으로 두 그래디언트",
        "caption": [
            "∂z/∂x [입력 1] += ∂z/∂y · ∂y/∂x [입력 1] = 18.0 · 3.0 = 54.0",
            "(누적 합 108.0)",
        ],
        "inspector": ["x (텐서, 테이프", "이 단계의 연쇄 법칙 (multiply): 상류 그래디언트 ∂z/∂y"],
        "forward": "순전파",
        "result": "결과: ∂z/∂x = 108.0",
        "tape": "테이프 1 · 지속 · 연산 2개 · 16행",
    },
    "ja": {
        "legend": [
            "Variable (変数)",
            "定数",
            "監視対象",
            "中間値",
            "勾配の演算 (入れ子のテープ)",
            "演算 (× + ∑ …)",
        ],
        "title": "永続テープ: 1 回の記録から 2 つの勾配",
        "caption": [
            "∂z/∂x [入力 1] += ∂z/∂y · ∂y/∂x [入力 1] = 18.0 · 3.0 = 54.0",
            "(ここまでの合計 108.0)",
        ],
        "inspector": ["x (テンソル、テープ", "このステップの連鎖律 (multiply): 上流の勾配 ∂z/∂y"],
        "forward": "順伝播",
        "result": "結果: ∂z/∂x = 108.0",
        "tape": "テープ 1 · 永続 · 演算 2 個 · 16 行",
    },
}


@pytest.fixture
def back_to_english() -> Iterator[None]:
    yield
    install_language("en")


@pytest.fixture
def sample_window(qtbot, tmp_path: Path, back_to_english: None) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)  # the real samples/ gallery
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.shutdown()


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_legend_follows_the_language(qtbot, code: str, back_to_english: None) -> None:  # type: ignore[no-untyped-def]
    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.resize(360, 40)  # narrow: the entries wrap
    legend.set_calls(["gradient(z, x) #1"])
    english = legend.rows()
    install_language(code)
    shown = legend.rows()
    assert shown == [*SHOWN[code]["legend"], "gradient(z, x) #1"]  # call labels are code
    fresh = LegendWidget()  # laid out in this language from the start
    qtbot.addWidget(fresh)
    fresh.resize(legend.size())
    fresh.set_calls(["gradient(z, x) #1"])
    assert legend.height() == fresh.height()  # rows re-wrapped for the translated widths
    install_language("en")
    assert legend.rows() == english and english[1] == "constant"


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_gallery_titles_follow_the_language(qtbot, code: str, back_to_english: None) -> None:  # type: ignore[no-untyped-def]
    gallery = SampleGallery(default_samples_dir())
    qtbot.addWidget(gallery)
    install_language(code)
    shown = dict(gallery.entries())
    assert shown[str(SAMPLE)] == f"{SAMPLE.stem}\n    {SHOWN[code]['title']}"
    assert all(CJK.search(text) for text in shown.values())  # every sample, not just one
    install_language("en")
    assert (
        "Persistent tape: two gradients from one recording" in dict(gallery.entries())[str(SAMPLE)]
    )


def _seek_backward(qtbot, win: MainWindow, which: int) -> None:  # type: ignore[no-untyped-def]
    frames = win.presenter.timeline.frames  # type: ignore[union-attr]
    win.player.seek([f.index for f in frames if f.kind == "backward"][which])
    qtbot.waitUntil(
        lambda: win.presenter.state is not None and win.presenter.state.kind == "backward"
    )
    win.canvas.finish_animation()


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_a_backward_step_is_explained_in_the_language(
    qtbot,  # type: ignore[no-untyped-def]
    sample_window: MainWindow,
    code: str,
) -> None:
    win = sample_window
    win.set_language(code)
    run_and_wait(qtbot, win, SAMPLE)
    _seek_backward(qtbot, win, 1)  # y = x * x: two contributions to ∂z/∂x
    expected = SHOWN[code]
    caption = win.player_bar.caption.text()
    assert all(part in caption for part in expected["caption"]), caption
    content = win.inspector.content
    assert content is not None
    assert content.title.startswith(expected["inspector"][0])
    assert expected["inspector"][1] in content.text
    assert win.player.segments[0].label == expected["forward"]
    assert win.canvas.legend.rows()[:2] == [expected["legend"][2], expected["legend"][3]]
    assert win.tapes_panel.rows()[0] == expected["tape"]
    # switched at runtime: the frame on screen speaks the new language at once
    other = "ja" if code == "ko" else "ko"
    win.set_language(other)
    caption = win.player_bar.caption.text()
    assert all(part in caption for part in SHOWN[other]["caption"]), caption
    assert win.player.segments[0].label == SHOWN[other]["forward"]
    content = win.inspector.content
    assert content is not None and content.title.startswith(SHOWN[other]["inspector"][0])
    assert SHOWN[other]["inspector"][1] in content.text
    assert win.tapes_panel.rows()[0] == SHOWN[other]["tape"]
    win.player.step(1)
    qtbot.waitUntil(lambda: win.player_bar.caption.text() == SHOWN[other]["result"])


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_screenshot_draws_the_cjk_text_as_glyphs(
    qtbot,  # type: ignore[no-untyped-def]
    sample_window: MainWindow,
    code: str,
) -> None:
    win = sample_window
    win.set_language(code)
    run_and_wait(qtbot, win, SAMPLE)
    _seek_backward(qtbot, win, 1)
    caption = win.player_bar.caption
    # the wrapped caption gets the height its lines need: nothing clipped at the bottom
    qtbot.waitUntil(lambda: caption.height() >= caption.heightForWidth(caption.width()))
    shot = win.grab().toImage()
    shots = os.environ.get("VISUALTAPE_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        shot.save(str(Path(shots) / f"i18n_backward_{code}.png"))
    assert shot.width() >= 1200 and _ink(shot) > 10_000
    assert CJK.search(caption.text())
    assert _ink(caption.grab().toImage()) > 400  # both wrapped lines are drawn
    texts = {
        caption: caption.text(),
        win.canvas.legend: " ".join(win.canvas.legend.rows()),
        win.gallery: " ".join(text for _, text in win.gallery.entries()),
    }
    for widget, text in texts.items():
        assert_glyphs(widget, text)


def assert_glyphs(widget: QWidget, text: str) -> None:
    """Every CJK character of `text` is in the widget's font (or its fallbacks) and is drawn
    as its own glyph: some ink, and not the missing-glyph box."""
    font = widget.font()
    metrics = QFontMetrics(font)
    box = _draw("\U0010fffd", font)  # an unassigned code point: the missing-glyph box
    seen: list[np.ndarray] = []
    for char in sorted(set(CJK.findall(text))):
        assert metrics.inFontUcs4(ord(char)), f"{char!r} has no glyph in {font.family()}"
        drawn = _draw(char, font)
        assert (drawn.min(axis=-1) < 128).sum() > 10, f"{char!r} draws nothing"
        assert not np.array_equal(drawn, box), f"{char!r} draws the missing-glyph box"
        seen.append(drawn)
    assert len(seen) >= 3 and len({d.tobytes() for d in seen}) == len(seen)


def _draw(text: str, font: QFont) -> np.ndarray:
    image = QImage(80, 60, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(10, 44, text)
    painter.end()
    return image_to_rgb(image)


def _ink(image: QImage) -> int:
    return int((image_to_rgb(image).min(axis=-1) < 128).sum())
