"""The graph a `function` trace produces: a list of frozen nodes over numbered value slots.

An `OpNode` is one registry op (OpDef, input references, attrs); a `CallNode` re-invokes a Python
callable that has effects or state the op registry does not model (GradientTape enter/exit and
gradient, Variable assignment, tf.print, random draws, optimizer steps, metric updates). Replaying
runs the nodes in order through the real engine (`registry.apply`), so tapes record replayed ops
and gradients flow through them; captured Variables are read when the node runs.

>>> from visualtape.engine.registry import OPS
>>> g = Graph(nodes=(OpNode(OPS["multiply"], (Ref(0), Ref(0)), {}, (), 1),), input_slots=(0,),
...           outputs=Ref(1), slot_count=2, signature="(x: float32[])")
>>> from visualtape.engine.tensor import constant
>>> float(g.replay([constant(3.0)]))
9.0
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from visualtape.engine import nest, registry, trace
from visualtape.engine.events import NamesResolved, SourceLocation
from visualtape.engine.location import replayed_location
from visualtape.engine.recording import scopes
from visualtape.engine.registry import OpDef
from visualtape.engine.tensor import Tensor
from visualtape.engine.variable import Variable


@dataclass(frozen=True)
class Ref:
    """A reference to the value in slot `slot` of a graph's environment."""

    slot: int


@dataclass(frozen=True, eq=False)
class OpNode:
    """`slots[output] = apply(op, inputs)`; inputs are Refs, captured Variables or constants."""

    op: OpDef
    inputs: tuple[Any, ...]
    attrs: dict[str, Any]
    scope: tuple[str, ...]
    output: int
    location: SourceLocation | None = None  # the body line it was traced at (for the events)

    @property
    def label(self) -> str:
        return self.op.name

    def run(self, env: list[Any]) -> None:
        inputs = tuple(resolve(i, env) for i in self.inputs)
        env[self.output] = registry.apply(self.op, inputs, self.attrs)

    def refs(self) -> list[int]:
        return [i.slot for i in self.inputs if isinstance(i, Ref)]

    def produced(self) -> list[int]:
        return [self.output]


@dataclass(frozen=True, eq=False)
class CallNode:
    """`fn(*args, **kwargs)` with Refs resolved; result leaves go to `outputs` (None: unused)."""

    label: str
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    scope: tuple[str, ...]
    outputs: tuple[int | None, ...]
    effect: bool  # False: pure, may be pruned when nothing reads its outputs
    location: SourceLocation | None = None  # the body line it was traced at (for the events)

    def run(self, env: list[Any]) -> None:
        result = self.fn(*resolve(self.args, env), **resolve(self.kwargs, env))
        for slot, leaf in zip(self.outputs, nest.flatten(result), strict=False):
            if slot is not None:
                env[slot] = leaf

    def refs(self) -> list[int]:
        return [
            leaf.slot for leaf in nest.flatten((self.args, self.kwargs)) if isinstance(leaf, Ref)
        ]

    def produced(self) -> list[int]:
        return [s for s in self.outputs if s is not None]


Node = OpNode | CallNode


def resolve(value: Any, env: list[Any]) -> Any:
    """Replace every Ref in a (list/tuple/dict) structure by its slot's current value."""
    if isinstance(value, Ref):
        return env[value.slot]
    if type(value) in (list, tuple):
        return type(value)(resolve(v, env) for v in value)
    if type(value) is dict:
        return {k: resolve(v, env) for k, v in value.items()}
    return value


@dataclass(frozen=True, eq=False)
class Graph:
    """A traced function body: nodes in execution order, input slots and the output structure."""

    nodes: tuple[Node, ...]
    input_slots: tuple[int, ...]
    outputs: Any  # the Python return structure with Refs where traced values go
    slot_count: int
    signature: str
    captures: tuple[Variable, ...] = field(default=())
    # Python names the traced body gave its tensors (slot -> name, e.g. "loss"): a replay
    # runs no Python body, so it announces them for the values it makes (see `replay`).
    slot_names: Mapping[int, str] = field(default_factory=dict)

    def op_names(self) -> tuple[str, ...]:
        return tuple(node.label for node in self.nodes)

    def replay(self, inputs: list[Any]) -> Any:
        """Run the nodes on new inputs (same signature) without the Python body."""
        env: list[Any] = [None] * self.slot_count
        for slot, value in zip(self.input_slots, inputs, strict=True):
            env[slot] = value
        base = scopes.get()
        # With a sink attached, announce the body's names and lines (None: nobody listens).
        named = dict(self.slot_names) if trace.sink is not None else None
        for node in self.nodes:
            if named and isinstance(node, CallNode):  # e.g. before tape.gradient(loss, ...)
                _announce_names(named, env)
            token = scopes.set(base + node.scope)
            where = replayed_location.set(node.location) if named is not None else None
            try:
                node.run(env)
            finally:
                scopes.reset(token)
                if where is not None:
                    replayed_location.reset(where)
        return resolve(self.outputs, env)

    def fingerprint(self) -> tuple[Any, ...]:
        """What must agree between two traces for the graph not to depend on input shapes."""
        return tuple(_node_fingerprint(node) for node in self.nodes)


def _announce_names(named: dict[int, str], env: list[Any]) -> None:
    """Emit the traced names of the slots computed so far (each once per replay)."""
    ready = {slot: name for slot, name in named.items() if isinstance(env[slot], Tensor)}
    if ready:
        trace.emit(NamesResolved({str(env[slot]._id): name for slot, name in ready.items()}))
        for slot in ready:
            del named[slot]


def prune(nodes: list[Node], outputs: Any) -> list[Node]:
    """Drop pure nodes whose results nothing (outputs, effects, later nodes) reads."""
    needed = {leaf.slot for leaf in nest.flatten(outputs) if isinstance(leaf, Ref)}
    kept: list[Node] = []
    for node in reversed(nodes):
        effect = isinstance(node, CallNode) and node.effect
        if effect or any(s in needed for s in node.produced()):
            kept.append(node)
            needed.update(node.refs())
    kept.reverse()
    return kept


def _leaf_fingerprint(value: Any) -> Any:
    if isinstance(value, Ref):
        return ("ref", value.slot)
    if isinstance(value, Variable):
        return ("var", id(value))
    if isinstance(value, Tensor | np.ndarray):
        array = np.ascontiguousarray(
            np.asarray(value._value if isinstance(value, Tensor) else value)
        )
        digest = hashlib.sha1(array.tobytes()).hexdigest()
        return ("const", array.dtype.name, array.shape, digest)
    if value is None or isinstance(value, bool | int | float | str | np.generic):
        return ("py", repr(value))
    if isinstance(value, slice):
        return ("slice", value.start, value.stop, value.step)
    if isinstance(value, tuple | list):
        return tuple(_leaf_fingerprint(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _leaf_fingerprint(v)) for k, v in sorted(value.items(), key=repr))
    return ("obj", id(value))


def _node_fingerprint(node: Node) -> Any:
    if isinstance(node, OpNode):
        return (
            "op",
            node.op.name,
            node.output,
            _leaf_fingerprint(node.inputs),
            _leaf_fingerprint(node.attrs),
            node.scope,
        )
    return (
        "call",
        node.label,
        id(node.fn),
        node.outputs,
        _leaf_fingerprint(node.args),
        _leaf_fingerprint(node.kwargs),
        node.scope,
    )
