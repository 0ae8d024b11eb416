"""TapePresenter: keeps the views in step with the session and the player index.

Views only read: on new events the presenter picks the tape to show, rebuilds its scene only
when the tape's structure changed, and hands the player the timeline; on every index change it
asks `frame_state` and restyles the canvas, the code line, the caption and the inspector.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from visualtape.i18n import tr
from visualtape.session.frame_state import FrameState, frame_state
from visualtape.session.frames import Timeline
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel
from visualtape.session.timeline import call_label
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.code_view import CodeView
from visualtape.ui.frame_looks import LookBuilder
from visualtape.ui.inspector import Inspector
from visualtape.ui.inspector_text import InspectorContent, focus_node, fold_content, inspect_node
from visualtape.ui.player import Player, SegmentSpan
from visualtape.ui.player_bar import PlayerBar
from visualtape.ui.scene_adapter import build_scene_spec, call_colour_index
from visualtape.ui.scene_spec import SceneSpec
from visualtape.ui.tapes_panel import TapesPanel, trace_title

ASYNC_LAYOUT_NODES = 2_000  # bigger graphs are laid out in a worker thread
LIVE_REBUILD_RECORDS = 2_000  # a recording tape above this is rebuilt each time it doubles
NOTE_TRACES = 8  # traces listed on the empty canvas (all are in the tapes panel)


class _LayoutRelay(QObject):
    done = Signal(object, object)  # (scene key, SceneSpec), delivered on the GUI thread


class _LayoutJob(QRunnable):
    """Builds a SceneSpec (folding + layout) off the GUI thread."""

    def __init__(self, tape: TapeModel, key: object, expanded: frozenset[str]) -> None:
        super().__init__()
        self.relay = _LayoutRelay()
        self._tape, self._key, self._expanded = tape, key, expanded

    def run(self) -> None:
        self.relay.done.emit(self._key, build_scene_spec(self._tape, self._expanded))


def default_tape(session: Session) -> TapeModel | None:
    """The newest top-level tape that still holds its records (else the newest tape). While
    the script runs, the newest such tape whose gradient calls are done: a training step's
    tape half recorded would flash a partial graph (and cost a scene of its own)."""
    tapes = list(session.tapes.values())
    detailed = [t for t in tapes if t.parent_id is None and not t.detail_dropped and t.records]
    if not session.finished:
        settled = [t for t in detailed if is_settled(t)]
        detailed = settled or detailed
    pool = detailed or [t for t in tapes if not t.detail_dropped] or tapes
    return pool[-1] if pool else None


def is_settled(tape: TapeModel) -> bool:
    """Closed, and differentiated at least once with every gradient call finished."""
    calls = tape.gradient_calls
    return tape.closed and bool(calls) and all(call.finished for call in calls)


def no_tape_note(session: Session) -> str:
    """What the canvas says after a run that recorded no GradientTape (e.g. a tf.function demo):
    the traces themselves, big enough for the room."""
    note = [tr("This run recorded no GradientTape.")]
    traces = session.function_traces
    if traces:
        names = ", ".join(dict.fromkeys(trace.function for trace in traces))
        note += ["", tr("tf.function traced {names}:", names=names)]
        note += [trace_title(trace, short=True) for trace in traces[:NOTE_TRACES]]
        if len(traces) > NOTE_TRACES:
            note.append(tr("… {count} more in the Tapes panel", count=len(traces) - NOTE_TRACES))
    elif session.errors:
        note.append(tr("The script stopped with an error: see the console."))
    return "\n".join(note)


def empty_tape_note(session: Session, tape: TapeModel) -> str:
    """What the canvas says when the tape shown has nothing to step through: why, if known."""
    note = [tr("Tape {tape} recorded no ops.", tape=tape.id)]
    if session.errors:
        note.append(tr("The script stopped with an error: see the console."))
    else:  # the classic slip: differentiating a constant that was never watched
        note.append(
            tr(
                "A tape records the ops that use a trainable Variable or a tensor it watches "
                "(tape.watch(x) for a constant)."
            )
        )
    return "\n".join(note)


def segment_spans(timeline: Timeline) -> tuple[SegmentSpan, ...]:
    spans = []
    for segment in timeline.segments:
        track = timeline.calls.get(segment.call_id) if segment.call_id is not None else None
        index = (
            call_colour_index(track) if track is not None and segment.kind != "forward" else None
        )
        spans.append(SegmentSpan(segment.start, segment.stop, segment.label, index))
    return tuple(spans)


class TapePresenter(QObject):
    """Session + player index -> canvas, player bar, code view, inspector and tapes panel."""

    frame_shown = Signal(int)  # the player index just displayed
    scene_ready = Signal(int)  # a tape's scene was (re)built; the tape id

    def __init__(
        self,
        player: Player,
        canvas: GraphCanvas,
        bar: PlayerBar,
        code: CodeView,
        inspector: Inspector,
        tapes: TapesPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.player, self.canvas, self.bar = player, canvas, bar
        self.code, self.inspector, self.tapes_panel = code, inspector, tapes
        self.session: Session = Session()
        self.script_path: str | None = None
        self.chosen_tape: int | None = None  # picked in the tapes panel; None = automatic
        self.tape: TapeModel | None = None
        self.timeline: Timeline | None = None
        self.state: FrameState | None = None
        self._spec_key: object = None
        self._spec: SceneSpec | None = None
        self._looks: LookBuilder | None = None
        self._looks_key: object = None
        self.expanded: dict[int, frozenset[str]] = {}  # tape id -> folds the user opened
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: list[_LayoutJob] = []  # running or queued (kept alive until done)
        self._stale = False  # the tape changed while a layout job ran
        self._built_records: tuple[int | None, int] = (None, 0)  # tape id, records at its build
        player.subscribe(self._on_player_changed)
        canvas.node_selected.connect(self._on_node_selected)
        canvas.fold_toggled.connect(self.toggle_fold)
        tapes.tape_chosen.connect(self.choose_tape)

    # --- session changes ------------------------------------------------------------------------
    def reset(self, session: Session, script_path: str | None) -> None:
        """A new run or file: forget the old tapes and follow the new session."""
        self.session, self.script_path = session, script_path
        self.chosen_tape, self.tape, self.timeline, self.state = None, None, None, None
        self._spec_key = self._spec = self._looks = self._looks_key = None
        self._built_records = (None, 0)
        self.expanded = {}
        self.canvas.clear()
        self.canvas.legend.set_kinds(None)
        self.canvas.legend.set_calls([])
        self.player.reset()
        self.inspector.show_content(None)
        self.refresh()

    def retranslate(self) -> None:
        """The UI language changed: redraw the current frame (caption, chips, inspector) in it."""
        self.state = None
        self._looks_key = None  # the LookBuilder caches chip texts in the old language
        self.refresh()

    def choose_tape(self, tape_id: int) -> None:
        """Show another tape (from the tapes panel) without re-running anything."""
        if tape_id in self.session.tapes:
            self.chosen_tape = tape_id
            self._spec_key = None
            self.player.reset()
            self.refresh()

    def refresh(self) -> None:
        """Session changed: update the tape shown, its scene (if its structure changed) and the
        timeline; then redraw the current frame."""
        session = self.session
        tape = session.tapes.get(self.chosen_tape) if self.chosen_tape is not None else None
        tape = tape or default_tape(session)
        self.tape = tape
        labels = {
            call.id: call.label or call_label(call, session.name_table)
            for each in session.tapes.values()
            for call in each.gradient_calls
        }
        traces = session.function_traces
        if tape is None:
            self.tapes_panel.set_tapes(list(session.tapes.values()), labels, None, traces)
            self.canvas.note = no_tape_note(session) if session.finished else ""
            if session.finished:  # nothing will be drawn: no node styles or calls to explain
                self.canvas.legend.set_kinds(frozenset())
                self.canvas.legend.set_calls([])
            self._show_frame()
            return
        if self._deferred(tape):
            # A big tape still recording: rebuilt only when it has doubled (or closes), so a
            # 200,000-op loop costs a few rebuilds, not one per refresh (that was quadratic).
            self.canvas.set_busy(tr("recording… {count} ops", count=len(tape.records)))
            self.tapes_panel.set_tapes(list(session.tapes.values()), labels, tape.id, traces)
            return
        self._built_records = (tape.id, len(tape.records))
        self._update_scene(tape)
        self.timeline = tape.timeline()
        nothing = not len(self.timeline) and session.finished is not None
        self.canvas.note = empty_tape_note(session, tape) if nothing else ""
        self.tapes_panel.set_tapes(list(session.tapes.values()), labels, tape.id, traces)
        self.canvas.legend.set_calls([t.label for t in self.timeline.calls.values()])
        # set_timeline notifies the player's listeners, which redraws the frame.
        self.player.set_timeline(len(self.timeline), segment_spans(self.timeline))

    def toggle_fold(self, key: str) -> None:
        """Expand a folded box (double-click), or fold an expanded one back."""
        if self.tape is None:
            return
        opened = self.expanded.get(self.tape.id, frozenset())
        self.expanded[self.tape.id] = opened - {key} if key in opened else opened | {key}
        self.refresh()

    @property
    def laying_out(self) -> bool:
        return bool(self._jobs)

    def _deferred(self, tape: TapeModel) -> bool:
        """Whether to keep showing the last build of `tape` (see `refresh`)."""
        built_id, built = self._built_records
        count = len(tape.records)
        return (
            not tape.closed
            and self.session.finished is None  # (a stopped script leaves its tape open)
            and built_id == tape.id
            and count > LIVE_REBUILD_RECORDS
            and count < 2 * built
        )

    def _update_scene(self, tape: TapeModel) -> None:
        expanded = self.expanded.get(tape.id, frozenset())
        key = (
            tape.id,
            len(tape.records),
            tape.resets,
            tape.detail_dropped,
            len(tape.watched),
            len(tape.gradient_calls),
            tape.names.revision,
            expanded,
        )
        if key != self._spec_key:
            self._spec_key = key
            self._spec = self._looks = None
            if tape.graph().number_of_nodes() > ASYNC_LAYOUT_NODES:
                self._start_layout(tape, key, expanded)
            else:
                self._set_spec(tape, build_scene_spec(tape, expanded))
        looks_key = (key, tape.revision)
        if self._spec is not None and looks_key != self._looks_key:
            self._looks_key = looks_key
            self._looks = LookBuilder(tape, self._spec.folding)

    def _set_spec(self, tape: TapeModel, spec: SceneSpec) -> None:
        self._spec = spec
        self._looks_key = None
        self.canvas.show_tape(spec)
        self.canvas.legend.set_kinds(frozenset(node.kind for node in spec.nodes))
        self.scene_ready.emit(tape.id)

    def _start_layout(self, tape: TapeModel, key: object, expanded: frozenset[str]) -> None:
        self.canvas.set_busy(tr("laying out…"))
        if self._jobs:
            self._stale = True  # one job at a time: rerun when this one ends
            return
        job = _LayoutJob(tape, key, expanded)
        job.relay.done.connect(self._on_layout_done)
        self._jobs.append(job)
        self._pool.start(job)

    def _on_layout_done(self, key: object, spec: SceneSpec) -> None:
        self._jobs.clear()
        if key == self._spec_key and self.tape is not None:
            self._stale = False
            self.canvas.set_busy("")
            self._set_spec(self.tape, spec)
            self.refresh()
        elif self._stale or self.tape is not None:
            self._stale = False
            self._spec_key = None  # the tape changed meanwhile: lay out its current state
            self.refresh()

    def wait_for_layout(self, msecs: int = 60_000) -> bool:
        """Block until queued layout jobs ran (tests, rendering); their results still arrive
        as queued signals."""
        return self._pool.waitForDone(msecs)

    # --- frames ----------------------------------------------------------------------------------
    def _on_player_changed(self) -> None:
        index = self.player.index
        if (
            self.state is None
            or self.state.index != index
            or self.state.timeline is not self.timeline
        ):
            self._show_frame()

    def _show_frame(self) -> None:
        tape, timeline = self.tape, self.timeline
        if tape is None or timeline is None or len(timeline) == 0:
            self.state = None
            self.bar.set_caption("")
            self.code.set_current_line(None)
            return
        index = min(self.player.index, len(timeline) - 1)
        state = frame_state(tape, timeline, index)
        self.state = state
        if self._looks is not None:  # None while a big graph is laid out in the background
            self.canvas.apply(self._looks.looks(state), animate=True)
        self.bar.set_caption(state.caption)
        self.code.set_current_line(self._line_in_script(state))
        self._update_inspector()
        self.frame_shown.emit(index)

    def _line_in_script(self, state: FrameState) -> int | None:
        location = state.frame.location
        if location is None:
            return None
        if self.script_path and Path(location.file).name != Path(self.script_path).name:
            return None
        return location.line

    # --- inspector ---------------------------------------------------------------------
    def _on_node_selected(self, key: str) -> None:
        self._update_inspector()

    def _update_inspector(self) -> None:
        """The selected node; with no selection, the node the current step is about."""
        if self.state is None or self.tape is None:
            self.inspector.show_content(None)
            return
        key = self.canvas.selected_key()
        following = not key
        if following:
            key = focus_node(self.state) or ""
        fold = self._spec.folding.fold(key) if self._spec is not None and key else None
        content: InspectorContent | None
        if fold is not None:
            content = fold_content(fold, self.state)
        else:
            content = inspect_node(self.tape, self.state, key) if key else None
        self.inspector.show_content(content, following=following and content is not None)
