"""The op spec table: how to call every registered engine op, on which inputs, and what to expect.

One entry per (op, variant). `test_ops_gradients.py` runs one float64 finite-difference check
over every differentiable entry and `test_ops_second_order.py` checks gradients of gradients; a
test fails when a registered op has no entry (PyTorch's OpInfo idea, kept small).

`fn` receives the differentiable inputs as tensors (already watched) and returns one tensor;
integer indices, conditions and attrs are baked into `fn`. `make_inputs` draws float64 arrays
away from kinks and ties (log/sqrt positive, abs/relu away from 0, no max/min ties).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from visualtape import engine as ve
from visualtape.engine.registry import OPS, apply

Arrays = tuple[np.ndarray, ...]
InputMaker = Callable[[np.random.Generator], Arrays]


@dataclass(frozen=True)
class OpSpec:
    """One way of calling one registered op, checked by finite differences."""

    name: str  # the test id
    op: str  # the registry name this entry covers
    fn: Callable[..., ve.Tensor]
    make_inputs: InputMaker
    reference: Callable[..., Any] | None = None  # numpy forward to compare with
    # numpy function (perturbed inputs, unperturbed inputs) whose finite differences the
    # gradient must match, for ops such as stop_gradient where it is not the forward itself.
    fd_reference: Callable[[Arrays, Arrays], np.ndarray] | None = None
    second_order: bool = True
    eps: float = 1e-6
    rtol: float = 1e-6
    atol: float = 1e-7


@dataclass(frozen=True)
class NoGradSpec:
    """An op with no gradient: its forward is checked and no gradient flows through it."""

    name: str
    op: str
    fn: Callable[..., ve.Tensor]
    make_inputs: InputMaker
    reference: Callable[..., Any]


# --- input domains --------------------------------------------------------------------------


def real(*shapes: tuple[int, ...], low: float = -2.0, high: float = 2.0) -> InputMaker:
    return lambda rng: tuple(np.asarray(rng.uniform(low, high, s)) for s in shapes)


def positive(*shapes: tuple[int, ...]) -> InputMaker:
    return real(*shapes, low=0.5, high=2.0)


def nonzero(*shapes: tuple[int, ...]) -> InputMaker:
    """Magnitudes in [0.5, 2] with random signs: away from kinks at 0."""

    def make(rng: np.random.Generator) -> Arrays:
        return tuple(
            np.asarray(rng.uniform(0.5, 2.0, s) * rng.choice([-1.0, 1.0], s)) for s in shapes
        )

    return make


def distinct(*shapes: tuple[int, ...]) -> InputMaker:
    """Values at least 0.05 apart across all inputs (no ties for max/min)."""

    def make(rng: np.random.Generator) -> Arrays:
        sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
        pool = rng.permutation(np.arange(sum(sizes)) * 0.1 - 0.05 * sum(sizes))
        pool = pool + rng.uniform(-0.02, 0.02, pool.shape)
        out, start = [], 0
        for shape, size in zip(shapes, sizes, strict=True):
            out.append(pool[start : start + size].reshape(shape))
            start += size
        return tuple(out)

    return make


def mixed(*makers: InputMaker) -> InputMaker:
    """One maker per input (e.g. x real, y positive)."""
    return lambda rng: tuple(m(rng)[0] for m in makers)


def away_from(
    points: tuple[float, ...],
    shape: tuple[int, ...],
    margin: float = 0.2,
    low: float = -2.0,
    high: float = 2.0,
) -> InputMaker:
    """Real values at least `margin` from every point in `points` (clip bounds, ...)."""

    def make(rng: np.random.Generator) -> Arrays:
        values = rng.uniform(low, high, shape)
        for _ in range(100):
            bad = np.min(np.abs(values[..., None] - np.asarray(points)), axis=-1) < margin
            if not bad.any():
                break
            values[bad] = rng.uniform(low, high, int(bad.sum()))
        return (values,)

    return make


# --- elementwise ------------------------------------------------------------------------------

BROADCAST_PAIRS: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = (
    ((2, 3), (2, 3)),
    ((3, 1), (1, 4)),
    ((2, 3), (3,)),
    ((), (2, 3)),
    ((2, 1, 4), (3, 1)),
)


def _shape_id(shape: tuple[int, ...]) -> str:
    return "x".join(map(str, shape)) or "scalar"


def _pair_id(a: tuple[int, ...], b: tuple[int, ...]) -> str:
    return f"{_shape_id(a)}+{_shape_id(b)}"


def _binary_specs() -> list[OpSpec]:
    specs: list[OpSpec] = []
    for a, b in BROADCAST_PAIRS:
        pid = _pair_id(a, b)
        specs += [
            OpSpec(f"add[{pid}]", "add", ve.add, real(a, b), np.add),
            OpSpec(f"subtract[{pid}]", "subtract", ve.subtract, real(a, b), np.subtract),
            OpSpec(f"multiply[{pid}]", "multiply", ve.multiply, real(a, b), np.multiply),
            OpSpec(f"divide[{pid}]", "divide", ve.divide, mixed(real(a), nonzero(b)), np.divide),
            OpSpec(f"pow[{pid}]", "pow", ve.pow, mixed(positive(a), real(b)), np.power),
            OpSpec(f"maximum[{pid}]", "maximum", ve.maximum, distinct(a, b), np.maximum),
            OpSpec(f"minimum[{pid}]", "minimum", ve.minimum, distinct(a, b), np.minimum),
        ]
    specs += [
        OpSpec(
            "operators[x*y+x/y-y**2]",
            "multiply",
            lambda x, y: x * y + x / y - y**2.0,
            mixed(real((3,)), nonzero((3,))),
            lambda x, y: x * y + x / y - y**2,
        ),
        OpSpec(
            "pow[negative base, constant exponent 3]",
            "pow",
            lambda x: ve.pow(x, 3.0),
            real((2, 3)),
            lambda x: x**3,
        ),
        OpSpec(
            "pow[constant base 2, tensor exponent]",
            "pow",
            lambda y: ve.pow(2.0, y),
            real((4,)),
            lambda y: 2.0**y,
        ),
        OpSpec(
            "multiply[same tensor twice]",
            "multiply",
            lambda x: ve.multiply(x, x),
            real((3,)),
            lambda x: x * x,
        ),
    ]
    return specs


def _unary_specs() -> list[OpSpec]:
    table: list[tuple[str, Callable[..., ve.Tensor], Callable[..., InputMaker], Any]] = [
        ("negative", ve.negative, real, np.negative),
        ("square", ve.square, real, np.square),
        ("sqrt", ve.sqrt, positive, np.sqrt),
        ("exp", ve.exp, real, np.exp),
        ("log", ve.log, positive, np.log),
        ("abs", ve.abs, nonzero, np.abs),
        ("sin", ve.sin, real, np.sin),
        ("cos", ve.cos, real, np.cos),
        ("tanh", ve.tanh, real, np.tanh),
        ("sigmoid", ve.sigmoid, real, lambda x: 1 / (1 + np.exp(-x))),
        ("relu", ve.relu, nonzero, lambda x: np.maximum(x, 0)),
        ("softplus", ve.softplus, real, lambda x: np.log1p(np.exp(x))),
    ]
    specs: list[OpSpec] = []
    for name, fn, domain, reference in table:
        specs += [
            OpSpec(f"{name}[{_shape_id(s)}]", name, fn, domain(s), reference) for s in ((), (2, 3))
        ]
    specs += [
        OpSpec(
            "sigmoid[large magnitudes]",
            "sigmoid",
            ve.sigmoid,
            nonzero((5,)),
            lambda x: 1 / (1 + np.exp(-x)),
        ),
        OpSpec("abs[operator]", "abs", lambda x: abs(x), nonzero((4,)), np.abs),
        OpSpec("negative[operator]", "negative", lambda x: -x, real((4,)), np.negative),
    ]
    return specs


def _composite_specs() -> list[OpSpec]:
    """Public functions built from registered ops (covered by their parts, checked anyway)."""
    return [
        OpSpec("composite:reciprocal", "divide", ve.reciprocal, nonzero((2, 3)), lambda x: 1 / x),
        OpSpec("composite:rsqrt", "sqrt", ve.rsqrt, positive((2, 3)), lambda x: x**-0.5),
        OpSpec(
            "composite:squared_difference",
            "square",
            ve.squared_difference,
            real((2, 3), (3,)),
            lambda x, y: (x - y) ** 2,
        ),
        OpSpec(
            "composite:unstack-sum",
            "getitem",
            lambda x: ve.add(ve.unstack(x, axis=1)[0], 2.0 * ve.unstack(x, axis=1)[2]),
            real((2, 3)),
            lambda x: x[:, 0] + 2 * x[:, 2],
        ),
        OpSpec(
            "composite:mlp-layer",
            "matmul",
            lambda x, w, b: ve.reduce_mean(ve.tanh(ve.matmul(x, w) + b)),
            real((4, 3), (3, 2), (2,)),
            lambda x, w, b: np.mean(np.tanh(x @ w + b)),
        ),
    ]


# --- reductions -------------------------------------------------------------------------------

REDUCE_AXES: tuple[tuple[Any, bool], ...] = (
    (None, False),
    (None, True),
    (0, False),
    (1, True),
    (-1, False),
    ((0, 2), False),
    ((0, 2), True),
    ([1, 2], False),
)


def _reduce_specs() -> list[OpSpec]:
    table = [
        ("reduce_sum", ve.reduce_sum, real, np.sum),
        ("reduce_mean", ve.reduce_mean, real, np.mean),
        ("reduce_max", ve.reduce_max, distinct, np.max),
        ("reduce_min", ve.reduce_min, distinct, np.min),
        ("reduce_prod", ve.reduce_prod, nonzero, np.prod),
    ]
    specs: list[OpSpec] = []
    for name, fn, domain, np_fn in table:
        for axis, keep in REDUCE_AXES:
            np_axis = tuple(axis) if isinstance(axis, list) else axis
            specs.append(
                OpSpec(
                    f"{name}[axis={axis},keepdims={keep}]",
                    name,
                    lambda x, fn=fn, axis=axis, keep=keep: fn(x, axis=axis, keepdims=keep),
                    domain((2, 3, 4)),
                    lambda x, np_fn=np_fn, a=np_axis, k=keep: np_fn(x, axis=a, keepdims=k),
                )
            )
        specs.append(OpSpec(f"{name}[vector]", name, fn, domain((5,)), np_fn))
    return specs


# --- linear algebra ---------------------------------------------------------------------------

MATMUL_CASES: tuple[tuple[str, tuple[int, ...], tuple[int, ...], bool, bool], ...] = (
    ("2x3@3x4", (2, 3), (3, 4), False, False),
    ("transpose_a", (3, 2), (3, 4), True, False),
    ("transpose_b", (2, 3), (4, 3), False, True),
    ("transpose_a_and_b", (3, 2), (4, 3), True, True),
    ("batched", (5, 2, 3), (5, 3, 4), False, False),
    ("broadcast batch dims", (2, 1, 2, 3), (3, 3, 4), False, False),
    ("matrix@batch", (2, 3), (4, 3, 5), False, False),
    ("batch@matrix transpose_b", (4, 2, 3), (5, 3), False, True),
    ("broadcast batch transpose_a", (1, 3, 2), (4, 3, 5), True, False),
    ("column", (3, 1), (1, 3), False, False),
)


def _matmul_specs() -> list[OpSpec]:
    def make(ta: bool, tb: bool) -> Callable[..., ve.Tensor]:
        return lambda a, b: ve.matmul(a, b, transpose_a=ta, transpose_b=tb)

    def reference(ta: bool, tb: bool) -> Callable[..., np.ndarray]:
        return lambda a, b: np.matmul(
            np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b
        )

    specs = [
        OpSpec(f"matmul[{name}]", "matmul", make(ta, tb), real(a, b), reference(ta, tb))
        for name, a, b, ta, tb in MATMUL_CASES
    ]
    specs.append(
        OpSpec("matmul[@ operator]", "matmul", lambda a, b: a @ b, real((2, 3), (3, 2)), np.matmul)
    )
    return specs


# --- softmax family -----------------------------------------------------------------------------


def _np_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_specs() -> list[OpSpec]:
    specs: list[OpSpec] = []
    for shape, axis in (((4,), -1), ((2, 3), -1), ((2, 3), 0), ((2, 3, 4), 1)):
        sid = f"{_shape_id(shape)},axis={axis}"
        specs += [
            OpSpec(
                f"softmax[{sid}]",
                "softmax",
                lambda x, axis=axis: ve.softmax(x, axis=axis),
                real(shape),
                lambda x, axis=axis: _np_softmax(x, axis),
            ),
            OpSpec(
                f"log_softmax[{sid}]",
                "log_softmax",
                lambda x, axis=axis: ve.log_softmax(x, axis=axis),
                real(shape),
                lambda x, axis=axis: np.log(_np_softmax(x, axis)),
            ),
        ]
    return specs


# --- shape ops -----------------------------------------------------------------------------------


def _shape_specs() -> list[OpSpec]:
    specs = [
        OpSpec(
            "reshape[2x3->3x2]",
            "reshape",
            lambda x: ve.reshape(x, (3, 2)),
            real((2, 3)),
            lambda x: x.reshape(3, 2),
        ),
        OpSpec(
            "reshape[-1]",
            "reshape",
            lambda x: ve.reshape(x, [-1, 2]),
            real((2, 3, 2)),
            lambda x: x.reshape(-1, 2),
        ),
        OpSpec(
            "reshape[scalar->1x1]",
            "reshape",
            lambda x: ve.reshape(x, (1, 1)),
            real(()),
            lambda x: x.reshape(1, 1),
        ),
        OpSpec(
            "expand_dims[0]",
            "expand_dims",
            lambda x: ve.expand_dims(x, 0),
            real((2, 3)),
            lambda x: x[None],
        ),
        OpSpec(
            "expand_dims[-1]",
            "expand_dims",
            lambda x: ve.expand_dims(x, -1),
            real((2, 3)),
            lambda x: x[..., None],
        ),
        OpSpec("squeeze[None]", "squeeze", lambda x: ve.squeeze(x), real((1, 3, 1)), np.squeeze),
        OpSpec(
            "squeeze[0]", "squeeze", lambda x: ve.squeeze(x, 0), real((1, 3, 1)), lambda x: x[0]
        ),
        OpSpec(
            "squeeze[(0,2)]",
            "squeeze",
            lambda x: ve.squeeze(x, [0, 2]),
            real((1, 3, 1)),
            lambda x: x[0, :, 0],
        ),
        OpSpec("transpose[None]", "transpose", ve.transpose, real((2, 3, 4)), np.transpose),
        OpSpec(
            "transpose[(1,0)]",
            "transpose",
            lambda x: ve.transpose(x, (1, 0)),
            real((2, 3)),
            lambda x: x.T,
        ),
        OpSpec(
            "transpose[(2,0,1)]",
            "transpose",
            lambda x: ve.transpose(x, [2, 0, 1]),
            real((2, 3, 4)),
            lambda x: np.transpose(x, (2, 0, 1)),
        ),
        OpSpec(
            "broadcast_to[3x1->2x3x4]",
            "broadcast_to",
            lambda x: ve.broadcast_to(x, (2, 3, 4)),
            real((3, 1)),
            lambda x: np.broadcast_to(x, (2, 3, 4)),
        ),
        OpSpec(
            "broadcast_to[scalar->2x2]",
            "broadcast_to",
            lambda x: ve.broadcast_to(x, [2, 2]),
            real(()),
            lambda x: np.broadcast_to(x, (2, 2)),
        ),
        OpSpec(
            "tile[(2,1)]",
            "tile",
            lambda x: ve.tile(x, (2, 1)),
            real((2, 3)),
            lambda x: np.tile(x, (2, 1)),
        ),
        OpSpec(
            "tile[(2,3)]",
            "tile",
            lambda x: ve.tile(x, [2, 3]),
            real((2, 3)),
            lambda x: np.tile(x, (2, 3)),
        ),
        OpSpec(
            "tile[vector]", "tile", lambda x: ve.tile(x, [3]), real((2,)), lambda x: np.tile(x, 3)
        ),
    ]
    for axis in (0, 1, -1):
        specs.append(
            OpSpec(
                f"concat[3 inputs,axis={axis}]",
                "concat",
                lambda a, b, c, axis=axis: ve.concat([a, b, c], axis=axis),
                real((2, 2), (2, 2), (2, 2)) if axis == 0 else real((2, 1), (2, 3), (2, 2)),
                lambda a, b, c, axis=axis: np.concatenate([a, b, c], axis=axis),
            )
        )
        specs.append(
            OpSpec(
                f"stack[3 inputs,axis={axis}]",
                "stack",
                lambda a, b, c, axis=axis: ve.stack([a, b, c], axis=axis),
                real((2, 3), (2, 3), (2, 3)),
                lambda a, b, c, axis=axis: np.stack([a, b, c], axis=axis),
            )
        )
    specs += [
        OpSpec(
            "concat[same tensor twice]",
            "concat",
            lambda a: ve.concat([a, a], axis=0),
            real((2, 3)),
            lambda a: np.concatenate([a, a]),
        ),
        OpSpec(
            "stack[scalars]",
            "stack",
            lambda a, b: ve.stack([a, b]),
            real((), ()),
            lambda a, b: np.stack([a, b]),
        ),
    ]
    return specs


# --- indexing, selection, misc -------------------------------------------------------------------

GETITEM_KEYS: tuple[tuple[str, Any], ...] = (
    ("int", 1),
    ("negative int", -1),
    ("slice", slice(1, 3)),
    ("negative step", slice(None, None, -1)),
    ("step -2 and slice", (slice(None, None, -2), slice(1, 4))),
    ("column", (slice(None), 2)),
    ("ellipsis", (Ellipsis, 1)),
    ("newaxis", (None, slice(0, 2))),
    ("int array with repeats", [0, 2, 2, 1]),
    ("int array on axis 1", (slice(None), np.array([4, 0, 0]))),
    ("pair of int arrays", (np.array([0, 1, 1]), np.array([2, 2, 3]))),
    ("boolean mask", np.array([True, False, True, True])),
)


def _getitem_specs() -> list[OpSpec]:
    specs = [
        OpSpec(
            f"getitem[{name}]",
            "getitem",
            lambda x, key=key: ve.getitem(x, key),
            real((4, 5)),
            lambda x, key=key: x[np.asarray(key) if isinstance(key, list) else key],
        )
        for name, key in GETITEM_KEYS
    ]
    specs.append(
        OpSpec(
            "getitem[operator x[1:, ::-1]]",
            "getitem",
            lambda x: x[1:, ::-1],
            real((3, 4)),
            lambda x: x[1:, ::-1],
        )
    )
    specs.append(
        OpSpec(
            "getitem[tensor index]",
            "getitem",
            lambda x: x[ve.constant([3, 3, 0])],
            real((4,)),
            lambda x: x[[3, 3, 0]],
        )
    )
    return specs


def _scatter(key: Any, shape: tuple[int, ...]) -> Callable[..., ve.Tensor]:
    return lambda g: apply(OPS["index_scatter"], (g,), {"key": key, "shape": shape})


def _scatter_reference(key: Any, shape: tuple[int, ...]) -> Callable[..., np.ndarray]:
    def reference(g: np.ndarray) -> np.ndarray:
        out = np.zeros(shape)
        np.add.at(out, key, g)
        return out

    return reference


def _gather_and_scatter_specs() -> list[OpSpec]:
    gathers: tuple[tuple[str, tuple[int, ...], Any, int], ...] = (
        ("rows with repeats", (5, 3), [0, 2, 2, 4, 0], 0),
        ("axis 1", (2, 4), [3, 0, 3], 1),
        ("axis -1", (2, 3, 4), [1, 1, 2], -1),
        ("2-d indices", (4, 2), [[0, 1], [1, 1]], 0),
        ("vector", (6,), [5, 0, 5, 5], 0),
    )
    specs = [
        OpSpec(
            f"gather[{name}]",
            "gather",
            lambda p, idx=idx, axis=axis: ve.gather(p, idx, axis=axis),
            real(shape),
            lambda p, idx=idx, axis=axis: np.take(p, idx, axis=axis),
        )
        for name, shape, idx, axis in gathers
    ]
    scatters: tuple[tuple[str, Any, tuple[int, ...], tuple[int, ...]], ...] = (
        ("repeated rows", np.array([0, 2, 2]), (3, 4), (4, 4)),
        ("slice", (slice(None), slice(1, 3)), (3, 2), (3, 5)),
        ("int", 1, (4,), (3, 4)),
    )
    specs += [
        OpSpec(
            f"index_scatter[{name}]",
            "index_scatter",
            _scatter(key, shape),
            real(gshape),
            _scatter_reference(key, shape),
        )
        for name, key, gshape, shape in scatters
    ]
    return specs


def _select_specs() -> list[OpSpec]:
    cond = np.array([[True, False, True], [False, False, True]])
    cond_col = np.array([[True], [False], [True]])
    return [
        OpSpec(
            "where[same shapes]",
            "where",
            lambda x, y: ve.where(cond, x, y),
            real((2, 3), (2, 3)),
            lambda x, y: np.where(cond, x, y),
        ),
        OpSpec(
            "where[broadcast x (3,), y scalar]",
            "where",
            lambda x, y: ve.where(cond, x, y),
            real((3,), ()),
            lambda x, y: np.where(cond, x, y),
        ),
        OpSpec(
            "where[cond (3,1), x (1,4), y (3,4)]",
            "where",
            lambda x, y: ve.where(cond_col, x, y),
            real((1, 4), (3, 4)),
            lambda x, y: np.where(cond_col, x, y),
        ),
        OpSpec(
            "where[tensor condition]",
            "where",
            lambda x, y: ve.where(ve.greater(x, y), x, y),
            distinct((2, 3), (2, 3)),
            np.maximum,
        ),
        OpSpec(
            "clip_by_value[2x3]",
            "clip_by_value",
            lambda x: ve.clip_by_value(x, -0.5, 0.5),
            away_from((-0.5, 0.5), (2, 3)),
            lambda x: np.clip(x, -0.5, 0.5),
        ),
        OpSpec(
            "clip_by_value[vector]",
            "clip_by_value",
            lambda x: ve.clip_by_value(x, 0.0, 1.0),
            away_from((0.0, 1.0), (8,)),
            lambda x: np.clip(x, 0.0, 1.0),
        ),
        # float32 in the middle: a larger step and looser tolerances (float32 rounding).
        OpSpec(
            "cast[float64->float32]",
            "cast",
            lambda x: ve.cast(x, "float32"),
            real((2, 3)),
            lambda x: x.astype(np.float32),
            eps=1e-2,
            rtol=1e-4,
            atol=1e-4,
        ),
        OpSpec(
            "cast[float64->float32->float64]",
            "cast",
            lambda x: ve.cast(ve.cast(x, "float32") * 3.0, "float64"),
            real((4,)),
            lambda x: 3 * x.astype(np.float32).astype(np.float64),
            eps=1e-2,
            rtol=1e-4,
            atol=1e-4,
        ),
        OpSpec("identity[2x3]", "identity", ve.identity, real((2, 3)), lambda x: x),
        # d/dx [x * stop_gradient(x)] = stop_gradient(x): the second factor is a constant.
        OpSpec(
            "stop_gradient[x * stop_gradient(x)]",
            "stop_gradient",
            lambda x: x * ve.stop_gradient(x),
            real((3,)),
            lambda x: x * x,
            fd_reference=lambda xs, base: xs[0] * base[0],
            second_order=False,
        ),
    ]


NAN_MASK = np.array([1.0, np.nan, 1.0])
INF_MASK = np.array([np.inf, 1.0, 1.0])


def _no_grad_specs() -> list[NoGradSpec]:
    binary = [
        ("equal", ve.equal, np.equal),
        ("not_equal", ve.not_equal, np.not_equal),
        ("greater", ve.greater, np.greater),
        ("greater_equal", ve.greater_equal, np.greater_equal),
        ("less", ve.less, np.less),
        ("less_equal", ve.less_equal, np.less_equal),
        ("floordiv", lambda x, y: x // y, np.floor_divide),
        ("floormod", lambda x, y: x % y, np.mod),
    ]
    specs = [
        NoGradSpec(name, name, fn, mixed(real((2, 3)), nonzero((3,))), ref)
        for name, fn, ref in binary
    ]
    specs += [
        NoGradSpec(
            "logical_and",
            "logical_and",
            lambda x, y: ve.logical_and(x > 0, y > 0),
            real((2, 3), (2, 3)),
            lambda x, y: (x > 0) & (y > 0),
        ),
        NoGradSpec(
            "logical_or",
            "logical_or",
            lambda x, y: ve.logical_or(x > 0, y > 0),
            real((2, 3), (2, 3)),
            lambda x, y: (x > 0) | (y > 0),
        ),
        NoGradSpec(
            "logical_not",
            "logical_not",
            lambda x: ve.logical_not(x > 0),
            real((2, 3)),
            lambda x: ~(x > 0),
        ),
        NoGradSpec("sign", "sign", ve.sign, nonzero((2, 3)), np.sign),
        NoGradSpec("round", "round", ve.round, away_from((-1.5, -0.5, 0.5, 1.5), (2, 3)), np.round),
        NoGradSpec("floor", "floor", ve.floor, real((2, 3)), np.floor),
        NoGradSpec("ceil", "ceil", ve.ceil, real((2, 3)), np.ceil),
        NoGradSpec(
            "is_nan",
            "is_nan",
            lambda x: ve.is_nan(x * NAN_MASK),
            real((2, 3)),
            lambda x: np.isnan(x * NAN_MASK),
        ),
        NoGradSpec(
            "is_finite",
            "is_finite",
            lambda x: ve.is_finite(x * INF_MASK),
            nonzero((2, 3)),
            lambda x: np.isfinite(x * INF_MASK),
        ),
        NoGradSpec(
            "argmax",
            "argmax",
            lambda x: ve.argmax(x, axis=1),
            distinct((2, 3)),
            lambda x: np.argmax(x, axis=1),
        ),
        NoGradSpec(
            "argmin",
            "argmin",
            lambda x: ve.argmin(x),
            distinct((2, 3)),
            lambda x: np.argmin(x, axis=0),
        ),
        NoGradSpec(
            "one_hot",
            "one_hot",
            lambda x: ve.one_hot(ve.cast(ve.floor(x), "int32"), 3, dtype="float64"),
            real((4,), low=-0.9, high=3.9),
            lambda x: (np.floor(x)[:, None] == np.arange(3)).astype(np.float64),
        ),
    ]
    return specs


def _all_specs() -> list[OpSpec]:
    return (
        _binary_specs()
        + _unary_specs()
        + _composite_specs()
        + _reduce_specs()
        + _matmul_specs()
        + _softmax_specs()
        + _shape_specs()
        + _getitem_specs()
        + _gather_and_scatter_specs()
        + _select_specs()
    )


OP_SPECS: tuple[OpSpec, ...] = tuple(_all_specs())
NO_GRAD_SPECS: tuple[NoGradSpec, ...] = tuple(_no_grad_specs())


# --- finite-difference helpers ----------------------------------------------------------------


def spec_rng(spec_name: str) -> np.random.Generator:
    """A generator seeded by the spec's name (stable across runs and processes)."""
    return np.random.default_rng(zlib.crc32(spec_name.encode()))


def numeric_vjp(
    scalar_fn: Callable[[Arrays], float], inputs: Arrays, eps: float
) -> list[np.ndarray]:
    """d scalar_fn / d inputs[i] by central differences, one array per input."""
    grads = []
    for i, x in enumerate(inputs):
        grad = np.zeros_like(x)
        for j in np.ndindex(x.shape):
            plus = [a.copy() for a in inputs]
            minus = [a.copy() for a in inputs]
            plus[i][j] += eps
            minus[i][j] -= eps
            grad[j] = (scalar_fn(tuple(plus)) - scalar_fn(tuple(minus))) / (2 * eps)
        grads.append(grad)
    return grads


def forward(fn: Callable[..., ve.Tensor], arrays: Arrays) -> np.ndarray:
    """fn on fresh float64 constants, as a numpy array."""
    return np.asarray(fn(*[ve.constant(a) for a in arrays]).numpy(), dtype=np.float64)


def tape_vjp(
    fn: Callable[..., ve.Tensor], arrays: Arrays, upstream: np.ndarray
) -> list[ve.Tensor | None]:
    """The tape's gradient of fn at `arrays` with `output_gradients=upstream`."""
    tensors = [ve.constant(a) for a in arrays]
    with ve.GradientTape() as tape:
        tape.watch(tensors)
        out = fn(*tensors)
    return tape.gradient(out, tensors, output_gradients=ve.constant(upstream))


def random_like(rng: np.random.Generator, value: np.ndarray) -> np.ndarray:
    return rng.uniform(-1.0, 1.0, value.shape).astype(value.dtype)
