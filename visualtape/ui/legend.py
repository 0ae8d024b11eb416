"""The canvas legend: what each node style means, and the colour of each gradient call.

Drawn as one strip above the canvas (never over the graph); entries wrap onto more rows when
the window is narrow. It lists only the node styles the shown tape uses (`set_kinds`), so big
fonts on a projector do not spend rows of the canvas on styles that are not on screen.
Labels are in the UI language (`i18n.tr`) and follow a language change.

Every entry keeps one row: a call label wider than a whole row (a GAN's
`gradient(gen_loss, [dense/kernel, …, dense_1/bias]) #1`) is cut in the middle with "…" and
keeps its `#n`, the number the timeline and the tapes panel show; its tooltip is the whole label.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from visualtape import i18n
from visualtape.ui import theme

_ROW = 26.0
_SWATCH = 28.0
_GAP = 18.0
_MARGIN = 8.0  # left and right of the rows
_CALL_NUMBER = re.compile(r"\s#\d+$")  # the " #1" that ends a call label
OP_LABEL = "op (× + ∑ …)"  # English key of i18n's catalogue, as theme.KIND_LABELS are


class Placed(NamedTuple):
    """One legend entry where it is drawn: `shown` is `label`, cut to fit the row if needed."""

    x: float
    y: float
    key: str
    label: str
    shown: str


def fitted(label: str, metrics: QFontMetricsF, room: float) -> str:
    """`label` if it is at most `room` wide, else cut in the middle with "…", keeping its
    trailing call number (" #3") whole."""
    if metrics.horizontalAdvance(label) <= room:
        return label
    number = _CALL_NUMBER.search(label)
    tail = number.group() if number else ""
    head = label[: len(label) - len(tail)]
    room_for_head = max(0.0, room - metrics.horizontalAdvance(tail))
    return metrics.elidedText(head, Qt.TextElideMode.ElideMiddle, room_for_head) + tail


class LegendWidget(QWidget):
    """`set_calls` lists the gradient calls of the tape on the canvas, in their colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self._calls: list[str] = []
        self._kinds: frozenset[str] | None = None  # None: every style (no tape shown)
        self._scale = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._relayout()

    def set_calls(self, labels: list[str]) -> None:
        """Labels of the gradient calls in order, e.g. ["gradient(z, x) #1", ...]."""
        if labels != self._calls:
            self._calls = list(labels)
            self._relayout()
            self.update()

    def set_kinds(self, kinds: frozenset[str] | None) -> None:
        """The node styles on the canvas (`theme.KIND_COLOURS` keys, and "op"); None: all."""
        if kinds != self._kinds:
            self._kinds = kinds
            self._relayout()
            self.update()

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self._relayout()
        self.update()

    def rows(self) -> list[str]:
        """The legend's entries as shown (for tests)."""
        return [placed.shown for placed in self._positions(self._layout_width())]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._relayout()  # translated labels have other widths
            self.update()
        super().changeEvent(event)

    def _entries(self) -> list[tuple[str, str]]:
        tr = i18n.tr
        kinds = self._kinds
        entries = [
            (f"kind:{k}", tr(theme.KIND_LABELS[k]))
            for k in theme.KIND_COLOURS
            if kinds is None or k in kinds
        ]
        if kinds is None or "op" in kinds:
            entries.append(("op", tr(OP_LABEL)))
        entries += [(f"call:{i}", label) for i, label in enumerate(self._calls)]
        return entries

    def _positions(self, width: float) -> list[Placed]:
        metrics = QFontMetricsF(theme.ui_font(11 * self._scale))
        x, y, placed = _MARGIN, 4.0, []
        row, swatch = _ROW * self._scale, _SWATCH * self._scale
        room = width - 2 * _MARGIN - swatch - 6  # for the text of an entry alone on its row
        for key, label in self._entries():
            shown = fitted(label, metrics, room)
            needed = swatch + 6 + metrics.horizontalAdvance(shown) + _GAP
            if x > _MARGIN and x + needed > width:
                x, y = _MARGIN, y + row
            placed.append(Placed(x, y, key, label, shown))
            x += needed
        return placed

    def _layout_width(self) -> float:
        return max(200.0, float(self.width()))

    def _relayout(self) -> None:
        placed = self._positions(self._layout_width())
        bottom = (placed[-1].y if placed else 0.0) + _ROW * self._scale + 4
        self.setFixedHeight(int(bottom))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            label = self._cut_label_at(event.pos().x(), event.pos().y())
            if label:
                QToolTip.showText(event.globalPos(), label, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _cut_label_at(self, x: float, y: float) -> str:
        """The whole label of the shortened entry at (x, y), or ""."""
        metrics = QFontMetricsF(theme.ui_font(11 * self._scale))
        row, swatch = _ROW * self._scale, _SWATCH * self._scale
        for placed in self._positions(self._layout_width()):
            right = placed.x + swatch + 6 + metrics.horizontalAdvance(placed.shown)
            inside = placed.x <= x <= right and placed.y <= y < placed.y + row
            if inside and placed.shown != placed.label:
                return placed.label
        return ""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._relayout()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(600, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.PANEL))
        painter.setFont(theme.ui_font(11 * self._scale))
        row, swatch = _ROW * self._scale, _SWATCH * self._scale
        for x, y, key, _, shown in self._positions(self._layout_width()):
            box = QRectF(x, y + 5, swatch, row - 10)
            self._swatch(painter, key, box)
            painter.setPen(QColor(theme.TEXT))
            text = QRectF(x + swatch + 6, y, 1000, row)
            painter.drawText(
                text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown
            )
        painter.end()

    def _swatch(self, painter: QPainter, key: str, box: QRectF) -> None:
        if key == "op":
            painter.setPen(QPen(QColor(theme.OP_BORDER), 2))
            painter.setBrush(QBrush(QColor(theme.OP_FILL)))
            side = box.height()
            painter.drawEllipse(QRectF(box.center().x() - side / 2, box.top(), side, side))
        elif key.startswith("call:"):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(theme.call_colour(int(key[5:]))))
            painter.drawRoundedRect(box, 5, 5)
        else:
            kind = key[5:]
            colours = theme.KIND_COLOURS[kind]
            style = Qt.PenStyle.DashLine if kind == "gradient" else Qt.PenStyle.SolidLine
            painter.setPen(QPen(QColor(colours.border), 2, style))
            painter.setBrush(QBrush(QColor(colours.fill)))
            painter.drawRoundedRect(box, 4, 4)
