"""The frame caption keeps one height whatever it says (the canvas above never resizes)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

from visualtape import i18n
from visualtape.ui import theme
from visualtape.ui.app import install_language
from visualtape.ui.caption_label import CAPTION_LINES, CaptionLabel, fits, shortened, text_height


def test_the_caption_keeps_its_height_and_shortens_long_texts(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = CaptionLabel()
    qtbot.addWidget(label)
    label.setFont(theme.ui_font(15))
    label.resize(500, label.height())
    label.show()
    heights = set()
    long = " ".join(f"∂z/∂x{i} = 1.0 · 3.0 = 3.0;" for i in range(40))
    for text in ("", "y = x × x = 9.0", long, "z = y × y = 81.0"):
        label.set_caption(text)
        heights.add(label.height())
        assert label.full_text() == text and label.toolTip() == text
    assert len(heights) == 1
    metrics = QFontMetrics(label.font())
    assert label.height() >= CAPTION_LINES * metrics.lineSpacing()
    label.set_caption(long)
    shown = label.text()
    assert shown.endswith("…") and long.startswith(shown[:-2])
    assert fits(shown, metrics, label.contentsRect().width(), CAPTION_LINES * metrics.lineSpacing())
    label.setFont(theme.ui_font(30))  # bigger text (Ctrl+=): more height, same number of lines
    assert label.height() > min(heights)


def test_shortened_keeps_whole_words() -> None:
    from PySide6.QtGui import QFont

    metrics = QFontMetrics(QFont())
    text = "alpha beta gamma delta epsilon zeta eta theta"
    line = metrics.lineSpacing()
    assert shortened(text, metrics, 10_000, line) == text
    cut = shortened(text, metrics, metrics.horizontalAdvance("alpha beta gamma …") + 2, line)
    assert cut == "alpha beta gamma …"


# The caption of sample 04 at its failing gradient call, as the lecturer sees it in each language.
FAILED_CALL = "{kind} failed: {error_type}: {message}"
MESSAGE = (
    "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"
)


@pytest.fixture
def back_to_english() -> Iterator[None]:
    yield
    install_language("en")


def _wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """`text` as word wrap breaks it into lines at `width` pixels."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def _lowest_ink_row(label: CaptionLabel) -> int:
    """The lowest pixel row of the rendered label that has text on it (-1: none)."""
    image = label.grab().toImage()
    background = image.pixelColor(image.width() - 1, image.height() - 1).lightness()
    for y in range(image.height() - 1, -1, -1):
        row = (image.pixelColor(x, y).lightness() for x in range(image.width()))
        if any(abs(lightness - background) > 80 for lightness in row):
            return y
    return -1


def _caption_in(code: str, qtbot, point_size: float, width: int) -> CaptionLabel:  # type: ignore[no-untyped-def]
    install_language(code)
    label = CaptionLabel()
    qtbot.addWidget(label)
    label.setFont(theme.ui_font(point_size))
    label.resize(width, label.height())
    label.show()
    qtbot.waitExposed(label)
    text = i18n.tr(FAILED_CALL, kind="gradient", error_type="RuntimeError", message=MESSAGE)
    label.set_caption(text)
    return label


@pytest.mark.parametrize("code", ["ko", "ja"])
@pytest.mark.parametrize(("point_size", "width"), [(15, 628), (21, 880)])  # 1600 px; presenting
def test_a_korean_or_japanese_caption_shows_all_its_lines(  # type: ignore[no-untyped-def]
    qtbot, code: str, point_size: float, width: int, back_to_english: None
) -> None:
    """Their lines are taller than the Latin font's lineSpacing (CJK fallback font): the label
    makes room for three of them instead of cutting the third line off."""
    label = _caption_in(code, qtbot, point_size, width)
    caption, room = label.full_text(), label.contentsRect()
    lines = _wrapped_lines(caption, label.font(), room.width())
    assert len(lines) == CAPTION_LINES and re.search(
        "[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", lines[0]
    )
    assert label.text() == caption  # nothing cut ...
    metrics = QFontMetrics(label.font())
    assert text_height(caption, metrics, room.width()) <= room.height()  # ... nor clipped
    above_third = text_height("\n".join(lines[:2]), metrics, room.width())
    assert above_third < _lowest_ink_row(label) <= room.bottom()  # the third line is drawn


def test_english_captions_keep_their_height_across_language_switches(
    qtbot, back_to_english: None
) -> None:  # type: ignore[no-untyped-def]
    label = _caption_in("en", qtbot, 15, 628)
    english_height = CAPTION_LINES * QFontMetrics(label.font()).lineSpacing() + 2
    assert label.height() == english_height and label.text() == label.full_text()
    install_language("ko")
    assert label.height() > english_height  # room for three taller lines
    install_language("en")
    assert label.height() == english_height


def test_a_caption_taller_than_the_reserve_is_cut_not_clipped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A CJK name in an English run: its lines are taller than the English reserve, so the
    caption loses words before '…', never its last line under the label's edge."""
    label = CaptionLabel()
    qtbot.addWidget(label)
    label.setFont(theme.ui_font(15))
    label.resize(500, label.height())
    label.set_caption(" ".join(f"손실{i} = {i}.0;" for i in range(60)))
    room = label.contentsRect()
    assert label.text().endswith("…")
    assert text_height(label.text(), QFontMetrics(label.font()), room.width()) <= room.height()
