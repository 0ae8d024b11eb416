"""The tapes panel: each tape (persistent?, nested in which, gradient calls, spent?)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from visualtape.session.tapes import GradientCall, TapeModel
from visualtape.ui import theme

_TAPE_ROLE = Qt.ItemDataRole.UserRole


def tape_title(tape: TapeModel) -> str:
    """'tape 1 · persistent · nested in tape 0 · 3 ops · spent'."""
    parts = [f"tape {tape.id}", "persistent" if tape.persistent else "non-persistent"]
    if tape.parent_id is not None:
        parts.append(f"nested in tape {tape.parent_id}")
    parts.append(f"{tape.op_count} op{'s' if tape.op_count != 1 else ''}")
    if tape.spent:
        parts.append("spent")
    if tape.location is not None:
        parts.append(f"line {tape.location.line}")
    return " · ".join(parts)


def call_title(call: GradientCall, label: str) -> str:
    """'gradient(z, x) #1 = 108.0' or '... RuntimeError: ...'."""
    from visualtape.ui.formatting import format_value

    if call.error is not None:
        return f"{label} ✗ {call.error.error_type}: {call.error.message}"
    if not call.finished:
        return f"{label} (running…)"
    values = ", ".join(
        format_value(value) if value is not None else f"None ({reason.replace('_', ' ')})"
        for value, reason in zip(
            call.results, call.reasons or ("",) * len(call.results), strict=False
        )
    )
    return f"{label} = {values}"


class TapesPanel(QTreeWidget):
    """Tapes nested as they were opened; children list the gradient calls. Emits `tape_chosen`."""

    tape_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setFont(theme.ui_font(12))
        self.setWordWrap(True)
        self.setObjectName("tapesPanel")
        self._shown: object = None
        self.itemClicked.connect(self._on_item_clicked)
        self.itemActivated.connect(self._on_item_clicked)

    def set_tapes(
        self, tapes: Sequence[TapeModel], labels: dict[int, str], current: int | None
    ) -> None:
        """Show `tapes` (call labels by call id); `current` is the tape on the canvas."""
        key = (tuple((t.id, t.revision) for t in tapes), tuple(labels.items()), current)
        if key == self._shown:
            return
        self._shown = key
        self.clear()
        for tape in tapes:
            item = QTreeWidgetItem([tape_title(tape)])
            item.setData(0, _TAPE_ROLE, tape.id)
            if tape.spent:
                item.setForeground(0, QBrush(QColor("#757575")))
            for index, call in enumerate(tape.gradient_calls):
                child = QTreeWidgetItem([call_title(call, labels.get(call.id, f"#{index + 1}"))])
                child.setData(0, _TAPE_ROLE, tape.id)
                colour = QColor(theme.ERROR) if call.error else theme.call_colour(index)
                child.setForeground(0, QBrush(colour))
                item.addChild(child)
            self.addTopLevelItem(item)
            item.setExpanded(True)
            if tape.id == current:
                self.setCurrentItem(item)

    def rows(self) -> list[str]:
        """Every shown line, tapes and their calls in order (for tests)."""
        lines = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            assert top is not None
            lines.append(top.text(0))
            for j in range(top.childCount()):
                child = top.child(j)
                assert child is not None
                lines.append("  " + child.text(0))
        return lines

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        tape_id = item.data(0, _TAPE_ROLE)
        if tape_id is not None:
            self.tape_chosen.emit(int(tape_id))
