"""From the session (pure data) to what the canvas draws: `SceneSpec` once per tape and
`FrameLooks` per frame. No Qt here, so the mapping is testable on its own.

>>> from visualtape.session.tapes import TapeModel
>>> build_scene_spec(TapeModel(id=3, persistent=False, watch_accessed_variables=True)).nodes
()
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from visualtape.session.folding import FOLD_THRESHOLD, Folding, find_folds, fold_graph
from visualtape.session.frame_state import FrameState
from visualtape.session.layout import compute_layout
from visualtape.session.tapes import TapeModel, Value
from visualtape.session.timeline import CallTrack
from visualtape.ui.formatting import format_value
from visualtape.ui.scene_spec import (
    FOLD_WIDTH,
    LAYER_GAP,
    OP_LAYER_WIDTH,
    ROW_HEIGHT,
    TENSOR_WIDTH,
    EdgeLook,
    EdgeSpec,
    FrameLooks,
    GradLine,
    NodeLook,
    NodeSpec,
    SceneSpec,
)

PENDING = "∂ ?"
FAN_IN_CHARS = 22  # longer fan-in sums are shortened on the canvas
EARLIER_SHOWN = 1  # finished calls shown per node besides the current one (the rest summarised)


def display_kind(data: Mapping[str, object]) -> str:
    """Node style: variable / constant / watched / intermediate / gradient (nested-tape ops)."""
    if data.get("kind") == "op":
        return "gradient" if data.get("band") == "gradient" else "op"
    if data.get("kind") == "fold":
        return "fold"
    kind = str(data.get("tensor_kind") or "intermediate")
    if kind == "constant" and data.get("watched"):
        return "watched"
    if kind == "intermediate" and data.get("band") == "gradient":
        return "gradient"
    return kind if kind in ("variable", "constant", "intermediate", "gradient") else "intermediate"


def build_scene_spec(
    tape: TapeModel,
    expanded: frozenset[str] = frozenset(),
    threshold: int | None = FOLD_THRESHOLD,
) -> SceneSpec:
    """Items and positions of one tape, scaled to pixels. Tapes bigger than `threshold` nodes
    are folded (scopes, repeated loop bodies) except the folds in `expanded`; None never folds.
    May run in a worker thread (it only reads the tape's cached graph)."""
    graph = tape.graph()
    if threshold is None:
        shown, folding = graph, Folding()
    else:
        shown, folding = fold_graph(graph, expanded, threshold)
    layout = tape.layout() if shown is graph else compute_layout(shown)
    layer_x = _layer_offsets(shown, layout.layers)
    reopen = _expanded_owner(graph, expanded) if expanded and threshold is not None else {}
    nodes = []
    for key, data in shown.nodes(data=True):
        _, y = layout.positions.get(key, (0.0, 0.0))
        is_op = data.get("kind") == "op"
        nodes.append(
            NodeSpec(
                key=key,
                is_op=is_op,
                label=str(data.get("op") if is_op else data.get("label")),
                kind=display_kind(data),
                x=layer_x.get(layout.layers.get(key, 0), 0.0),
                y=y * ROW_HEIGHT,
                nested=data.get("band") == "gradient",
                scope=data.get("scope") if is_op else None,
                fold_ops=int(data.get("ops", 0)),
                fold_key=reopen.get(key),
            )
        )
    edges = tuple(EdgeSpec(source, target) for source, target in shown.edges)
    return SceneSpec(tape_id=tape.id, nodes=tuple(nodes), edges=edges, folding=folding)


def _expanded_owner(graph: nx.DiGraph, expanded: frozenset[str]) -> dict[str, str]:
    """Node -> the expanded fold it belongs to (double-clicking it folds the box again)."""
    return {
        node: fold.key for fold in find_folds(graph) if fold.key in expanded for node in fold.hidden
    }


def _layer_offsets(graph: nx.DiGraph, layers: Mapping[str, int]) -> dict[int, float]:
    """x of each layer's centre: tensor layers are as wide as a tensor box, op layers narrower."""
    widths: dict[int, float] = {}
    for node, layer in layers.items():
        kind = graph.nodes[node].get("kind") if node in graph else "op"
        width = {"op": OP_LAYER_WIDTH, "fold": FOLD_WIDTH}.get(str(kind), TENSOR_WIDTH)
        widths[layer] = max(widths.get(layer, 0.0), width)
    offsets, x = {}, 0.0
    for layer in sorted(widths):
        offsets[layer] = x + widths[layer] / 2
        x += widths[layer] + LAYER_GAP
    return offsets


def call_colour_index(track: CallTrack) -> int:
    """Colour slot of a gradient call: its position on its tape (0-based)."""
    return max(0, track.number - 1)


def target_label(graph: nx.DiGraph, track: CallTrack) -> str:
    """'z' for gradient(z, x); 'y1+y2' for several targets."""
    labels = [str(graph.nodes[n].get("label", n)) for n in track.target_nodes if n in graph]
    return "+".join(labels) or "?"


class LookBuilder:
    """Per-tape cache of value texts; `looks(state)` maps one FrameState to canvas looks."""

    def __init__(self, tape: TapeModel, folding: Folding | None = None) -> None:
        self._graph = tape.graph()
        self._folding = folding or Folding()
        owner = self._folding.owner
        self._values: dict[str, str] = {}
        self._ops = {
            n for n, kind in self._graph.nodes(data="kind") if kind == "op" and n not in owner
        }
        self._tensors = [n for n in self._graph if n not in self._ops and n not in owner]
        self._idle = {done: NodeLook(recorded=done) for done in (False, True)}
        self._idle_tensors: dict[tuple[str, bool], NodeLook] = {}
        self._idle_folds: dict[tuple[str, bool], NodeLook] = {}
        # chip caches (see _grad_lines): finished calls -> chips; (call, node, arrival, active)
        self._earlier_cache: dict[tuple[int, ...], dict[str, tuple[GradLine, ...]]] = {}
        self._call_lines: dict[tuple[int, str, int, bool], GradLine] = {}

    def value_text(self, node: str) -> str:
        text = self._values.get(node)
        if text is None:
            text = format_value(self._graph.nodes[node].get("value"))
            self._values[node] = text
        return text

    def looks(self, state: FrameState) -> FrameLooks:
        """Every node's and edge's look at this frame.

        Looks without gradients or highlight are shared instances, so the canvas can skip
        unchanged nodes by identity (this keeps a step on a 10,000-node tape cheap).
        """
        active = set(state.active_nodes)
        colour = call_colour_index(state.call) if state.call is not None else None
        grads = self._grad_lines(state, active)
        hidden = state.hidden_values
        done = state.done_ops
        nodes: dict[str, NodeLook] = {}
        idle_op = self._idle
        for node in self._ops:
            if node in active:
                nodes[node] = NodeLook(recorded=node in done, active=True, active_call=colour)
            else:
                nodes[node] = idle_op[node in done]
        for node in self._tensors:
            shown = node not in hidden
            lines = grads.get(node, ())
            if node in active or lines:
                nodes[node] = NodeLook(
                    recorded=shown,
                    active=node in active,
                    value_text=self.value_text(node) if shown else "…",
                    grads=lines,
                    active_call=colour,
                )
            else:
                nodes[node] = self._idle_tensor(node, shown)
        if self._folding.folds:
            return self._folded_looks(state, nodes, colour)
        edges = {edge: EdgeLook(active=True, call_index=colour) for edge in state.active_edges}
        return FrameLooks(nodes=nodes, edges=edges, active=state.active_nodes)

    def _folded_looks(
        self, state: FrameState, nodes: dict[str, NodeLook], colour: int | None
    ) -> FrameLooks:
        """Folds light up while any of their ops is active, naming the current op."""
        display = self._folding.display
        active_ops = [n for n in state.active_nodes if n in self._graph and display(n) != n]
        for fold in self._folding.folds:
            current = [n for n in active_ops if display(n) == fold.key]
            recorded = state.is_done(fold.ops[0])
            if current:
                op = next((n for n in current if n.startswith("op")), current[0])
                text = f"▶ {self._graph.nodes[op].get('op', op)}"
                nodes[fold.key] = NodeLook(recorded, True, text, active_call=colour)
            else:
                nodes[fold.key] = self._idle_fold(fold.key, recorded, len(fold.ops))
        edges: dict[tuple[str, str], EdgeLook] = {}
        for source, target in state.active_edges:
            edge = (display(source), display(target))
            if edge[0] != edge[1]:
                edges[edge] = EdgeLook(active=True, call_index=colour)
        active = tuple(dict.fromkeys(display(n) for n in state.active_nodes))
        return FrameLooks(nodes=nodes, edges=edges, active=active)

    def _idle_fold(self, key: str, recorded: bool, ops: int) -> NodeLook:
        look = self._idle_folds.get((key, recorded))
        if look is None:
            look = NodeLook(recorded=recorded, value_text=f"{ops} ops folded")
            self._idle_folds[(key, recorded)] = look
        return look

    def _idle_tensor(self, node: str, shown: bool) -> NodeLook:
        key = (node, shown)
        look = self._idle_tensors.get(key)
        if look is None:
            text = self.value_text(node) if shown else "…"
            look = self._idle_tensors[key] = NodeLook(recorded=shown, value_text=text)
        return look

    def _grad_lines(self, state: FrameState, active: set[str]) -> dict[str, tuple[GradLine, ...]]:
        """Gradient chips: finished earlier calls first, then the current call (or '∂ ?').

        Lines are cached (earlier calls per set of finished calls, the current call's per
        arrival), so a step formats only what changed and the canvas can compare chips by
        identity: stepping through a 2,000-node backward pass stays cheap.
        """
        lines = dict(self._earlier_lines(state))
        if state.call is not None:
            self._current_call_lines(state, state.call, active, lines)
        return lines

    def _earlier_lines(self, state: FrameState) -> Mapping[str, tuple[GradLine, ...]]:
        calls = tuple(state.earlier_gradients)
        cached = self._earlier_cache.get(calls)
        if cached is not None:
            return cached
        found: dict[str, list[GradLine]] = {}
        tracks = state.timeline.calls
        for call_id, final in state.earlier_gradients.items():
            track = tracks[call_id]
            head = f"∂{target_label(self._graph, track)}: "
            for node, value in final.items():
                found.setdefault(node, []).append(
                    GradLine(call_colour_index(track), head + format_value(value))
                )
        for node, chips in found.items():
            if len(chips) > EARLIER_SHOWN + 1:
                hidden = len(chips) - EARLIER_SHOWN
                note = GradLine(0, f"+{hidden} earlier", muted=True)
                found[node] = [note, *chips[-EARLIER_SHOWN:]]
        result = {node: tuple(chips) for node, chips in found.items()}
        self._earlier_cache[calls] = result
        return result

    def _current_call_lines(
        self,
        state: FrameState,
        track: CallTrack,
        active: set[str],
        lines: dict[str, tuple[GradLine, ...]],
    ) -> None:
        index = call_colour_index(track)
        head = f"∂{target_label(self._graph, track)}: "
        pending = GradLine(index, PENDING, pending=True)
        arriving = state.kind in ("seed", "backward")
        cache = self._call_lines
        for node in track.history:
            k = state.history_index(node)
            if k is None:
                line = pending
            else:
                key = (track.call_id, node, k, arriving and node in active)
                line = cache.get(key)  # type: ignore[assignment]
                if line is None:
                    parts = state.contributions_of(node)
                    text = head + fan_in_text([v for _, v in parts], state.gradient(node))
                    line = cache[key] = GradLine(index, text, active=key[3])
            lines[node] = lines.get(node, ()) + (line,)
        for node, (result, reason) in state.results.items():
            if result is None:
                why = reason.replace("_", " ") or "no gradient"
                lines[node] = lines.get(node, ()) + (GradLine(index, f"{head}None ({why})", True),)


def fan_in_text(parts: list[Value], total: Value) -> str:
    """'54.0 + 54.0 = 108.0' when several contributions were summed, else just the total.

    >>> import numpy as np
    >>> fan_in_text([np.array(54.0), np.array(54.0)], np.array(108.0))
    '54.0 + 54.0 = 108.0'
    """
    if len(parts) <= 1:
        return format_value(total)
    if len(parts) > 3:
        shown = [format_value(p) for p in parts[:2]] + [f"… ({len(parts)} terms)"]
    else:
        shown = [format_value(p) for p in parts]
    text = " + ".join(shown) + " = " + format_value(total)
    if len(text) > FAN_IN_CHARS:  # arrays: keep the total readable, the inspector has the terms
        text = f"Σ{len(parts)} terms = {format_value(total)}"
    return text
