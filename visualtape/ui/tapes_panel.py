"""The tapes panel: each tape (persistent?, nested in which, gradient calls, spent?), then what
`tf.function` traced (each trace and retrace, its signature, why it traced, its ops)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from visualtape.engine.events import FunctionTraced
from visualtape.i18n import tr
from visualtape.session.tapes import GradientCall, TapeModel
from visualtape.ui import theme

_TAPE_ROLE = Qt.ItemDataRole.UserRole


def tape_title(tape: TapeModel) -> str:
    """'tape 1 · persistent · nested in tape 0 · 3 ops · spent' (in the UI language)."""
    parts = [
        QCoreApplication.translate("TapesPanel", "tape {id}").format(id=tape.id),
        QCoreApplication.translate("TapesPanel", "persistent")
        if tape.persistent
        else QCoreApplication.translate("TapesPanel", "non-persistent"),
    ]
    if tape.parent_id is not None:
        parts.append(
            QCoreApplication.translate("TapesPanel", "nested in tape {id}").format(
                id=tape.parent_id
            )
        )
    ops = (
        QCoreApplication.translate("TapesPanel", "{count} op")
        if tape.op_count == 1
        else QCoreApplication.translate("TapesPanel", "{count} ops")
    )
    parts.append(ops.format(count=tape.op_count))
    if tape.spent:
        parts.append(QCoreApplication.translate("TapesPanel", "spent"))
    if tape.location is not None:
        parts.append(
            QCoreApplication.translate("TapesPanel", "line {line}").format(line=tape.location.line)
        )
    return " · ".join(parts)


def call_title(call: GradientCall, label: str) -> str:
    """'gradient(z, x) #1 = 108.0' or '... RuntimeError: ...'."""
    from visualtape.ui.formatting import format_value

    if call.error is not None:
        return f"{label} ✗ {call.error.error_type}: {call.error.message}"
    if not call.finished:
        running = QCoreApplication.translate("TapesPanel", "running…")
        return f"{label} ({running})"
    values = ", ".join(
        format_value(value) if value is not None else f"None ({tr(reason.replace('_', ' '))})"
        for value, reason in zip(
            call.results, call.reasons or ("",) * len(call.results), strict=False
        )
    )
    return f"{label} = {values}"


def trace_title(trace: FunctionTraced, short: bool = False) -> str:
    """'double · trace 2 · (x: float32[2]) · new input signature · 1 op: multiply · line 12';
    `short` leaves out the function's name and line (lines of a list under the name)."""
    ops = tr("{count} op" if trace.op_count == 1 else "{count} ops", count=trace.op_count)
    if trace.ops:
        shown = ", ".join(trace.ops[:4]) + (", …" if len(trace.ops) > 4 else "")
        ops = f"{ops}: {shown}"
    parts = [tr("trace {n}", n=trace.trace_count), trace.signature, tr(trace.reason), ops]
    if short:
        return " · ".join(parts)
    parts.insert(0, trace.function)
    if trace.location is not None:
        parts.append(tr("line {line}", line=trace.location.line))
    return " · ".join(parts)


class TapesPanel(QTreeWidget):
    """Tapes nested as they were opened; children list the gradient calls. Emits `tape_chosen`."""

    tape_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setObjectName("tapesPanel")
        self._items: dict[int, tuple[QTreeWidgetItem, object]] = {}  # tape id -> item, signature
        self._traces_group: QTreeWidgetItem | None = None
        self._last: tuple[
            Sequence[TapeModel], dict[int, str], int | None, Sequence[FunctionTraced]
        ] = ((), {}, None, ())
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)
        self.itemClicked.connect(self._on_item_clicked)
        self.itemActivated.connect(self._on_item_clicked)

    def set_tapes(
        self,
        tapes: Sequence[TapeModel],
        labels: dict[int, str],
        current: int | None,
        traces: Sequence[FunctionTraced] = (),
    ) -> None:
        """Show `tapes` (call labels by call id) and the tf.function `traces`; `current` is the
        tape on the canvas.

        Incremental: a training run refreshes this many times a second with hundreds of tapes,
        so only new tapes get items and only tapes whose revision (or call labels) changed are
        rewritten; tapes the session evicted lose theirs.
        """
        self._last = (tapes, labels, current, traces)
        wanted = {tape.id for tape in tapes}
        for tape_id in [t for t in self._items if t not in wanted]:
            item = self._items.pop(tape_id)[0]
            self.takeTopLevelItem(self.indexOfTopLevelItem(item))
        for position, tape in enumerate(tapes):
            calls = tuple(labels.get(call.id, "") for call in tape.gradient_calls)
            signature = (tape.revision, calls)
            found = self._items.get(tape.id)
            if found is None:
                item = QTreeWidgetItem()
                item.setData(0, _TAPE_ROLE, tape.id)
                self.insertTopLevelItem(position, item)
                self._fill(item, tape, labels)
                item.setExpanded(True)
                self._items[tape.id] = (item, signature)
            elif found[1] != signature:
                self._fill(found[0], tape, labels)
                self._items[tape.id] = (found[0], signature)
        chosen = self._items.get(current) if current is not None else None
        if chosen is not None and self.currentItem() is not chosen[0]:
            item = chosen[0]
            self.setCurrentItem(item)
            last_call = item.child(item.childCount() - 1) if item.childCount() else None
            if last_call is not None:  # its gradient calls in view too, not only its title
                self.scrollToItem(last_call)
                self.scrollToItem(item)
        self._show_traces(traces)

    def _fill(self, item: QTreeWidgetItem, tape: TapeModel, labels: dict[int, str]) -> None:
        """Write a tape's title and its gradient calls (children) into `item`."""
        item.setText(0, tape_title(tape))
        item.setToolTip(0, item.text(0))
        item.setForeground(0, QBrush(QColor("#757575")) if tape.spent else QBrush())
        item.takeChildren()
        for index, call in enumerate(tape.gradient_calls):
            child = QTreeWidgetItem([call_title(call, labels.get(call.id, f"#{index + 1}"))])
            child.setData(0, _TAPE_ROLE, tape.id)
            colour = QColor(theme.ERROR) if call.error else theme.call_colour(index)
            child.setForeground(0, QBrush(colour))
            item.addChild(child)

    def _show_traces(self, traces: Sequence[FunctionTraced]) -> None:
        """The tf.function group, last, rewritten only when traces were added."""
        if self._traces_group is not None and self._traces_group.childCount() == len(traces):
            return
        if self._traces_group is not None:
            self.takeTopLevelItem(self.indexOfTopLevelItem(self._traces_group))
            self._traces_group = None
        if not traces:
            return
        group = QTreeWidgetItem([tr("tf.function traces")])
        for trace in traces:
            child = QTreeWidgetItem([trace_title(trace)])
            child.setToolTip(0, child.text(0))  # long signatures are elided in the panel
            group.addChild(child)
        self.addTopLevelItem(group)
        group.setExpanded(True)
        self._traces_group = group

    def _on_font_scale_changed(self, scale: float) -> None:
        self.setFont(theme.ui_font(12 * scale))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:  # rewrite every text
            self.clear()
            self._items, self._traces_group = {}, None
            self.set_tapes(*self._last)
        super().changeEvent(event)

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
