"""`function`: TensorFlow's `tf.function` on the engine — trace once per signature, then replay.

The first call with a new input signature TRACES: the Python body runs (so Python `print` runs
only then) and every op it performs is recorded into a `Graph`. Later calls with the same
signature REPLAY the graph without running the Python body; replayed ops go through the engine,
so an enclosing GradientTape records them and gradients flow through a replayed call. Variables
the body reads are captured by reference (a replay reads their current values); `tf.print`,
GradientTapes, Variable assignments, optimizer steps and metric updates inside the body are graph
nodes that run on every call.

Semantics to know (as in TensorFlow without AutoGraph):
- Python control flow is frozen at trace time. When a Python `if`/`while`/`float()`/`.numpy()`
  reads a *tensor value* during the trace, replaying would silently reuse the traced branch, so
  visualtape instead runs that signature eagerly on every call (the result is correct, Python
  side effects such as `print` then happen on every call).
- A new signature (tensor dtype/shape, Python argument value) retraces. With
  `reduce_retracing=True` (or `experimental_relax_shapes=True`) the second shape retraces with
  the differing dims generalised and later shapes replay that graph — provided the two traces
  were identical apart from the shapes; otherwise each new shape retraces (a graph whose op
  attributes depend on the input shape cannot be replayed for another shape).
- Variables may be created only during the first trace (TensorFlow's rule).
- Calling a `function` while another is being traced inlines it into the outer trace.
- `jit_compile` is accepted and ignored.

>>> from visualtape.engine.tensor import constant
>>> @function
... def double(x):
...     return x + x
>>> float(double(constant(1.0))), float(double(constant(5.0)))
(2.0, 10.0)
>>> double.experimental_get_tracing_count()
1
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from visualtape.engine import nest, trace
from visualtape.engine.events import FunctionTraced
from visualtape.engine.function_graph import Graph, Ref, prune
from visualtape.engine.function_signature import (
    TensorSpec,
    as_argument,
    convert_argument,
    describe,
    from_specs,
    input_signature_pattern,
    matches,
    relax,
    signature_of,
)
from visualtape.engine.function_trace import SymbolicTensor, Tracer, active, plain, tracing
from visualtape.engine.location import user_location
from visualtape.engine.recording import scopes
from visualtape.engine.scope import name_scope
from visualtape.engine.tensor import Tensor, constant
from visualtape.engine.variable import Variable


@dataclass
class ConcreteFunction:
    """One traced graph and the input signature it serves (tf's ConcreteFunction)."""

    owner: Function
    pattern: tuple[Any, ...]  # the (possibly relaxed) signature this graph serves
    graph: Graph
    eager_reason: str | None  # set: the body read tensor values; calls run eagerly
    traced_concrete: list[tuple[Any, ...]] = field(default_factory=list)
    shape_independent: bool = False  # two traces agreed: safe for any matching shape

    @property
    def structured_input_signature(self) -> str:
        return self.graph.signature

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.owner(*args, **kwargs)

    def serves(self, concrete: tuple[Any, ...]) -> bool:
        if concrete in self.traced_concrete:
            return True
        return self.shape_independent and matches(self.pattern, concrete)


class Function:
    """A callable that traces `python_function` per input signature and replays the graphs."""

    def __init__(
        self,
        python_function: Callable[..., Any],
        input_signature: Any = None,
        reduce_retracing: bool = False,
        jit_compile: Any = None,
        name: str | None = None,
    ) -> None:
        self.python_function = python_function
        self.input_signature = None if input_signature is None else list(input_signature)
        self.reduce_retracing = bool(reduce_retracing)
        self.jit_compile = jit_compile
        self._name: str = str(name or getattr(python_function, "__name__", "function"))
        self._concrete: list[ConcreteFunction] = []
        self._trace_count = 0
        self._created_variables = False
        self._bound: dict[int, Function] = {}
        functools.update_wrapper(self, python_function)

    # --- descriptor: @function on a method ---------------------------------------------------
    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        bound = self._bound.get(id(instance))
        if bound is None:
            method = types.MethodType(self.python_function, instance)
            bound = Function(
                method, self.input_signature, self.reduce_retracing, self.jit_compile, self._name
            )
            self._bound[id(instance)] = bound
        return bound

    # --- public API ------------------------------------------------------------------------
    @property
    def traced_graphs(self) -> list[Graph]:
        """Every graph traced so far, in trace order (for the visualizer)."""
        return [c.graph for c in self._concrete]

    def experimental_get_tracing_count(self) -> int:
        return self._trace_count

    def get_concrete_function(self, *args: Any, **kwargs: Any) -> ConcreteFunction:
        """The graph for these arguments (TensorSpecs allowed), tracing it if needed.

        NOTE: tracing runs the Python body once, so its effects (assignments, prints) happen.
        """
        arguments = self._bind(args, kwargs)
        concrete = [a for a in arguments.values()]
        specs = [nest.flatten(a) for a in concrete]
        if any(isinstance(leaf, TensorSpec) for leaves in specs for leaf in leaves):
            arguments = {k: from_specs(v) for k, v in arguments.items()}
        names, sig = signature_of(arguments)
        found = self._lookup(sig)
        if found is None or found.eager_reason:
            self._trace(arguments, names, sig)
            found = self._lookup(sig)
        assert found is not None
        return found

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if active.get() is not None or _run_eagerly_flag[0]:
            # Inlined into an outer trace, or tf.config.run_functions_eagerly(True).
            return self.python_function(*args, **kwargs)
        arguments = self._bind(args, kwargs)
        names, sig = signature_of(arguments)
        found = self._lookup(sig)
        if found is None:
            return self._trace(arguments, names, sig)
        if found.eager_reason is not None:
            return self._run_eagerly(arguments)
        return found.graph.replay(_tensor_leaves(arguments))

    def __repr__(self) -> str:
        return f"<visualtape.function {self._name} (traced {self._trace_count}x)>"

    # --- internals --------------------------------------------------------------------------
    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        try:
            bound = inspect.signature(self.python_function).bind(*args, **kwargs)
        except (TypeError, ValueError):
            if kwargs or not args:
                raise
            return {f"arg{i}": as_argument(a) for i, a in enumerate(args)}
        bound.apply_defaults()
        arguments: dict[str, Any] = {}
        for name, value in bound.arguments.items():
            kind = inspect.signature(self.python_function).parameters[name].kind
            if kind is inspect.Parameter.VAR_POSITIONAL:
                for i, item in enumerate(value):
                    arguments[f"{name}[{i}]"] = convert_argument(item)
            elif kind is inspect.Parameter.VAR_KEYWORD:
                for key, item in value.items():
                    arguments[key] = convert_argument(item)
            else:
                arguments[name] = convert_argument(value)
        self._check_input_signature(arguments)
        return arguments

    def _check_input_signature(self, arguments: dict[str, Any]) -> None:
        if self.input_signature is None:
            return
        values = list(arguments.values())
        if len(values) < len(self.input_signature):
            raise TypeError(
                f"{self._name}: expected {len(self.input_signature)} arguments "
                f"matching input_signature, got {len(values)}"
            )
        for spec, value in zip(self.input_signature, values, strict=False):
            if isinstance(spec, TensorSpec) and not spec.is_compatible_with(value):
                got = value if isinstance(value, Tensor) else constant(value)
                raise TypeError(
                    f"{self._name}: argument of dtype {got.dtype.name} and shape "
                    f"{list(got.shape)} is not compatible with {spec!r}"
                )

    def _lookup(self, sig: tuple[Any, ...]) -> ConcreteFunction | None:
        for concrete in self._concrete:
            if concrete.serves(sig):
                return concrete
        return None

    def _pattern_for(self, sig: tuple[Any, ...]) -> tuple[ConcreteFunction | None, tuple[Any, ...]]:
        """The earlier graph this call generalises (relaxed modes) and the pattern to store."""
        if self.input_signature is not None:
            for concrete in self._concrete:
                if matches(concrete.pattern, sig):
                    return concrete, concrete.pattern
            return None, input_signature_pattern(self.input_signature, sig)
        if self.reduce_retracing:
            for concrete in reversed(self._concrete):
                relaxed = relax(concrete.pattern, sig)
                if relaxed is not None:
                    return concrete, relaxed
        return None, sig

    def _run_eagerly(self, arguments: dict[str, Any]) -> Any:
        return _invoke(self, arguments)

    def _trace(
        self, arguments: dict[str, Any], names: tuple[str, ...], sig: tuple[Any, ...]
    ) -> Any:
        previous, pattern = self._pattern_for(sig)
        base = scopes.get()
        tracer = Tracer(allow_variables=self._trace_count == 0, base_scope=base)
        with tracing(tracer), name_scope(self._name):
            placeholders = _placeholders(arguments, tracer)
            result = _invoke(self, placeholders)
        outputs = tracer.to_refs(result)
        nodes = prune(tracer.nodes, outputs)
        input_slots = tuple(tracer.tensor_slots[leaf._id] for leaf in _tensor_leaves(placeholders))
        graph = Graph(
            tuple(nodes),
            input_slots,
            outputs,
            tracer.slot_count,
            describe(names, pattern),
            tuple(tracer.created_variables),
            tracer.slot_names,
        )
        self._trace_count += 1
        self._store(previous, pattern, sig, graph, tracer.value_dependent)
        self._emit(graph, tracer.value_dependent)
        return plain(result)

    def _store(
        self,
        previous: ConcreteFunction | None,
        pattern: tuple[Any, ...],
        sig: tuple[Any, ...],
        graph: Graph,
        eager_reason: str | None,
    ) -> None:
        if previous is not None and previous.pattern == pattern:
            # A second trace for the same relaxed pattern: if both graphs agree, the graph does
            # not depend on the shapes that differ, so it may serve any of them.
            previous.traced_concrete.append(sig)
            if (
                eager_reason is None
                and previous.eager_reason is None
                and graph.fingerprint() == previous.graph.fingerprint()
            ):
                previous.shape_independent = True
            else:
                self._concrete.append(ConcreteFunction(self, sig, graph, eager_reason, [sig]))
            return
        concrete = ConcreteFunction(self, pattern, graph, eager_reason, [sig])
        if (
            previous is not None
            and eager_reason is None
            and previous.eager_reason is None
            and graph.fingerprint() == previous.graph.fingerprint()
        ):
            concrete.shape_independent = True
        self._concrete.append(concrete)

    def _emit(self, graph: Graph, eager_reason: str | None) -> None:
        if trace.sink is None:
            return
        reason = "first call" if self._trace_count == 1 else "new input signature"
        if eager_reason:
            reason += f"; runs eagerly: {eager_reason}"
        trace.emit(
            FunctionTraced(
                self._name,
                self._trace_count,
                graph.signature,
                reason,
                len(graph.nodes),
                graph.op_names(),
                user_location(),
            )
        )


def _tensor_leaves(arguments: dict[str, Any]) -> list[Tensor]:
    return [
        leaf
        for value in arguments.values()
        for leaf in nest.flatten(value)
        if isinstance(leaf, Tensor)
    ]


def _placeholders(arguments: dict[str, Any], tracer: Tracer) -> dict[str, Any]:
    """Trace inputs: each tensor leaf gets a slot (a symbolic twin sharing its id)."""

    def placeholder(leaf: Any) -> Any:
        if isinstance(leaf, Variable):
            tracer.new_slot(leaf)
            return leaf
        if isinstance(leaf, Tensor):
            symbolic = SymbolicTensor.sharing(leaf)
            tracer.new_slot(symbolic)
            return symbolic
        return leaf

    return {
        name: nest.pack_sequence_as(value, [placeholder(v) for v in nest.flatten(value)])
        if type(value) in (list, tuple, dict)
        else placeholder(value)
        for name, value in arguments.items()
    }


def _invoke(fn: Function, arguments: dict[str, Any]) -> Any:
    """Call the Python body with arguments bound by `_bind` (names back to their places)."""
    try:
        parameters = inspect.signature(fn.python_function).parameters
    except (TypeError, ValueError):
        return fn.python_function(*arguments.values())
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    used: set[str] = set()
    for name, parameter in parameters.items():
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            items = [k for k in arguments if k.startswith(f"{name}[")]
            args.extend(arguments[k] for k in items)
            used.update(items)
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = arguments[name]
            used.add(name)
        elif parameter.kind is not inspect.Parameter.VAR_KEYWORD:
            args.append(arguments[name])
            used.add(name)
    kwargs.update({k: v for k, v in arguments.items() if k not in used})
    return fn.python_function(*args, **kwargs)


_run_eagerly_flag = [False]


def run_functions_eagerly(run_eagerly: bool) -> None:
    """tf.config.run_functions_eagerly: make every `function` run its Python body each call."""
    _run_eagerly_flag[0] = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return _run_eagerly_flag[0]


def function(
    func: Callable[..., Any] | None = None,
    input_signature: Any = None,
    autograph: bool = True,
    jit_compile: Any = None,
    reduce_retracing: bool = False,
    experimental_relax_shapes: bool | None = None,
    **kwargs: Any,
) -> Any:
    """Decorator (`@function` or `@function(reduce_retracing=True)`) like `tf.function`."""
    relax_shapes = bool(reduce_retracing or experimental_relax_shapes)

    def wrap(fn: Callable[..., Any]) -> Function:
        return Function(fn, input_signature, relax_shapes, jit_compile)

    return wrap if func is None else wrap(func)


__all__ = [
    "ConcreteFunction",
    "Function",
    "Ref",
    "TensorSpec",
    "function",
    "functions_run_eagerly",
    "run_functions_eagerly",
]
