"""Languages of the UI: English (the source), Korean and Japanese.

Two mechanisms, one current language:

* Qt widgets translate with Qt's own machinery: `QCoreApplication.translate(context, text)` and
  the compiled catalogues `translations/visualtape_<lang>.qm` (sources: the `.ts` files next to
  them, built with `pyside6-lrelease`). `visualtape.ui.app.install_language` loads them.
* Pure-Python modules (inspector texts, chain-rule captions: `visualtape/session` must not import
  Qt) call `tr(text, **fields)`, which looks the English text up in the small catalogue below and
  falls back to English for anything not translated.

This module imports no Qt, so any layer may use it.

>>> set_language("ko")
>>> tr("{name} was not watched: call tape.watch({name}), or make it a tf.Variable.", name="x")
'x 은(는) 감시되지 않았습니다: tape.watch(x) 를 호출하거나 tf.Variable 로 만드세요.'
>>> set_language("en"); tr("not computed yet")
'not computed yet'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어", "ja": "日本語"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

_listeners: list[Callable[[str], None]] = []
_current = [DEFAULT_LANGUAGE]


def language_for_locale(locale_name: str) -> str:
    """'ko_KR' → 'ko', 'ja-JP' → 'ja', anything else → 'en'."""
    code = locale_name.replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current[0]


def set_language(code: str) -> None:
    """Make `code` current (unknown codes mean English) and tell the listeners."""
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    if code == _current[0]:
        return
    _current[0] = code
    for listener in list(_listeners):
        listener(code)


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Call `listener(code)` after every language change."""
    _listeners.append(listener)


def qm_path(code: str) -> Path:
    """The compiled Qt catalogue of a language (English needs none)."""
    return TRANSLATIONS_DIR / f"visualtape_{code}.qm"


def tr(text: str, **fields: object) -> str:
    """`text` in the current language (English when not catalogued), formatted with `fields`."""
    translated = CATALOGUE.get(_current[0], {}).get(text, text)
    return translated.format(**fields) if fields else translated


# English text → translation. Keys are the exact English strings of the modules that call `tr`.
CATALOGUE: dict[str, dict[str, str]] = {
    "ko": {
        "{name} was not watched: call tape.watch({name}), or make it a tf.Variable.": (
            "{name} 은(는) 감시되지 않았습니다: tape.watch({name}) 를 호출하거나 "
            "tf.Variable 로 만드세요."
        ),
        "no recorded path leads from the target to {name} (it is not used, or the ops "
        "between them ran under tape.stop_recording()).": (
            "대상에서 {name} 까지 기록된 경로가 없습니다 (사용되지 않았거나, 그 사이의 연산이 "
            "tape.stop_recording() 안에서 실행되었습니다)."
        ),
        "{name} has an integer dtype: integers are not differentiable (use float32).": (
            "{name} 의 dtype 이 정수입니다: 정수는 미분할 수 없습니다 (float32 를 쓰세요)."
        ),
        "the tape was spent: a non-persistent tape is released by its first gradient call "
        "(use GradientTape(persistent=True) to call gradient again).": (
            "테이프가 이미 사용되었습니다: 비지속 테이프는 첫 gradient 호출 후 해제됩니다 "
            "(gradient 를 다시 부르려면 GradientTape(persistent=True) 를 쓰세요)."
        ),
        "no gradient ({reason}).": "기울기 없음 ({reason}).",
        "not computed yet": "아직 계산되지 않음",
        "not computed yet (∂ ?)": "아직 계산되지 않음 (∂ ?)",
        "gradient: none at this frame": "기울기: 이 프레임에는 없음",
        "recorded by this frame": "이 프레임까지 기록됨",
        "not recorded yet at this frame": "이 프레임에서는 아직 기록되지 않음",
        "chain rule at this step": "이 단계의 연쇄 법칙",
        "backward rule": "역전파 규칙",
        "upstream passes through unchanged (∂/∂input = 1)": (
            "상류 기울기가 그대로 전달됨 (∂/∂입력 = 1)"
        ),
        "upstream × the other input": "상류 기울기 × 다른 입력",
        "upstream copied back to every summed element": ("상류 기울기가 합산된 모든 원소로 복사됨"),
    },
    "ja": {
        "{name} was not watched: call tape.watch({name}), or make it a tf.Variable.": (
            "{name} は監視されていません: tape.watch({name}) を呼ぶか、tf.Variable にしてください。"
        ),
        "no recorded path leads from the target to {name} (it is not used, or the ops "
        "between them ran under tape.stop_recording()).": (
            "ターゲットから {name} への記録された経路がありません (使われていないか、間の演算が "
            "tape.stop_recording() の中で実行されました)。"
        ),
        "{name} has an integer dtype: integers are not differentiable (use float32).": (
            "{name} の dtype は整数です: 整数は微分できません (float32 を使ってください)。"
        ),
        "the tape was spent: a non-persistent tape is released by its first gradient call "
        "(use GradientTape(persistent=True) to call gradient again).": (
            "テープは使用済みです: 永続でないテープは最初の gradient 呼び出しで解放されます "
            "(もう一度 gradient を呼ぶには GradientTape(persistent=True) を使ってください)。"
        ),
        "no gradient ({reason}).": "勾配なし ({reason})。",
        "not computed yet": "まだ計算されていません",
        "not computed yet (∂ ?)": "まだ計算されていません (∂ ?)",
        "gradient: none at this frame": "勾配: このフレームではなし",
        "recorded by this frame": "このフレームまでに記録済み",
        "not recorded yet at this frame": "このフレームではまだ記録されていません",
        "chain rule at this step": "このステップの連鎖律",
        "backward rule": "逆伝播の規則",
        "upstream passes through unchanged (∂/∂input = 1)": (
            "上流の勾配がそのまま伝わる (∂/∂入力 = 1)"
        ),
        "upstream × the other input": "上流の勾配 × もう一方の入力",
        "upstream copied back to every summed element": (
            "上流の勾配が和を取った全要素へコピーされる"
        ),
    },
}
