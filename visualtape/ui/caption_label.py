"""CaptionLabel: the frame caption under the canvas, always `CAPTION_LINES` lines tall.

A caption that changed height at every step resized the canvas above it, so the graph zoomed
in and out as the lecturer stepped. The label reserves a fixed number of wrapped lines; a
longer caption is cut at a word with "…" (the whole text is its tooltip, and the inspector
shows the full chain-rule arithmetic).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

CAPTION_LINES = 3
ELLIPSIS = " …"


def fits(text: str, metrics: QFontMetrics, width: int, lines: int) -> bool:
    """Whether `text`, word-wrapped at `width` pixels, takes at most `lines` lines."""
    flags = int(Qt.TextFlag.TextWordWrap)
    height = metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text).height()
    return height <= lines * metrics.lineSpacing()


def shortened(text: str, metrics: QFontMetrics, width: int, lines: int) -> str:
    """`text` itself if it fits, else its longest word-prefix that fits with ' …'."""
    if fits(text, metrics, width, lines):
        return text
    words = text.split(" ")
    low, high = 0, len(words)  # words[:low] + ELLIPSIS fits; words[:high] + ELLIPSIS does not
    while high - low > 1:
        middle = (low + high) // 2
        if fits(" ".join(words[:middle]) + ELLIPSIS, metrics, width, lines):
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
        if event.type() == QEvent.Type.FontChange:
            self._reserve()
            self._refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._refresh()

    def _reserve(self) -> None:
        margins = self.contentsMargins()
        height = CAPTION_LINES * QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(height + margins.top() + margins.bottom() + 2)

    def _refresh(self) -> None:
        width = self.contentsRect().width()
        self.setText(shortened(self._full, QFontMetrics(self.font()), width, CAPTION_LINES))
