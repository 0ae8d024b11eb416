"""Tracing a Python function into a `Graph`: what runs while `function` traces, and how.

While a `Tracer` is active every registry op (`registry.apply`) is also appended to its graph,
and the few engine calls with effects the op registry does not model (GradientTape methods,
Variable assignment) become `CallNode`s, as does any function decorated with `traced_call`
(tf.print, random draws, optimizer steps, metric updates). Values are tracked by tensor id.

Op outputs seen during a trace are `SymbolicTensor`s: reading their *value* from Python
(`bool`, `float`, `int`, `.numpy()`, `np.asarray`) marks the trace as value-dependent, and the
function then runs eagerly for that signature instead of replaying a frozen branch.

NOTE: the engine has no tracing hook yet, so `hooks_installed` swaps `apply` in the modules that
imported it and wraps the GradientTape and Variable methods for the duration of a trace only.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from visualtape.engine import nest, registry, trace
from visualtape.engine.events import SourceLocation
from visualtape.engine.function_graph import CallNode, OpNode, Ref
from visualtape.engine.location import user_location
from visualtape.engine.recording import scopes
from visualtape.engine.tape import GradientTape
from visualtape.engine.tensor import Tensor
from visualtape.engine.variable import Variable

F = TypeVar("F", bound=Callable[..., Any])
_PRIMITIVES = (bool, int, float, str, bytes, type(None))

active: ContextVar[Tracer | None] = ContextVar("visualtape_tracer", default=None)


class SymbolicTensor(Tensor):
    """A traced value: reading it from Python makes the trace value-dependent."""

    __slots__ = ()

    @classmethod
    def sharing(cls, tensor: Tensor) -> SymbolicTensor:
        """The same value and id (tapes and gradients key on ids), observed."""
        symbolic = cls(tensor._value)
        symbolic._id = tensor._id
        return symbolic

    def _read(self, how: str) -> None:
        tracer = active.get()
        if tracer is not None and not tracer.paused:
            tracer.mark_value_dependent(how)

    def __bool__(self) -> bool:
        self._read("bool() (e.g. an `if` or `while` on a tensor)")
        return super().__bool__()

    def __float__(self) -> float:
        self._read("float()")
        return super().__float__()

    def __int__(self) -> int:
        self._read("int()")
        return super().__int__()

    def __index__(self) -> int:
        self._read("use as an index or range()")
        return super().__index__()

    def numpy(self) -> Any:
        self._read(".numpy()")
        return super().numpy()

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        self._read("conversion to a numpy array")
        return super().__array__(dtype, copy)

    def __str__(self) -> str:
        # As in TensorFlow, a Python print during tracing shows a symbolic tensor, not a value.
        return f'Tensor("traced", shape={tuple(self._value.shape)}, dtype={self._value.dtype.name})'

    __repr__ = __str__


def plain(value: Any) -> Any:
    """Symbolic leaves of a structure as ordinary tensors (same id and value)."""
    if isinstance(value, SymbolicTensor):
        tensor = Tensor(value._value)
        tensor._id = value._id
        return tensor
    if type(value) in (list, tuple):
        return type(value)(plain(v) for v in value)
    if type(value) is dict:
        return {k: plain(v) for k, v in value.items()}
    return value


class Tracer:
    """Collects the nodes of one trace and maps traced values to slots."""

    def __init__(self, allow_variables: bool, base_scope: tuple[str, ...]) -> None:
        self.nodes: list[OpNode | CallNode] = []
        self.slot_count = 0
        self.tensor_slots: dict[int, int] = {}
        self.object_slots: dict[int, int] = {}
        self.keep_alive: list[Any] = []
        self.paused = 0
        self.value_dependent: str | None = None
        self.allow_variables = allow_variables
        self.base_scope = base_scope
        self.created_variables: list[Variable] = []
        self.slot_names: dict[int, str] = {}  # the body's names of traced values (replays)

    def mark_value_dependent(self, how: str) -> None:
        if self.value_dependent is None:
            from visualtape.engine.location import describe, user_location

            where = describe(user_location())
            self.value_dependent = f"{how} of a traced tensor" + (f" at {where}" if where else "")

    def new_slot(self, value: Any) -> int:
        slot = self.slot_count
        self.slot_count += 1
        self.keep_alive.append(value)
        if isinstance(value, Tensor):
            self.tensor_slots[value._id] = slot
        else:
            self.object_slots[id(value)] = slot
        return slot

    def _scope(self) -> tuple[str, ...]:
        current = scopes.get()
        return current[len(self.base_scope) :]

    def to_refs(self, value: Any) -> Any:
        """Trace-time values -> Refs (traced), Variables (captured) or constants."""
        if isinstance(value, Tensor):
            slot = self.tensor_slots.get(value._id)
            return value if slot is None else Ref(slot)
        if type(value) in (list, tuple):
            return type(value)(self.to_refs(v) for v in value)
        if type(value) is dict:
            return {k: self.to_refs(v) for k, v in value.items()}
        if isinstance(value, _PRIMITIVES):
            return value
        slot = self.object_slots.get(id(value))
        return value if slot is None else Ref(slot)

    def _learn_names(self) -> None:
        """Remember the body's local names of traced tensors (at calls such as tape.gradient,
        where the visualizer names a loss), so replays can announce them."""
        from visualtape.engine.location import tensor_names_in_user_frame

        if trace.sink is None:
            return
        for tensor_id, name in tensor_names_in_user_frame().items():
            slot = self.tensor_slots.get(int(tensor_id))
            if slot is not None:
                self.slot_names.setdefault(slot, name)

    def record_op(
        self, op: Any, inputs: tuple[Tensor, ...], attrs: dict[str, Any], output: Tensor
    ) -> Tensor:
        symbolic = SymbolicTensor.sharing(output)
        refs = tuple(self.to_refs(t) for t in inputs)
        self.nodes.append(OpNode(op, refs, attrs, self._scope(), self.new_slot(symbolic), _where()))
        return symbolic

    def call(
        self,
        label: str,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        effect: bool,
        now: Callable[[], Any] | None = None,
    ) -> Any:
        """Run `fn` (or `now`) untraced, and append a CallNode that runs `fn` on replay."""
        self._learn_names()
        where = _where()  # before running: fn's own ops must not move the line
        arg_refs, kwarg_refs = self.to_refs(args), self.to_refs(kwargs)
        self.paused += 1
        try:
            result = fn(*args, **kwargs) if now is None else now()
        finally:
            self.paused -= 1
        outputs: list[int | None] = []
        leaves: list[Any] = []
        for leaf in nest.flatten(result):
            if isinstance(leaf, (Variable, *_PRIMITIVES)):
                outputs.append(None)
                leaves.append(leaf)
            elif isinstance(leaf, Tensor):
                symbolic = SymbolicTensor.sharing(leaf)
                outputs.append(self.new_slot(symbolic))
                leaves.append(symbolic)
            else:
                outputs.append(self.new_slot(leaf))
                leaves.append(leaf)
        self.nodes.append(
            CallNode(label, fn, arg_refs, kwarg_refs, self._scope(), tuple(outputs), effect, where)
        )
        if isinstance(result, Tensor) and not isinstance(result, Variable):
            return leaves[0]
        return (
            nest.pack_sequence_as(result, leaves) if type(result) in (list, tuple, dict) else result
        )


def _where() -> SourceLocation | None:
    """The body line being traced, kept on its node so replays report it (sink only)."""
    return user_location() if trace.sink is not None else None


def current() -> Tracer | None:
    """The tracer that should record right now (None when not tracing or inside a node)."""
    tracer = active.get()
    return tracer if tracer is not None and not tracer.paused else None


def traced_call(label: str, effect: bool = True) -> Callable[[F], F]:
    """Make a function a CallNode when called during a trace (it re-runs on every replay)."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            tracer = current()
            if tracer is None:
                return fn(*args, **kwargs)
            return tracer.call(label, fn, args, kwargs, effect)

        wrapper.__wrapped_untraced__ = fn  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


# --- temporary engine hooks (see the module NOTE) --------------------------------------------

_original_apply = registry.apply
_original_stop_recording = GradientTape.__dict__["stop_recording"]
_install_depth = 0
_saved: list[tuple[Any, str, Any]] = []


def _traced_apply(op: Any, inputs: tuple[Tensor, ...], attrs: dict[str, Any]) -> Tensor:
    output = _original_apply(op, inputs, attrs)
    tracer = current()
    return output if tracer is None else tracer.record_op(op, inputs, attrs, output)


def _replace(owner: Any, name: str, replacement: Any) -> None:
    _saved.append((owner, name, owner.__dict__[name]))
    setattr(owner, name, replacement)


def _wrap_method(cls: type, name: str, label: str) -> None:
    original = cls.__dict__[name]

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        tracer = current()
        if tracer is None:
            return original(*args, **kwargs)
        return tracer.call(label, original, args, kwargs, True)

    _replace(cls, name, wrapper)


def open_tape(persistent: bool, watch_accessed_variables: bool) -> GradientTape:
    """Replay of `with tf.GradientTape(...) as tape:` inside a traced function: a fresh tape."""
    return GradientTape(persistent, watch_accessed_variables).__enter__()


def _make_traced_enter(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def enter(tape: GradientTape) -> Any:
        tracer = current()
        if tracer is None or id(tape) in tracer.object_slots:
            return (
                original(tape)
                if tracer is None
                else tracer.call("GradientTape.enter", original, (tape,), {}, True)
            )
        return tracer.call(
            "GradientTape.enter",
            open_tape,
            (tape._persistent, tape._watch_accessed_variables),
            {},
            True,
            now=lambda: original(tape),
        )

    return enter


def _checked_variable_init(original: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(original)
    def init(self: Variable, *args: Any, **kwargs: Any) -> None:
        tracer = active.get()
        if tracer is not None and not tracer.allow_variables:
            raise ValueError(
                "tf.function only supports singleton tf.Variables created on the first call. "
                "Make sure the tf.Variable is only created once or created outside tf.function."
            )
        original(self, *args, **kwargs)
        if tracer is not None:
            tracer.created_variables.append(self)

    return init


def _enter_stop_recording(tape: GradientTape) -> Any:
    manager = _original_stop_recording(tape)
    manager.__enter__()
    return manager


def _exit_stop_recording(manager: Any) -> None:
    manager.__exit__(None, None, None)


@contextlib.contextmanager
def _stop_recording(tape: GradientTape) -> Iterator[None]:
    tracer = current()
    if tracer is None:
        with _original_stop_recording(tape):
            yield
        return
    manager = tracer.call("GradientTape.stop_recording", _enter_stop_recording, (tape,), {}, True)
    try:
        yield
    finally:
        tracer.call("GradientTape.resume_recording", _exit_stop_recording, (manager,), {}, True)


def _install() -> None:
    for module in list(sys.modules.values()):
        if getattr(module, "apply", None) is _original_apply:
            _saved.append((module, "apply", _original_apply))
            setattr(module, "apply", _traced_apply)  # noqa: B010 (a module, not an object)
    _replace(GradientTape, "__enter__", _make_traced_enter(GradientTape.__dict__["__enter__"]))
    for name in ("__exit__", "watch", "gradient", "jacobian", "batch_jacobian", "reset"):
        _wrap_method(GradientTape, name, f"GradientTape.{name.strip('_')}")
    _replace(GradientTape, "stop_recording", _stop_recording)
    for name in ("assign", "assign_add", "assign_sub"):
        _wrap_method(Variable, name, f"Variable.{name}")
    _replace(Variable, "__init__", _checked_variable_init(Variable.__dict__["__init__"]))


def _uninstall() -> None:
    while _saved:
        owner, name, original = _saved.pop()
        setattr(owner, name, original)


@contextlib.contextmanager
def tracing(tracer: Tracer) -> Iterator[Tracer]:
    """Make `tracer` active (hooks installed) for the block; nested traces share the hooks."""
    global _install_depth
    if _install_depth == 0:
        _install()
    _install_depth += 1
    token = active.set(tracer)
    try:
        yield tracer
    finally:
        active.reset(token)
        _install_depth -= 1
        if _install_depth == 0:
            _uninstall()
