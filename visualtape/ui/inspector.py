"""The inspector dock: everything about the selected node at the current frame.

Its text and arrays follow the font scale (Ctrl+= / Ctrl+-, presentation mode)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from visualtape.ui import theme
from visualtape.ui.array_view import ArrayView
from visualtape.ui.formatting import value_array
from visualtape.ui.inspector_text import InspectorContent
from visualtape.ui.qt_text import QT_TRANSLATE_NOOP

# English sources, translated when shown (the Qt catalogues in translations/).
_HINT = QT_TRANSLATE_NOOP(
    "Inspector", "Click a node on the canvas to inspect its value, gradients and chain rule."
)
FOLLOWING = QT_TRANSLATE_NOOP(
    "Inspector", "following the current step · click a node to pin it, Esc to unpin"
)
PINNED = QT_TRANSLATE_NOOP("Inspector", "pinned · Esc follows the current step again")
_TITLE = QT_TRANSLATE_NOOP("Inspector", "Inspector")
_TABS = (QT_TRANSLATE_NOOP("Inspector", "value"), QT_TRANSLATE_NOOP("Inspector", "gradient"))
TITLE_POINT_SIZE, MODE_POINT_SIZE, BODY_POINT_SIZE, TAB_POINT_SIZE = 14, 10, 12, 11
TEXT_MIN_LINES = 6  # of body text: the least the text part of the inspector shows


class Inspector(QWidget):
    """Text (op, shape, dtype, value, gradients per call, chain rule, source line) + arrays."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._title = QLabel()
        self._title.setWordWrap(True)
        self._mode = QLabel()
        self._mode.setObjectName("inspectorMode")
        self._mode.setStyleSheet("color: #607d8b")
        self._mode.setWordWrap(True)
        self._body = QLabel()
        self._body.setWordWrap(True)
        self._body.setTextFormat(Qt.TextFormat.RichText)
        self._body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Title, mode line and text scroll together: in a short dock at large text sizes the
        # layout squeezed the word-wrapped title below its height and cut its first line off.
        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self._title)
        text_layout.addWidget(self._mode)
        text_layout.addWidget(self._body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(text)
        self.value_view = ArrayView()
        self.gradient_view = ArrayView()
        self._arrays = QTabWidget()
        self._arrays.addTab(self.value_view, _tr(_TABS[0]))
        self._arrays.addTab(self.gradient_view, _tr(_TABS[1]))
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 3)  # the text keeps the larger share when the dock is short
        layout.addWidget(self._arrays, 2)
        self._content: InspectorContent | None = None
        self._following = False
        self.show_content(None)
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def _on_font_scale_changed(self, scale: float) -> None:
        self._title.setFont(theme.ui_font(TITLE_POINT_SIZE * scale, bold=True))
        self._mode.setFont(theme.ui_font(MODE_POINT_SIZE * scale))
        self._body.setFont(theme.ui_font(BODY_POINT_SIZE * scale))
        self._arrays.tabBar().setFont(theme.ui_font(TAB_POINT_SIZE * scale))
        # At least the title and a few lines of text stay in view however short the dock.
        lines = QFontMetrics(self._body.font()).lineSpacing()
        self._scroll.setMinimumHeight(TEXT_MIN_LINES * lines)

    @property
    def content(self) -> InspectorContent | None:
        return self._content

    @property
    def following(self) -> bool:
        """Whether the content follows the current step (nothing is selected)."""
        return self._following

    @property
    def arrays_shown(self) -> bool:
        """Whether the value/gradient grids are shown (only for arrays of more than one number)."""
        return not self._arrays.isHidden()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            for index, text in enumerate(_TABS):
                self._arrays.setTabText(index, _tr(text))
            self._show_mode()
            if self._content is None:
                self._show_hint()
        super().changeEvent(event)

    def mode_text(self) -> str:
        return self._mode.text()

    def plain_text(self) -> str:
        """Everything the inspector says, as plain text (tests, copy)."""
        return self._content.text if self._content else _tr(_HINT)

    def show_content(self, content: InspectorContent | None, following: bool = False) -> None:
        """Show one node's content (None: the hint); `following` marks automatic content."""
        self._following = following
        shown = self._content
        self._content = content
        self._show_mode()
        if content == shown and content is not None:
            return
        if content is None:
            self._show_hint()
            self.value_view.show_array(None)
            self.gradient_view.show_array(None)
            self._arrays.setVisible(False)
            return
        self._title.setText(content.title)
        self._body.setText(_as_html(content.lines))
        value, gradient = value_array(content.value), value_array(content.gradient)
        self.value_view.show_array(value)
        self.gradient_view.show_array(gradient)
        self._arrays.setTabEnabled(1, gradient is not None)
        # A scalar's grid would repeat the text's "value: 3.0": the text gets the room instead.
        self._arrays.setVisible(any(a is not None and a.size > 1 for a in (value, gradient)))

    def _show_mode(self) -> None:
        content, following = self._content, self._following
        self._mode.setText("" if content is None else _tr(FOLLOWING if following else PINNED))

    def _show_hint(self) -> None:
        self._title.setText(_tr(_TITLE))
        self._body.setText(html.escape(_tr(_HINT)))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Inspector", text)


def _as_html(lines: tuple[str, ...]) -> str:
    rows = []
    for line in lines:
        text = html.escape(line)
        if line.startswith("  "):
            text = f'<span style="font-family:monospace">&nbsp;&nbsp;{text.strip()}</span>'
        elif "None —" in line:
            text = f'<span style="color:{theme.ERROR}">{text}</span>'
        elif line.startswith("∂"):
            text = f"<b>{text}</b>"
        rows.append(text.replace("\n", "<br>"))
    return "<br>".join(rows)
