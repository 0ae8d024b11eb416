"""PlayerBar: step/play buttons, speed, and a scrubber that shows the timeline's segments."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visualtape.ui import theme
from visualtape.ui.caption_label import CaptionLabel
from visualtape.ui.player import SPEEDS, Player, SegmentSpan
from visualtape.ui.qt_text import QT_TRANSLATE_NOOP

_TIPS = {
    "home": QT_TRANSLATE_NOOP("PlayerBar", "First frame (Home)"),
    "prev_segment": QT_TRANSLATE_NOOP("PlayerBar", "Previous part (PgUp)"),
    "back": QT_TRANSLATE_NOOP("PlayerBar", "Step back (←)"),
    "play": QT_TRANSLATE_NOOP("PlayerBar", "Play / pause (Space)"),
    "forward": QT_TRANSLATE_NOOP("PlayerBar", "Step (→)"),
    "next_segment": QT_TRANSLATE_NOOP("PlayerBar", "Next part (PgDown)"),
    "end": QT_TRANSLATE_NOOP("PlayerBar", "Last frame (End)"),
}


class TimelineScrubber(QWidget):
    """Segments as coloured bands (forward grey, each gradient call in its colour) + a handle."""

    seek_requested = Signal(int)

    def __init__(self, player: Player, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self.setMinimumHeight(36)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName("timelineScrubber")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(600, self.minimumHeight())

    def _x_of(self, index: float) -> float:
        count = max(1, self._player.count)
        return 8 + (self.width() - 16) * (index / count)

    def index_at(self, x: float) -> int:
        count = max(1, self._player.count)
        return int((x - 8) / max(1.0, self.width() - 16) * count)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(theme.ui_font(11 * theme.font_scale()))
        band = QRectF(8, 4, self.width() - 16, self.height() - 12)
        painter.fillRect(band, QColor(theme.PANEL))
        for segment in self._player.segments:
            self._paint_segment(painter, segment, band)
        if self._player.count:
            x = self._x_of(self._player.index + 0.5)
            painter.setPen(QPen(QColor(theme.TEXT), 3))
            painter.drawLine(int(x), 2, int(x), self.height() - 4)
            painter.setBrush(QBrush(QColor(theme.TEXT)))
            painter.drawEllipse(QRectF(x - 5, self.height() - 11, 10, 10))
        painter.end()

    def _paint_segment(self, painter: QPainter, segment: SegmentSpan, band: QRectF) -> None:
        left, right = self._x_of(segment.start), self._x_of(segment.stop)
        colour = (
            QColor(theme.FORWARD_COLOUR)
            if segment.call_index is None
            else theme.call_colour(segment.call_index)
        )
        fill = QColor(colour)
        fill.setAlphaF(0.35)
        rect = QRectF(left, band.top(), max(2.0, right - left - 1), band.height())
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QBrush(fill))
        painter.drawRect(rect)
        painter.setPen(QColor(theme.TEXT))
        label = painter.fontMetrics().elidedText(
            segment.label, Qt.TextElideMode.ElideRight, int(rect.width()) - 6
        )
        painter.drawText(rect.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, label)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.seek_requested.emit(self.index_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.index_at(event.position().x()))


class PlayerBar(QWidget):
    """Buttons, speed and scrubber around a `Player`; a QTimer moves the index while playing."""

    def __init__(self, player: Player, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.timer = QTimer(self)
        self.timer.timeout.connect(player.tick)
        self.scrubber = TimelineScrubber(player)
        self.scrubber.seek_requested.connect(self._on_seek_requested)
        self.caption = CaptionLabel()  # constant height: the canvas above never resizes
        self.caption.setObjectName("frameCaption")
        self.position = QLabel()
        self.position.setFont(theme.mono_font(12))
        self.speed = QComboBox()
        # (its texts change with the language: "毎秒 2 ステップ" is wider than "2 steps/s")
        self.speed.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for fps in SPEEDS:
            self.speed.addItem("", fps)
        self.speed.setCurrentIndex(SPEEDS.index(player.speed))
        self.speed.currentIndexChanged.connect(self._on_speed_chosen)
        self.buttons = self._make_buttons()
        self._arrange()
        self._retranslate()
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)
        player.subscribe(self._on_player_changed)
        self._on_player_changed()

    def _on_font_scale_changed(self, scale: float) -> None:
        self.caption.setFont(theme.ui_font(15 * scale))
        self.position.setFont(theme.mono_font(12 * scale))
        self.speed.setFont(theme.ui_font(11 * scale))
        self._fit_speed()
        self.scrubber.setMinimumHeight(int(36 * scale))
        icon = int(24 * scale)
        for button in self.buttons.values():
            button.setIconSize(QSize(icon, icon))
            button.setMinimumSize(int(40 * scale), int(36 * scale))
        self.scrubber.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for name, button in self.buttons.items():
            button.setToolTip(QCoreApplication.translate("PlayerBar", _TIPS[name]))
        for row, fps in enumerate(SPEEDS):
            text = QCoreApplication.translate("PlayerBar", "{fps} steps/s").format(fps=f"{fps:g}")
            self.speed.setItemText(row, text)
        self._fit_speed()

    def _fit_speed(self) -> None:
        # Never narrower than its longest text ("2 steps," at 1.6x text in a narrow column).
        self.speed.setMinimumWidth(self.speed.sizeHint().width())

    def _make_buttons(self) -> dict[str, QToolButton]:
        pixmap = QStyle.StandardPixmap
        specs = {
            "home": (pixmap.SP_MediaSkipBackward, self.player.home),
            "prev_segment": (pixmap.SP_MediaSeekBackward, self.player.previous_segment),
            "back": (pixmap.SP_ArrowBack, lambda: self.player.step(-1)),
            "play": (pixmap.SP_MediaPlay, self.player.toggle_play),
            "forward": (pixmap.SP_ArrowForward, lambda: self.player.step(1)),
            "next_segment": (pixmap.SP_MediaSeekForward, self.player.next_segment),
            "end": (pixmap.SP_MediaSkipForward, self.player.end),
        }
        buttons = {}
        for name, (icon, slot) in specs.items():
            button = QToolButton()
            button.setIcon(self.style().standardIcon(icon))
            button.setIconSize(QSize(24, 24))
            button.setMinimumSize(40, 36)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            buttons[name] = button
        return buttons

    def _arrange(self) -> None:
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addWidget(self.speed)
        row.addWidget(self.position)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 2, 6, 2)
        column.setSpacing(2)
        column.addWidget(self.caption)
        column.addWidget(self.scrubber)
        column.addLayout(row)

    def set_caption(self, text: str) -> None:
        self.caption.set_caption(text)

    def _on_seek_requested(self, index: int) -> None:
        self.player.pause()
        self.player.seek(index)

    def _on_speed_chosen(self, row: int) -> None:
        self.player.set_speed(float(self.speed.itemData(row)))

    def _on_player_changed(self) -> None:
        player = self.player
        icon = (
            QStyle.StandardPixmap.SP_MediaPause
            if player.playing
            else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.buttons["play"].setIcon(self.style().standardIcon(icon))
        shown = f"{player.index + 1} / {player.count}" if player.count else "0 / 0"
        self.position.setText(shown)
        if player.playing and (
            not self.timer.isActive() or self.timer.interval() != player.interval_ms
        ):
            self.timer.start(player.interval_ms)
        elif not player.playing:
            self.timer.stop()
        self.scrubber.update()
