"""Input signatures for `function`: which calls can share one traced graph.

Tensor arguments match by dtype and shape (a `None` dim matches any size); Python values match
by value; other objects by identity; numpy arrays become tensors.

>>> from visualtape.engine.tensor import constant
>>> describe(*signature_of({"x": constant([1.0, 2.0]), "n": 3}))
'(x: float32[2], n=3)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from visualtape.engine import dtypes, nest
from visualtape.engine.tensor import Tensor, TensorShape, constant
from visualtape.engine.variable import Variable


@dataclass(frozen=True)
class TensorSpec:
    """tf.TensorSpec: a dtype and a shape whose dims may be None (any size)."""

    shape: tuple[int | None, ...]
    dtype: Any = "float32"
    name: str | None = None

    def __init__(self, shape: Any, dtype: Any = "float32", name: str | None = None) -> None:
        dims = () if shape is None else tuple(None if d is None else int(d) for d in shape)
        object.__setattr__(self, "shape", TensorShape(dims))  # type: ignore[arg-type]
        object.__setattr__(self, "dtype", dtypes.as_dtype(dtype))
        object.__setattr__(self, "name", name)

    def is_compatible_with(self, value: Any) -> bool:
        tensor = value if isinstance(value, Tensor) else constant(value)
        return tensor.dtype == self.dtype and shape_matches(self.shape, tuple(tensor.shape))

    def __repr__(self) -> str:
        return (
            f"TensorSpec(shape={tuple(self.shape)}, dtype=tf.{self.dtype.name}, name={self.name!r})"
        )


@dataclass(frozen=True)
class LeafSpec:
    """One argument leaf: kind "tensor"/"variable" (dtype, shape) or "python"/"object"."""

    kind: str
    dtype: str = ""
    shape: tuple[int | None, ...] = ()
    value: Any = None

    def matches(self, other: LeafSpec) -> bool:
        """Does the concrete `other` fit this (possibly relaxed) spec?"""
        if self.kind != other.kind or self.dtype != other.dtype:
            return False
        if self.kind in ("tensor", "variable"):
            return shape_matches(self.shape, other.shape)
        return self.value == other.value


def shape_matches(pattern: tuple[int | None, ...], shape: tuple[int | None, ...]) -> bool:
    return len(pattern) == len(shape) and all(
        p is None or p == s for p, s in zip(pattern, shape, strict=True)
    )


def as_argument(value: Any) -> Any:
    """numpy arrays become tensors (as TF converts them); other values pass through."""
    if isinstance(value, np.ndarray):
        return constant(value)
    return value


def _leaf_spec(value: Any) -> LeafSpec:
    if isinstance(value, Variable):
        return LeafSpec("variable", value._value.dtype.name, tuple(value._value.shape))
    if isinstance(value, Tensor):
        return LeafSpec("tensor", value._value.dtype.name, tuple(value._value.shape))
    if isinstance(value, TensorSpec):
        return LeafSpec("tensor", value.dtype.name, tuple(value.shape))
    if value is None or isinstance(value, bool | int | float | str | np.generic):
        return LeafSpec("python", type(value).__name__, value=value)
    return LeafSpec("object", type(value).__name__, value=id(value))


def signature_of(arguments: dict[str, Any]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """(argument names, per-argument (structure, leaf specs)) for bound call arguments."""
    names = tuple(arguments)
    parts = []
    for name in names:
        value = arguments[name]
        leaves = nest.flatten(value)
        skeleton = repr(nest.pack_sequence_as(value, ["*"] * len(leaves)))
        parts.append((skeleton, tuple(_leaf_spec(leaf) for leaf in leaves)))
    return names, tuple(parts)


def matches(pattern: tuple[Any, ...], concrete: tuple[Any, ...]) -> bool:
    if len(pattern) != len(concrete):
        return False
    for (skel_p, leaves_p), (skel_c, leaves_c) in zip(pattern, concrete, strict=True):
        if skel_p != skel_c or len(leaves_p) != len(leaves_c):
            return False
        if not all(p.matches(c) for p, c in zip(leaves_p, leaves_c, strict=True)):
            return False
    return True


def relax(old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The most specific spec covering both (differing dims -> None), or None if ranks differ."""
    if len(old) != len(new):
        return None
    relaxed = []
    for (skel_o, leaves_o), (skel_n, leaves_n) in zip(old, new, strict=True):
        if skel_o != skel_n or len(leaves_o) != len(leaves_n):
            return None
        specs = []
        for o, n in zip(leaves_o, leaves_n, strict=True):
            if (
                o.kind != n.kind
                or o.dtype != n.dtype
                or (o.kind in ("python", "object") and o.value != n.value)
            ):
                return None
            if o.kind in ("tensor", "variable"):
                if len(o.shape) != len(n.shape):
                    return None
                shape = tuple(a if a == b else None for a, b in zip(o.shape, n.shape, strict=True))
                specs.append(LeafSpec(o.kind, o.dtype, shape))
            else:
                specs.append(o)
        relaxed.append((skel_o, tuple(specs)))
    return tuple(relaxed)


def _leaf_text(spec: LeafSpec) -> str:
    if spec.kind in ("tensor", "variable"):
        dims = ",".join("?" if d is None else str(d) for d in spec.shape)
        prefix = "Variable " if spec.kind == "variable" else ""
        return f"{prefix}{spec.dtype}[{dims}]"
    if spec.kind == "python":
        return repr(spec.value)
    return f"<{spec.dtype} object>"


def describe(names: tuple[str, ...], parts: tuple[Any, ...]) -> str:
    """'(x: float32[2,2], n=3)' for the FunctionTraced event and the graph view."""
    texts = []
    for name, (skeleton, leaves) in zip(names, parts, strict=True):
        if skeleton == "'*'" and leaves[0].kind == "python":
            texts.append(f"{name}={leaves[0].value!r}")
        elif skeleton == "'*'":
            texts.append(f"{name}: {_leaf_text(leaves[0])}")
        else:
            shown = skeleton
            for leaf in leaves:
                shown = shown.replace("'*'", _leaf_text(leaf), 1)
            texts.append(f"{name}: {shown}")
    return "(" + ", ".join(texts) + ")"


def convert_argument(value: Any) -> Any:
    """An argument with numpy arrays (also inside lists, tuples, dicts) made tensors."""
    if type(value) in (list, tuple) or type(value) is dict:
        return nest.pack_sequence_as(value, [as_argument(v) for v in nest.flatten(value)])
    return as_argument(value)


def from_specs(value: Any) -> Any:
    """Zero tensors standing in for the TensorSpecs of an input signature (None dims: 1)."""

    def make(leaf: Any) -> Any:
        if isinstance(leaf, TensorSpec):
            dims = tuple(1 if d is None else d for d in leaf.shape)
            return constant(np.zeros(dims, dtype=leaf.dtype.np))
        return leaf

    return (
        nest.pack_sequence_as(value, [make(v) for v in nest.flatten(value)])
        if type(value) in (list, tuple, dict)
        else make(value)
    )


def input_signature_pattern(specs: list[Any], sig: tuple[Any, ...]) -> tuple[Any, ...]:
    """The signature `sig` with each TensorSpec'd argument generalised to its spec."""
    pattern = list(sig)
    for i, spec in enumerate(specs[: len(pattern)]):
        if isinstance(spec, TensorSpec):
            skeleton, _ = pattern[i]
            pattern[i] = (skeleton, (LeafSpec("tensor", spec.dtype.name, tuple(spec.shape)),))
    return tuple(pattern)
