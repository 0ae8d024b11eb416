"""CaptionLabel: the frame caption under the canvas, always `CAPTION_LINES` lines tall.

A caption that changed height at every step resized the canvas above it, so the graph zoomed
in and out as the lecturer stepped. The label reserves a fixed number of wrapped lines; a
longer caption is cut at a word with "…" (the whole text is its tooltip, and the inspector
shows the full chain-rule arithmetic).

# NOTE: a line's height is the height of the text laid out on it, not `lineSpacing()` of the
# label's font: Korean and Japanese fall back to a CJK font whose lines are taller (29 px
# against 24 px for the Latin UI font at 15 pt). So the reserve is `CAPTION_LINES` lines of
# the current UI language's own script (its name in `i18n.LANGUAGES`, e.g. "한국어"), never
# less than the Latin lines, and a caption fits when its wrapped text, measured as drawn, fits
# in that reserve. English keeps its height; a caption taller than the reserve (a CJK name in
# an English run, say) is cut with "…" instead of losing its last line below the label.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from visualtape import i18n

CAPTION_LINES = 3
ELLIPSIS = " …"


def text_height(text: str, metrics: QFontMetrics, width: int) -> int:
    """The height of `text` word-wrapped at `width` pixels, as QLabel draws it (font fallback
    included: a line of CJK text is taller than `metrics.lineSpacing()`)."""
    flags = int(Qt.TextFlag.TextWordWrap)
    return metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text).height()


def lines_height(metrics: QFontMetrics, lines: int, script: str = "") -> int:
    """The height of `lines` lines of Latin text and of `script` (e.g. "한국어"), the taller."""
    probe = "\n".join(["Ag" + script] * lines)
    return max(lines * metrics.lineSpacing(), text_height(probe, metrics, 100_000))


def fits(text: str, metrics: QFontMetrics, width: int, height: int) -> bool:
    """Whether `text`, word-wrapped at `width` pixels, is at most `height` pixels tall."""
    return text_height(text, metrics, width) <= height


def shortened(text: str, metrics: QFontMetrics, width: int, height: int) -> str:
    """`text` itself if it fits in `width` × `height`, else its longest word-prefix that fits
    with ' …'."""
    if fits(text, metrics, width, height):
        return text
    words = text.split(" ")
    low, high = 0, len(words)  # words[:low] + ELLIPSIS fits; words[:high] + ELLIPSIS does not
    while high - low > 1:
        middle = (low + high) // 2
        if fits(" ".join(words[:middle]) + ELLIPSIS, metrics, width, height):
            low = middle
        else:
            high = middle
    return (" ".join(words[:low]) + ELLIPSIS).strip()


class CaptionLabel(QLabel):
    """A word-wrapped label of constant height (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""
        self._text_height = 0  # the reserve: CAPTION_LINES lines, in pixels
        self._reserve()

    def full_text(self) -> str:
        """The caption as given (the label may show it shortened)."""
        return self._full

    def set_caption(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self._reserve()  # another font, or another script: other line heights
            self._refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._refresh()

    def _reserve(self) -> None:
        script = i18n.LANGUAGES.get(i18n.current_language(), "")
        self._text_height = lines_height(QFontMetrics(self.font()), CAPTION_LINES, script)
        margins = self.contentsMargins()
        self.setFixedHeight(self._text_height + margins.top() + margins.bottom() + 2)

    def _refresh(self) -> None:
        width = self.contentsRect().width()
        metrics = QFontMetrics(self.font())
        self.setText(shortened(self._full, metrics, width, self._text_height))
