"""Languages of the UI: English (the source), Korean and Japanese.

Two mechanisms, one current language:

* Qt widgets translate with Qt's own machinery: `QCoreApplication.translate(context, text)` and
  the compiled catalogues `translations/visualtape_<lang>.qm` (sources: the `.ts` files next to
  them, built with `pyside6-lrelease`). `visualtape.ui.app.install_language` loads them. A new
  widget text goes into both `.ts` files under its context (the class name for `self.tr`), then
  `pyside6-lrelease` rebuilds the `.qm`; `pyside6-lupdate` would also collect every call below
  (as an empty context), so its output needs those entries dropped.
* Pure-Python modules (inspector texts, the gallery's sample titles, and the timeline's captions
  in `visualtape/session`, which must not import Qt) call `tr(text, **fields)`: it looks the
  English text up in the (English, Korean, Japanese) tables next to this module and falls
  back to English for anything not translated. Callers translate when they display, never when
  they store, so a language change shows in the next text asked for.

This package imports no Qt, so any layer (engine excepted) may use it.

>>> set_language("ko")
>>> tr("{name} was not watched: call tape.watch({name}), or make it a tf.Variable.", name="x")
'x은(는) 감시되지 않았습니다: tape.watch(x)을(를) 호출하거나 tf.Variable로 만드세요.'
>>> set_language("en"); tr("not computed yet")
'not computed yet'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from visualtape.i18n import captions, sample_titles, views

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어", "ja": "日本語"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "ui" / "translations"  # Qt .ts / .qm

ENTRIES = (*captions.ENTRIES, *views.ENTRIES, *sample_titles.ENTRIES)

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


# English text → translation, built from the (English, Korean, Japanese) tables in
# `translations/`. Keys are the exact English strings of the modules that call `tr`.
_COLUMN = {"ko": 1, "ja": 2}
CATALOGUE: dict[str, dict[str, str]] = {
    code: {entry[0]: entry[column] for entry in ENTRIES} for code, column in _COLUMN.items()
}
