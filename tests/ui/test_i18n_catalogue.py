"""The pure-Python catalogue: every English text the code passes to `i18n.tr` has a Korean and a
Japanese translation with the same `{fields}`, so no text lands untranslated (or crashes with a
KeyError when formatted)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from string import Formatter

import pytest

import visualtape
from visualtape import i18n
from visualtape.session import chainrule
from visualtape.ui import inspector_text, legend, theme
from visualtape.ui.gallery import default_samples_dir, list_samples

PACKAGE = Path(visualtape.__file__).parent
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")  # kana, kanji, Hangul
REASONS = ("not_watched", "unconnected", "integer_dtype", "spent")  # engine + spent tapes


def _literal_tr_keys() -> set[str]:
    """First arguments of `tr(...)` / `i18n.tr(...)` calls that are string literals."""
    keys: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            direct = isinstance(func, ast.Name) and func.id == "tr"
            via_module = (
                isinstance(func, ast.Attribute)
                and func.attr == "tr"
                and isinstance(func.value, ast.Name)
                and func.value.id == "i18n"
            )
            if direct or via_module:
                keys.update(_constants(node.args[0]))
    return keys


def _constants(node: ast.expr) -> list[str]:
    """`"text"` → [text]; `"a" if cond else "b"` → [a, b]; a variable → []."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return [*_constants(node.body), *_constants(node.orelse)]
    return []


def _dynamic_keys() -> set[str]:
    """Texts passed to `tr` through a variable: rule tables, labels, titles, reasons."""
    return {
        *chainrule._RULES.values(),
        *theme.KIND_LABELS.values(),
        legend.OP_LABEL,
        *inspector_text._WHY_NONE.values(),
        *inspector_text._FOLDED.values(),
        *(reason.replace("_", " ") for reason in REASONS),
        *(entry.title for entry in list_samples(default_samples_dir())),
    }


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def test_the_source_scan_finds_the_callers() -> None:
    keys = _literal_tr_keys()
    assert len(keys) > 35  # chain rule, timeline, inspector: a scan that found nothing passes
    assert "seed: {parts} = {seeds}" in keys and "kind: {kind} · watched" in keys


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_every_text_given_to_tr_is_translated(code: str) -> None:
    wanted = _literal_tr_keys() | _dynamic_keys()
    missing = sorted(text for text in wanted if text not in i18n.CATALOGUE[code])
    assert missing == []


def test_every_sample_in_the_gallery_has_translated_titles() -> None:
    titles = [entry.title for entry in list_samples(default_samples_dir())]
    assert len(titles) >= 12
    for code in ("ko", "ja"):
        assert all(CJK.search(i18n.CATALOGUE[code].get(t, "")) for t in titles), code


def test_translations_keep_the_fields_and_are_in_the_language() -> None:
    english = [entry[0] for entry in i18n.ENTRIES]
    assert len(english) == len(set(english)), "an English text is catalogued twice"
    for entry in i18n.ENTRIES:
        source, *translations = entry
        for text in translations:
            assert _fields(text) == _fields(source), entry
            assert text != source and CJK.search(text), entry
