"""The frame caption keeps one height whatever it says (the canvas above never resizes)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from visualtape.ui import theme
from visualtape.ui.caption_label import CAPTION_LINES, CaptionLabel, fits, shortened


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
    assert fits(shown, metrics, label.contentsRect().width(), CAPTION_LINES)
    label.setFont(theme.ui_font(30))  # bigger text (Ctrl+=): more height, same number of lines
    assert label.height() > min(heights)


def test_shortened_keeps_whole_words() -> None:
    from PySide6.QtGui import QFont

    metrics = QFontMetrics(QFont())
    text = "alpha beta gamma delta epsilon zeta eta theta"
    assert shortened(text, metrics, 10_000, 1) == text
    cut = shortened(text, metrics, metrics.horizontalAdvance("alpha beta gamma …") + 2, 1)
    assert cut == "alpha beta gamma …"
