"""The session: everything one script run told us, built incrementally from engine events.

`Session.add(event)` folds one event (from `visualtape.engine.events`) into tapes, variables,
scalar series, printed output and errors; `revision` bumps on every change so a UI can poll it.
Long trainings keep memory bounded: full detail (records, backward steps) stays for the first
`keep_first` and the latest `keep_latest` tapes; older tapes keep only counts and results
(`TapeModel.detail_dropped`, `GradientCall.label`), and every scalar stays in `series`. Names of
tensors no detailed tape or variable shows are forgotten at the same time.

Printed output keeps at most `max_prints` entries. A listener that remembers `prints_dropped +
len(prints)` from its last look finds what is new since then in the last (now - then) entries
of `prints`: trimming never changes that sum. Prints trimmed before the listeners saw them (see
`mark_prints_seen`) leave one `OutputOmitted` in their place, saying how many lines are gone.

>>> from visualtape.engine.events import ScalarLogged
>>> s = Session.from_events([ScalarLogged("loss", 0, 2.0), ScalarLogged("loss", 1, 1.0)])
>>> s.series["loss"].values_array().tolist(), s.revision
([2.0, 1.0], 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from visualtape.engine.events import (
    BackwardStep,
    FunctionTraced,
    GradientFailed,
    GradientFinished,
    GradientStarted,
    LossSurface,
    NamesResolved,
    OpRecorded,
    PrintOutput,
    ScalarLogged,
    ScriptError,
    ScriptFinished,
    ScriptStarted,
    SourceLocation,
    TapeClosed,
    TapeOpened,
    TapeReset,
    TensorInfo,
    TensorWatched,
    VariableAssigned,
    VariableCreated,
)
from visualtape.session.series import TARGET_SUFFIX, ScalarSeries, scalar_of
from visualtape.session.surface import SurfaceGrid
from visualtape.session.tapes import GradientCall, NameTable, TapeModel, Value
from visualtape.session.timeline import call_label

DEFAULT_KEEP_FIRST = 3
DEFAULT_KEEP_LATEST = 3
DEFAULT_MAX_PRINTS = 10_000
VISUALTAPE_STREAM = "visualtape"  # the stream of visualtape's own words among the prints


@dataclass(frozen=True)
class OutputOmitted:
    """In `Session.prints`, where printed lines were trimmed before anybody saw them."""

    lines: int
    stream: str = VISUALTAPE_STREAM

    @property
    def text(self) -> str:
        return f"[visualtape: {self.lines:,} lines of output not shown]\n"


def _line_count(entry: PrintOutput | OutputOmitted) -> int:
    """How many printed lines an entry of `Session.prints` stands for."""
    if isinstance(entry, OutputOmitted):
        return entry.lines
    return max(1, entry.text.count("\n"))


@dataclass
class VariableModel:
    """A `tf.Variable`: its latest value and how often it was assigned."""

    id: int
    name: str | None
    dtype: str
    shape: tuple[int, ...]
    trainable: bool
    value: Value
    location: SourceLocation | None = None
    assignments: int = 0
    series_key: str | None = None  # the key in `Session.series` when the variable is scalar


def _strip_suffix(name: str | None) -> str | None:
    """TF-style "w:0" -> "w"."""
    if name and ":" in name and name.rsplit(":", 1)[1].isdigit():
        return name.rsplit(":", 1)[0]
    return name


class Session:
    """Tapes, variables, scalar series, prints and errors of one run, in arrival order."""

    def __init__(
        self,
        keep_first: int = DEFAULT_KEEP_FIRST,
        keep_latest: int = DEFAULT_KEEP_LATEST,
        max_prints: int = DEFAULT_MAX_PRINTS,
    ) -> None:
        self.keep_first = keep_first
        self.keep_latest = keep_latest
        self.max_prints = max_prints
        self.revision = 0
        self.tapes: dict[int, TapeModel] = {}
        self.variables: dict[int, VariableModel] = {}
        self.series: dict[str, ScalarSeries] = {}
        self.prints: list[PrintOutput | OutputOmitted] = []
        self.prints_dropped = 0  # entries trimmed from the front of `prints`
        self._prints_seen = 0  # prints_dropped + len(prints) when the listeners last looked
        self.errors: list[ScriptError] = []
        self.script: ScriptStarted | None = None
        self.finished: ScriptFinished | None = None
        self.name_table = NameTable()
        self.calls: dict[int, GradientCall] = {}
        self.surfaces: list[SurfaceGrid] = []  # loss surfaces (LossSurface), arrival order
        self.function_traces: list[FunctionTraced] = []  # tf.function (re)traces, in order
        self._latest_tape = -1  # the newest top-level tape: the step a scalar belongs to
        self.events_seen = 0
        self._detailed: dict[int, TapeModel] = {}  # tapes still holding records, open order
        self._handlers: dict[type, Callable[[Any], None]] = {
            TapeOpened: self._on_tape_opened,
            TapeClosed: self._on_tape_closed,
            TapeReset: lambda e: self._tape(e.tape_id).reset(),
            TensorWatched: lambda e: self._tape(e.tape_id).watch(e.tensor, e.explicit),
            OpRecorded: self._on_op_recorded,
            GradientStarted: self._on_gradient_started,
            BackwardStep: self._on_backward_step,
            GradientFinished: self._on_gradient_finished,
            GradientFailed: self._on_gradient_failed,
            VariableCreated: self._on_variable_created,
            VariableAssigned: self._on_variable_assigned,
            NamesResolved: self._on_names_resolved,
            ScalarLogged: lambda e: self._point(e.name, "logged", e.step, e.value),
            LossSurface: lambda e: self.surfaces.append(SurfaceGrid.from_event(e)),
            FunctionTraced: self.function_traces.append,
            PrintOutput: self._on_print,
            ScriptStarted: self._on_script_started,
            ScriptFinished: self._on_script_finished,
            ScriptError: self.errors.append,
        }

    @classmethod
    def from_events(cls, events: Iterable[object], **options: int) -> Session:
        """A session holding `events` (options as for the constructor)."""
        session = cls(**options)
        session.extend(events)
        return session

    # --- input -------------------------------------------------------------------------------

    def add(self, event: object) -> None:
        """Fold one engine event into the model (unknown event types are ignored)."""
        handler = self._handlers.get(type(event))
        self.events_seen += 1
        if handler is None:
            return
        handler(event)
        self.revision += 1

    def extend(self, events: Iterable[object]) -> None:
        """Fold many events, in order."""
        for event in events:
            self.add(event)

    # --- queries -------------------------------------------------------------------------------

    @property
    def names(self) -> dict[int, str]:
        """Tensor id -> Python name (from NamesResolved, else the Variable's own name)."""
        return self.name_table.names

    def tensor_name(self, tensor_id: int) -> str:
        """The Python name of a tensor, or `t<id>` when none is known."""
        return self.name_table.label(tensor_id)

    def top_level_tapes(self) -> list[TapeModel]:
        """Tapes that were opened while no other tape recorded."""
        return [t for t in self.tapes.values() if t.parent_id is None]

    def call(self, call_id: int) -> GradientCall | None:
        """A gradient call by id (only calls of tapes with detail, or still running)."""
        return self.calls.get(call_id)

    # --- tapes ---------------------------------------------------------------------------------

    def _tape(self, tape_id: int) -> TapeModel:
        """The tape with this id; a placeholder when its opening was never seen."""
        tape = self.tapes.get(tape_id)
        if tape is None:
            tape = TapeModel(
                id=tape_id,
                persistent=False,
                watch_accessed_variables=True,
                order=len(self.tapes),
                names=self.name_table,
            )
            self.tapes[tape_id] = tape
            self._detailed[tape_id] = tape
        return tape

    def _on_tape_opened(self, event: TapeOpened) -> None:
        tape = self._tape(event.tape_id)
        tape.persistent = event.persistent
        tape.watch_accessed_variables = event.watch_accessed_variables
        tape.parent_id = event.parent_tape_id
        tape.location = event.location
        if event.parent_tape_id is None:
            self._latest_tape = event.tape_id
        else:
            parent = self._tape(event.parent_tape_id)
            if event.tape_id not in parent.children:
                parent.children.append(event.tape_id)
        self._evict()

    def _on_tape_closed(self, event: TapeClosed) -> None:
        tape = self._tape(event.tape_id)
        tape.closed = True
        tape.revision += 1
        self._evict()

    def _on_op_recorded(self, event: OpRecorded) -> None:
        for tape_id in event.tape_ids:
            self._tape(tape_id).add_record(event)

    # --- gradient calls --------------------------------------------------------------------------

    def _on_gradient_started(self, event: GradientStarted) -> None:
        call = self._tape(event.tape_id).start_gradient(event)
        self.calls[call.id] = call
        if event.kind == "gradient" and len(event.targets) == 1:
            target = event.targets[0]
            value = scalar_of(target.value)
            if value is not None:
                name = self.name_table.get(target.id) or _strip_suffix(target.name) or "target"
                key = name + TARGET_SUFFIX
                step = len(self.series.get(key, ()))
                self._point(key, "gradient_target", step, value, event.tape_id)

    def _on_backward_step(self, event: BackwardStep) -> None:
        call = self.calls.get(event.call_id)
        if call is not None:
            self._tape(call.tape_id).add_step(call, event)

    def _on_gradient_finished(self, event: GradientFinished) -> None:
        call = self.calls.get(event.call_id)
        tape = self._tape(event.tape_id)
        if call is None:  # its start was never seen: keep the results anyway
            call = GradientCall(id=event.call_id, tape_id=tape.id, number=0)
            call.number = len(tape.gradient_calls) + 1
            tape.gradient_calls.append(call)
        tape.finish_gradient(call, event)
        if tape.detail_dropped:
            self.calls.pop(call.id, None)
        self._evict()

    def _on_gradient_failed(self, event: GradientFailed) -> None:
        call = self._tape(event.tape_id).fail_gradient(event)
        self.calls[call.id] = call

    # --- variables, names, scalars, output -----------------------------------------------------

    def _on_variable_created(self, event: VariableCreated) -> None:
        info: TensorInfo = event.tensor
        name = _strip_suffix(info.name)
        if name and self.name_table.get(info.id) is None:
            self.name_table.remember(info.id, name)
        variable = VariableModel(
            id=info.id,
            name=name,
            dtype=info.dtype,
            shape=tuple(info.shape),
            trainable=info.trainable,
            value=info.value,
            location=event.location,
        )
        self.variables[info.id] = variable
        value = scalar_of(info.value)
        # Trainable scalars only: an optimizer's step counter (Adam/iter) is not a parameter.
        if value is not None and info.trainable:
            key = name or f"Variable {info.id}"
            if key in self.series:
                key = f"{key} #{info.id}"
            variable.series_key = key
            self._point(key, "variable", 0, value)

    def _on_variable_assigned(self, event: VariableAssigned) -> None:
        variable = self.variables.get(event.variable_id)
        if variable is None:
            return
        variable.value = event.value
        variable.assignments += 1
        value = scalar_of(event.value)
        if variable.series_key is not None and value is not None:
            self._point(variable.series_key, "variable", variable.assignments, value)

    def _on_names_resolved(self, event: NamesResolved) -> None:
        for key, name in event.names.items():
            self.name_table.remember(int(key), name)

    def _point(
        self, name: str, kind: str, step: int, value: float, tape_id: int | None = None
    ) -> None:
        series = self.series.get(name)
        if series is None:
            series = self.series[name] = ScalarSeries(name, kind)
        series.append(step, value, self._latest_tape if tape_id is None else tape_id)

    def mark_prints_seen(self) -> None:
        """The listeners have shown every print so far: trimming them later needs no marker."""
        self._prints_seen = self.prints_dropped + len(self.prints)

    def _on_print(self, event: PrintOutput) -> None:
        self.prints.append(event)
        if len(self.prints) > self.max_prints:
            self._trim_prints(len(self.prints) - self.max_prints // 2)

    def _trim_prints(self, drop: int) -> None:
        """Forget the oldest `drop` entries; those never seen become one marker in their place."""
        first_unseen = max(0, self._prints_seen - self.prints_dropped)
        unseen = sum(_line_count(entry) for entry in self.prints[first_unseen:drop])
        if unseen:
            # NOTE: the marker takes the last dropped entry's place, so prints_dropped +
            # len(prints) stays the same and a listener reaches the marker before what follows
            self.prints[:drop] = [OutputOmitted(unseen)]
            self.prints_dropped += drop - 1
        else:
            del self.prints[:drop]
            self.prints_dropped += drop

    def _on_script_started(self, event: ScriptStarted) -> None:
        self.script = event

    def _on_script_finished(self, event: ScriptFinished) -> None:
        self.finished = event

    # --- bounded memory ------------------------------------------------------------------------

    def _evict(self) -> None:
        """Drop the detail of closed, finished tapes between the first and the latest ones."""
        count = len(self.tapes)
        evicted: list[TapeModel] = []
        for tape in self._detailed.values():
            keep = tape.order < self.keep_first or tape.order >= count - self.keep_latest
            if keep or not tape.closed:
                continue
            if any(not call.finished for call in tape.gradient_calls):
                continue
            evicted.append(tape)
        if not evicted:
            return
        for tape in evicted:
            for call in tape.gradient_calls:
                call.label = call_label(call, self.name_table)
                self.calls.pop(call.id, None)
            tape.drop_detail()
            del self._detailed[tape.id]
        shown = set(self.variables)
        for tape in self._detailed.values():
            shown |= tape.tensor_ids()
        self.name_table.forget(set(self.name_table.names) - shown)
