"""From the session (pure data) to what the canvas draws: `SceneSpec` once per tape and
`FrameLooks` per frame. No Qt here, so the mapping is testable on its own.

>>> from visualtape.session.tapes import TapeModel
>>> build_scene_spec(TapeModel(id=3, persistent=False, watch_accessed_variables=True)).nodes
()
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from visualtape.session.frame_state import FrameState
from visualtape.session.tapes import TapeModel, Value
from visualtape.session.timeline import CallTrack
from visualtape.ui.formatting import format_value
from visualtape.ui.scene_spec import (
    LAYER_GAP,
    OP_RADIUS,
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
    kind = str(data.get("tensor_kind") or "intermediate")
    if kind == "constant" and data.get("watched"):
        return "watched"
    if kind == "intermediate" and data.get("band") == "gradient":
        return "gradient"
    return kind if kind in ("variable", "constant", "intermediate", "gradient") else "intermediate"


def build_scene_spec(tape: TapeModel) -> SceneSpec:
    """Items and positions of one tape (positions from `tape.layout()`, scaled to pixels)."""
    graph = tape.graph()
    layout = tape.layout()
    layer_x = _layer_offsets(graph, layout.layers)
    nodes = []
    for key, data in graph.nodes(data=True):
        _, y = layout.positions.get(key, (0.0, 0.0))
        x = layer_x.get(layout.layers.get(key, 0), 0.0)
        is_op = data.get("kind") == "op"
        nodes.append(
            NodeSpec(
                key=key,
                is_op=is_op,
                label=str(data.get("op") if is_op else data.get("label")),
                kind=display_kind(data),
                x=x,
                y=y * ROW_HEIGHT,
                nested=data.get("band") == "gradient",
                scope=data.get("scope") if is_op else None,
            )
        )
    edges = tuple(EdgeSpec(source, target) for source, target in graph.edges)
    return SceneSpec(tape_id=tape.id, nodes=tuple(nodes), edges=edges)


def _layer_offsets(graph: nx.DiGraph, layers: Mapping[str, int]) -> dict[int, float]:
    """x of each layer's centre: tensor layers are as wide as a tensor box, op layers narrower."""
    widths: dict[int, float] = {}
    for node, layer in layers.items():
        wide = graph.nodes[node].get("kind") != "op" if node in graph else False
        width = TENSOR_WIDTH if wide else 2 * OP_RADIUS + 30
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

    def __init__(self, tape: TapeModel) -> None:
        self._graph = tape.graph()
        self._values: dict[str, str] = {}
        self._ops = {n for n, kind in self._graph.nodes(data="kind") if kind == "op"}
        self._tensors = [n for n in self._graph if n not in self._ops]
        self._idle = {done: NodeLook(recorded=done) for done in (False, True)}
        self._idle_tensors: dict[tuple[str, bool], NodeLook] = {}

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
        edges = {edge: EdgeLook(active=True, call_index=colour) for edge in state.active_edges}
        return FrameLooks(nodes=nodes, edges=edges)

    def _idle_tensor(self, node: str, shown: bool) -> NodeLook:
        key = (node, shown)
        look = self._idle_tensors.get(key)
        if look is None:
            text = self.value_text(node) if shown else "…"
            look = self._idle_tensors[key] = NodeLook(recorded=shown, value_text=text)
        return look

    def _grad_lines(self, state: FrameState, active: set[str]) -> dict[str, tuple[GradLine, ...]]:
        """Gradient chips: finished earlier calls first, then the current call (or '∂ ?')."""
        lines: dict[str, list[GradLine]] = {}
        tracks = state.timeline.calls
        for call_id, final in state.earlier_gradients.items():
            track = tracks[call_id]
            head = f"∂{target_label(self._graph, track)}: "
            for node, value in final.items():
                lines.setdefault(node, []).append(
                    GradLine(call_colour_index(track), head + format_value(value))
                )
        for node, found in lines.items():
            if len(found) > EARLIER_SHOWN + 1:
                hidden = len(found) - EARLIER_SHOWN
                note = GradLine(0, f"+{hidden} earlier", muted=True)
                lines[node] = [note, *found[-EARLIER_SHOWN:]]
        if state.call is not None:
            self._current_call_lines(state, state.call, active, lines)
        return {node: tuple(found) for node, found in lines.items()}

    def _current_call_lines(
        self,
        state: FrameState,
        track: CallTrack,
        active: set[str],
        lines: dict[str, list[GradLine]],
    ) -> None:
        index = call_colour_index(track)
        head = f"∂{target_label(self._graph, track)}: "
        for node in track.history:
            value = state.gradient(node)
            if value is None:
                lines.setdefault(node, []).append(GradLine(index, PENDING, pending=True))
                continue
            parts = state.contributions_of(node)
            text = head + fan_in_text([v for _, v in parts], value)
            changed = node in active and state.kind in ("seed", "backward")
            lines.setdefault(node, []).append(GradLine(index, text, active=changed))
        for node, (result, reason) in state.results.items():
            if result is None:
                why = reason.replace("_", " ") or "no gradient"
                lines.setdefault(node, []).append(GradLine(index, f"{head}None ({why})", True))


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
