"""The timeline of one tape: a frame per forward record, then per gradient call a seed frame, a
frame per backward step and a result frame, in the order they happened.

The timeline also precomputes what `visualtape.session.frame_state` needs to answer "what does
the picture look like at frame i" cheaply: when each value appears, when each op is done, and per
gradient call the history of every node's running gradient (frame, total, contribution).

Captions and segment labels are made in the UI language (`visualtape.i18n`) when asked for,
so a language change shows from the next frame displayed.

The frames, segments and call tracks themselves are in `visualtape.session.frames`.

>>> from visualtape.session.tapes import TapeModel
>>> len(build_timeline(TapeModel(id=1, persistent=False, watch_accessed_variables=True)))
0
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING, Any

from visualtape.engine.events import BackwardStep, OpRecorded
from visualtape.i18n import tr
from visualtape.session.chainrule import Labels, explain_step, forward_caption
from visualtape.session.frames import (
    CallTrack,
    Contribution,
    Frame,
    NodeHistory,
    Segment,
    Timeline,
)
from visualtape.session.graph import op_node, tensor_node
from visualtape.session.notation import Value, format_value, grouped, row_element

if TYPE_CHECKING:
    from visualtape.session.tapes import GradientCall, NameTable, TapeModel


def call_label(call: GradientCall, names: Labels) -> str:
    """`gradient(z, x) #1`, `jacobian(y, [w, b]) #2`."""
    if call.label:
        return call.label

    def group(ids: tuple[int, ...]) -> str:
        labels = [names.label(i) for i in ids]
        if len(labels) == 1:
            return labels[0]
        if len(labels) > 4:
            labels = [*labels[:3], f"…+{len(labels) - 3}"]
        return "[" + ", ".join(labels) + "]"

    if not call.target_ids and call.error is not None:  # (failed before naming its tensors)
        return tr("{kind}(failed) #{number}", kind=call.kind, number=call.number)
    return f"{call.kind}({group(call.target_ids)}, {group(call.source_ids)}) #{call.number}"


class GraphLabels:
    """Names for captions: the session's Python names, else the graph's derived label.

    Unnamed intermediates then read `w × x_data` or `sub` in captions, as on the canvas,
    instead of `t5713`.
    """

    def __init__(self, names: NameTable, graph: Any) -> None:
        self._names = names
        self._graph = graph

    def get(self, tensor_id: int) -> str | None:
        return self._names.get(tensor_id)

    def label(self, tensor_id: int) -> str:
        node = self._graph.nodes.get(tensor_node(tensor_id))
        if node is not None and node.get("label"):
            return str(node["label"])
        return self._names.label(tensor_id)


class _Builder:
    """Accumulates frames, segments and gradient histories for one tape."""

    def __init__(self, tape: TapeModel) -> None:
        self.tape_id = tape.id
        self.names = GraphLabels(tape.names, tape.graph())
        self.records = {r.record_id: r for r in tape.records}
        self.frames: list[Frame] = []
        self.segments: list[Segment] = []
        self.value_frame: dict[str, int] = {}
        self.op_order: list[str] = []
        self.op_frames: list[int] = []
        self.calls: dict[int, CallTrack] = {}
        self.tensors: set[str] = set()
        self._segment_key: tuple[str, int | None] | None = None
        self._segment_start = 0
        self._segment_label = ""

    # --- segments ----------------------------------------------------------------------------

    def _open_segment(self, key: tuple[str, int | None], label: str = "") -> None:
        if key != self._segment_key:
            self._close_segment()
            self._segment_key, self._segment_label = key, label
            self._segment_start = len(self.frames)

    def _close_segment(self) -> None:
        key = self._segment_key
        if key is None or len(self.frames) == self._segment_start:
            return
        kind, call_id = key
        start, stop = self._segment_start, len(self.frames)
        if kind == "forward":  # an inner call id lives on the frames too (`inner_call_id`)
            self.segments.append(Segment(kind, start, stop, None, inner_call_id=call_id))
        else:
            self.segments.append(Segment(kind, start, stop, call_id, self._segment_label))

    # --- forward -----------------------------------------------------------------------------

    def forward(self, record: OpRecorded) -> None:
        inner = record.gradient_call_id
        self._open_segment(("forward", inner))
        node = op_node(record.record_id)
        ins = tuple(dict.fromkeys(tensor_node(t.id) for t in record.inputs))
        out = tensor_node(record.output.id)
        index = len(self.frames)
        self.tensors.update(ins)
        self.tensors.add(out)
        self.value_frame.setdefault(out, index)
        self.op_order.append(node)
        self.op_frames.append(index)
        caption = partial(_forward_text, record, self.names)
        self.frames.append(
            Frame(
                index=index,
                kind="forward",
                record_id=record.record_id,
                call_id=None,
                active_nodes=(node, *ins, out),
                active_edges=(*((i, node) for i in ins), (node, out)),
                location=record.location,
                explanation=caption,
                inner_call_id=inner,
            )
        )

    # --- gradient calls ------------------------------------------------------------------------

    def gradient(self, call: GradientCall) -> None:
        label = call_label(call, self.names)
        self._open_segment(("gradient", call.id), label)
        start = len(self.frames)
        history: dict[str, NodeHistory] = {}
        targets = tuple(tensor_node(i) for i in call.target_ids)
        sources = tuple(tensor_node(i) for i in call.source_ids)
        self.tensors.update(targets)
        self.tensors.update(sources)
        target_label = "+".join(self.names.label(i) for i in call.target_ids) or "?"
        # a jacobian row differentiates one element of the target: `∂y[1]/∂x`
        element = row_element(call.kind, call.row)
        if element:
            target_label = grouped(target_label) + element
        if call.targets:
            self._seed(call, targets, history, target_label)
        fanned = _fanned_in(call)
        for step in call.steps:
            self._step(call, step, target_label, history, fanned)
        results: dict[str, tuple[Value | None, str]] = {}
        result_frame = self._result(call, sources, target_label, results) if call.finished else None
        self.calls[call.id] = CallTrack(
            call_id=call.id,
            number=call.number,
            label=label,
            start=start,
            stop=len(self.frames),
            target_nodes=targets,
            source_nodes=sources,
            history=history,
            final={node: h.totals[-1] for node, h in history.items()},
            results=results,
            result_frame=result_frame,
            element=element,
        )

    def _seed(
        self, call: GradientCall, targets: tuple[str, ...], history: dict, target_label: str
    ) -> None:
        index = len(self.frames)
        parts = []
        for node, target, seed in zip(targets, call.targets, call.seeds, strict=False):
            _push(history, node, index, (None, seed))
            label = grouped(self.names.label(target.id))
            # (a jacobian row's seed is ∂y[i]/∂y: one-hot)
            top = grouped(target_label) if len(targets) == 1 else label
            parts.append(f"∂{top}/∂{label}")
        self.frames.append(
            Frame(
                index=index,
                kind="seed",
                record_id=None,
                call_id=call.id,
                active_nodes=tuple(dict.fromkeys(targets)),
                active_edges=(),
                location=call.location,
                explanation=partial(_seed_text, tuple(parts), call.seeds),
            )
        )

    def _step(
        self,
        call: GradientCall,
        step: BackwardStep,
        target: str,
        history: dict,
        fanned: frozenset[int],
    ) -> None:
        index = len(self.frames)
        node = op_node(step.record_id)
        out = tensor_node(step.output_id)
        ins = tuple(tensor_node(i) for i in step.input_ids)
        for position, in_node in enumerate(ins):
            contribution = step.input_grads[position]
            if contribution is not None:
                total = step.accumulated[position]
                _push(history, in_node, index, (node, contribution), total)
        chain = partial(explain_step, call.id, step, self.records.get(step.record_id), target,
                        self.names, fanned)  # fmt: skip
        # inputs that get a gradient at this step (an untracked one is not lit up)
        fed = [n for n, grad in zip(ins, step.input_grads, strict=True) if grad is not None]
        unique_ins = tuple(dict.fromkeys(fed or ins))
        self.frames.append(
            Frame(
                index=index,
                kind="backward",
                record_id=step.record_id,
                call_id=call.id,
                active_nodes=(node, out, *unique_ins),
                active_edges=((node, out), *((i, node) for i in unique_ins)),
                location=call.location,
                explanation=chain,
            )
        )

    def _result(
        self, call: GradientCall, sources: tuple[str, ...], target: str, results: dict
    ) -> int:
        index = len(self.frames)
        error = call.error
        if error is not None:
            caption = partial(_failed_text, call.kind, error.error_type, error.message)
        else:
            parts = []
            for i, node in enumerate(sources):
                value = call.results[i] if i < len(call.results) else None
                reason = call.reasons[i] if i < len(call.reasons) else ""
                results[node] = (value, reason)
                source = grouped(self.names.label(call.source_ids[i]))
                parts.append((f"∂{grouped(target)}/∂{source}", value, reason))
            caption = partial(_result_text, tuple(parts))
        self.frames.append(
            Frame(
                index=index,
                kind="result",
                record_id=None,
                call_id=call.id,
                active_nodes=tuple(dict.fromkeys(sources)),
                active_edges=(),
                location=call.location,
                explanation=caption,
            )
        )
        return index

    def finish(self, tensor_nodes: set[str]) -> Timeline:
        self._close_segment()
        reveal = tuple(sorted(self.value_frame, key=self.value_frame.__getitem__))
        return Timeline(
            tape_id=self.tape_id,
            frames=tuple(self.frames),
            segments=tuple(self.segments),
            tensor_nodes=frozenset(tensor_nodes | self.tensors),
            value_frame=self.value_frame,
            reveal_order=reveal,
            op_frame=dict(zip(self.op_order, self.op_frames, strict=True)),
            op_order=tuple(self.op_order),
            op_frames=tuple(self.op_frames),
            calls=self.calls,
        )


def _seed_text(parts: tuple[str, ...], seeds: tuple[Value, ...]) -> str:
    """`seed: ∂z/∂z = 1.0` (several targets: `seed: ∂a/∂a, ∂b/∂b = 1.0, 1.0`)."""
    values = ", ".join(format_value(s) for s in seeds)
    return tr("seed: {parts} = {seeds}", parts=", ".join(parts), seeds=values)


def _result_text(parts: tuple[tuple[str, Value | None, str], ...]) -> str:
    """`result: ∂z/∂x = 108.0; ∂z/∂c = None (not watched)` from (∂z/∂x, value, reason)."""
    texts = []
    for head, value, reason in parts:
        text = format_value(value)
        if value is None and reason:
            text += f" ({tr(reason.replace('_', ' '))})"
        texts.append(f"{head} = {text}")
    return tr("result: {parts}", parts="; ".join(texts))


def _failed_text(kind: str, error_type: str, message: str) -> str:
    return tr(
        "{kind} failed: {error_type}: {message}", kind=kind, error_type=error_type, message=message
    )


def _forward_text(record: OpRecorded, names: Labels) -> str:
    inputs = [names.label(t.id) for t in record.inputs]
    return forward_caption(names.label(record.output.id), record.op, inputs, record.output.value)


def _push(
    history: dict[str, NodeHistory],
    node: str,
    index: int,
    contribution: Contribution,
    total: Value | None = None,
) -> None:
    """Add one contribution to `node` at frame `index`; `total` defaults to the running sum."""
    entry = history.get(node)
    if entry is None:
        entry = history[node] = NodeHistory()
    if total is None:
        total = contribution[1]
        if entry.totals:
            total = entry.totals[-1] + total  # type: ignore[operator]
    if entry.frames and entry.frames[-1] == index:  # e.g. y = x * x: two contributions at once
        entry.totals[-1] = total
        entry.contributions[-1] = (*entry.contributions[-1], contribution)
        return
    entry.frames.append(index)
    entry.totals.append(total)
    entry.contributions.append((contribution,))


def build_timeline(tape: TapeModel) -> Timeline:
    """The frames of `tape` in the order things happened (records interleaved with calls)."""
    builder = _Builder(tape)
    records = tape.records
    done = 0
    for call in tape.gradient_calls:
        if call.generation != tape.resets or call.detail_dropped:
            continue
        while done < min(call.records_before, len(records)):
            builder.forward(records[done])
            done += 1
        builder.gradient(call)
    for record in records[done:]:
        builder.forward(record)
    return builder.finish({tensor_node(i) for i in tape.watched})


def _fanned_in(call: GradientCall) -> frozenset[int]:
    """Tensors that get more than one contribution in `call` (their gradients are sums)."""
    counts = Counter(
        tensor_id
        for step in call.steps
        for tensor_id, grad in zip(step.input_ids, step.input_grads, strict=True)
        if grad is not None
    )
    return frozenset(tensor_id for tensor_id, count in counts.items() if count > 1)
