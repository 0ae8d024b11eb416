"""One tape as the visualizer sees it: its records, watched tensors and gradient calls.

A `TapeModel` is filled by `visualtape.session.model.Session` from engine events; it never imports
Qt. Derived views (graph, layout, timeline) are built on demand and cached until the tape changes.

>>> tape = TapeModel(id=1, persistent=False, watch_accessed_variables=True)
>>> tape.op_count, tape.spent
(0, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from visualtape.engine.events import (
    ArraySummary,
    BackwardStep,
    GradientFailed,
    GradientFinished,
    GradientStarted,
    OpRecorded,
    SourceLocation,
    TensorInfo,
)

if TYPE_CHECKING:
    import networkx as nx

    from visualtape.session.frames import Timeline
    from visualtape.session.layout import Layout

Value = np.ndarray | ArraySummary


class NameTable:
    """Tensor id -> Python name, shared by a session and its tapes; `revision` bumps on change."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.revision = 0

    def remember(self, tensor_id: int, name: str) -> None:
        """Remember `name` for `tensor_id` (a no-op when unchanged)."""
        if self.names.get(tensor_id) != name:
            self.names[tensor_id] = name
            self.revision += 1

    def get(self, tensor_id: int) -> str | None:
        """The Python name of `tensor_id`, or None when none is known."""
        return self.names.get(tensor_id)

    def label(self, tensor_id: int) -> str:
        """The name of `tensor_id`, or `t<id>` when none is known."""
        return self.names.get(tensor_id) or f"t{tensor_id}"

    def forget(self, tensor_ids: set[int]) -> None:
        """Drop names of tensors nobody shows any more (bounded memory in long trainings)."""
        for tensor_id in tensor_ids:
            self.names.pop(tensor_id, None)


@dataclass
class GradientCall:
    """One `tape.gradient(...)` (or jacobian row) on one tape, filled in as events arrive.

    `results[i]` belongs to `sources[i]`; a None result has `reasons[i]` ("not_watched",
    "unconnected", "integer_dtype") or "spent" when the call failed on a spent tape.
    `steps` is emptied when the tape's detail is dropped (`detail_dropped`).
    """

    id: int
    tape_id: int
    number: int  # 1-based: the n-th gradient call on this tape
    kind: str = "gradient"
    row: tuple[int, ...] = ()  # a jacobian row: the target element it differentiates
    targets: tuple[TensorInfo, ...] = ()
    sources: tuple[TensorInfo, ...] = ()
    seeds: tuple[np.ndarray, ...] = ()
    location: SourceLocation | None = None
    steps: list[BackwardStep] = field(default_factory=list)
    results: tuple[Value | None, ...] = ()
    reasons: tuple[str, ...] = ()
    released: bool = False
    error: GradientFailed | None = None
    finished: bool = False
    records_before: int = 0  # how many records the tape held when the call started
    generation: int = 0  # the tape's `resets` count when the call started
    step_count: int = 0  # counts steps even after they are dropped
    detail_dropped: bool = False
    label: str = ""  # "gradient(loss, w) #3", frozen when the detail is dropped

    @property
    def target_ids(self) -> tuple[int, ...]:
        """(A call that failed before it started knows them from its GradientFailed.)"""
        if not self.targets and self.error is not None:
            return self.error.target_ids
        return tuple(t.id for t in self.targets)

    @property
    def source_ids(self) -> tuple[int, ...]:
        if not self.sources and self.error is not None:
            return self.error.source_ids
        return tuple(s.id for s in self.sources)

    def drop_detail(self) -> None:
        """Forget the backward steps; keep targets, sources and results."""
        self.steps = []
        self.detail_dropped = True


@dataclass
class TapeModel:
    """A GradientTape: records in order, watched tensors, gradient calls and nesting.

    `spent` is True once a non-persistent tape has released its records after a gradient call.
    `detail_dropped` is True when a long training evicted this tape's records and steps; the
    counts (`op_count`, `gradient_calls`) and results stay.
    """

    id: int
    persistent: bool
    watch_accessed_variables: bool
    parent_id: int | None = None
    location: SourceLocation | None = None
    order: int = 0  # position in the session's open order
    children: list[int] = field(default_factory=list)
    records: list[OpRecorded] = field(default_factory=list)
    watched: dict[int, TensorInfo] = field(default_factory=dict)
    watched_explicit: set[int] = field(default_factory=set)
    gradient_calls: list[GradientCall] = field(default_factory=list)
    spent: bool = False
    closed: bool = False
    resets: int = 0
    op_count: int = 0  # every record ever appended (survives reset and detail dropping)
    detail_dropped: bool = False
    revision: int = 0
    names: NameTable = field(default_factory=NameTable, repr=False)
    _cache: dict[str, tuple[object, object]] = field(default_factory=dict, repr=False)

    # --- updates (called by Session) ------------------------------------------------------

    def add_record(self, record: OpRecorded) -> None:
        self.op_count += 1
        if not self.detail_dropped:
            self.records.append(record)
        self.revision += 1

    def watch(self, tensor: TensorInfo, explicit: bool) -> None:
        if not self.detail_dropped:
            self.watched.setdefault(tensor.id, tensor)
            if explicit:
                self.watched_explicit.add(tensor.id)
        self.revision += 1

    def reset(self) -> None:
        """`tape.reset()`: records and watches are gone; recording continues afresh."""
        self.records = []
        self.watched = {}
        self.watched_explicit = set()
        self.resets += 1
        self.revision += 1

    def start_gradient(self, event: GradientStarted) -> GradientCall:
        call = GradientCall(
            id=event.call_id,
            tape_id=self.id,
            number=len(self.gradient_calls) + 1,
            kind=event.kind,
            row=event.row,
            targets=event.targets,
            sources=event.sources,
            seeds=event.seeds,
            location=event.location,
            records_before=len(self.records),
            generation=self.resets,
            detail_dropped=self.detail_dropped,
        )
        self.gradient_calls.append(call)
        self.revision += 1
        return call

    def add_step(self, call: GradientCall, step: BackwardStep) -> None:
        call.step_count += 1
        if not call.detail_dropped:
            call.steps.append(step)
        self.revision += 1

    def finish_gradient(self, call: GradientCall, event: GradientFinished) -> None:
        call.results = event.results
        call.reasons = event.reasons
        call.released = event.tape_released
        call.finished = True
        if event.tape_released and not self.persistent:
            self.spent = True
        self.revision += 1

    def fail_gradient(self, event: GradientFailed) -> GradientCall:
        call = self.call(event.call_id)
        if call is None:  # failed before it started (e.g. a spent non-persistent tape)
            call = GradientCall(
                id=event.call_id,
                tape_id=self.id,
                number=len(self.gradient_calls) + 1,
                location=event.location,
                records_before=len(self.records),
                generation=self.resets,
            )
            self.gradient_calls.append(call)
        call.error = event
        call.finished = True
        if self.spent:
            call.reasons = tuple("spent" for _ in call.sources)
        self.revision += 1
        return call

    def drop_detail(self) -> None:
        """Evict records, watches and backward steps (long trainings keep memory bounded)."""
        self.records = []
        self.watched = {}
        self.watched_explicit = set()
        for call in self.gradient_calls:
            call.drop_detail()
        self.detail_dropped = True
        self._cache.clear()
        self.revision += 1

    # --- queries ---------------------------------------------------------------------------

    def call(self, call_id: int) -> GradientCall | None:
        """The gradient call with this id, or None."""
        for call in self.gradient_calls:
            if call.id == call_id:
                return call
        return None

    def tensor_ids(self) -> set[int]:
        """Every tensor id this tape's records and watches mention."""
        ids = set(self.watched)
        for record in self.records:
            ids.add(record.output.id)
            ids.update(t.id for t in record.inputs)
        for call in self.gradient_calls:
            ids.update(call.target_ids)
            ids.update(call.source_ids)
        return ids

    def graph(self) -> nx.DiGraph:
        """The tape as a DiGraph (see `visualtape.session.graph`); cached until it changes."""
        from visualtape.session.graph import build_graph

        key = (self.revision, self.names.revision)
        return self._cached("graph", key, lambda: build_graph(self))

    def layout(self) -> Layout:
        """Node positions, computed once per structure (records) and stable between frames."""
        from visualtape.session.layout import compute_layout

        key = (len(self.records), self.resets, self.detail_dropped)
        return self._cached("layout", key, lambda: compute_layout(self.graph()))

    def timeline(self) -> Timeline:
        """The frames of this tape (forward records, then each gradient call's steps)."""
        from visualtape.session.timeline import build_timeline

        key = (self.revision, self.names.revision)
        return self._cached("timeline", key, lambda: build_timeline(self))

    def _cached(self, name: str, key: object, build):  # type: ignore[no-untyped-def]
        hit = self._cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = build()
        self._cache[name] = (key, value)
        return value
