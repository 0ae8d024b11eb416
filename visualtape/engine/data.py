"""A small `tf.data.Dataset`: slices, shuffle (with a buffer, as TF), batch, repeat, take, map.

Datasets are lazy and re-iterable: each `for` loop starts a fresh pass (and a fresh shuffle).

>>> ds = Dataset.from_tensor_slices(([1, 2, 3, 4], [10, 20, 30, 40])).batch(3)
>>> [(x.numpy().tolist(), y.numpy().tolist()) for x, y in ds]
[([1, 2, 3], [10, 20, 30]), ([4], [40])]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from visualtape.engine import nest
from visualtape.engine.tensor import Tensor, constant

INFINITE = -1
UNKNOWN = -2


def _leaf_array(value: Any) -> np.ndarray:
    return value._value if isinstance(value, Tensor) else np.asarray(constant(value)._value)


class Dataset:
    """An iterable of elements (a tensor, or a tuple/dict structure of tensors)."""

    def __init__(self, make_iterator: Callable[[], Iterator[Any]], cardinality: int) -> None:
        self._make_iterator = make_iterator
        self._cardinality = cardinality

    # --- sources ----------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors: Any, name: str | None = None) -> Dataset:
        """One element per row of the leading dimension of every leaf."""
        structure = _normalize(tensors)
        leaves = [_leaf_array(leaf) for leaf in nest.flatten(structure)]
        lengths = {len(leaf) if leaf.ndim else -1 for leaf in leaves}
        if -1 in lengths:
            raise ValueError("from_tensor_slices needs tensors of rank >= 1")
        if len(lengths) != 1:
            raise ValueError(f"Dimensions {sorted(lengths)} of the sliced tensors must match")
        count = lengths.pop()

        def rows() -> Iterator[Any]:
            for i in range(count):
                yield nest.pack_sequence_as(structure, [Tensor(leaf[i]) for leaf in leaves])

        return Dataset(rows, count)

    @staticmethod
    def from_tensors(tensors: Any, name: str | None = None) -> Dataset:
        structure = _normalize(tensors)
        leaves = [Tensor(_leaf_array(leaf)) for leaf in nest.flatten(structure)]
        return Dataset(lambda: iter([nest.pack_sequence_as(structure, leaves)]), 1)

    @staticmethod
    def range(*args: int, dtype: Any = None, name: str | None = None) -> Dataset:
        values = np.arange(*args, dtype=np.int64)
        return Dataset(lambda: (Tensor(np.asarray(v)) for v in values), len(values))

    @staticmethod
    def zip(datasets: Any, name: str | None = None) -> Dataset:
        parts = nest.flatten(datasets)

        def rows() -> Iterator[Any]:
            for items in zip(*parts, strict=False):
                yield nest.pack_sequence_as(datasets, list(items))

        known = [p._cardinality for p in parts if p._cardinality >= 0]
        return Dataset(rows, min(known) if known else INFINITE)

    # --- transformations ----------------------------------------------------------------------
    def batch(
        self,
        batch_size: int,
        drop_remainder: bool = False,
        num_parallel_calls: Any = None,
        deterministic: Any = None,
        name: str | None = None,
    ) -> Dataset:
        """Stack consecutive elements; the last batch may be smaller unless dropped."""
        size = int(batch_size)
        if size <= 0:
            raise ValueError("batch_size must be positive")

        def batches() -> Iterator[Any]:
            iterator = iter(self)
            while True:
                chunk = list(itertools.islice(iterator, size))
                if not chunk or (drop_remainder and len(chunk) < size):
                    return
                yield _stack(chunk)

        return Dataset(batches, _batched_count(self._cardinality, size, drop_remainder))

    def shuffle(
        self,
        buffer_size: int,
        seed: int | None = None,
        reshuffle_each_iteration: bool = True,
        name: str | None = None,
    ) -> Dataset:
        """TF's buffered shuffle: a random pick from a buffer of `buffer_size` elements."""
        state = {"rng": np.random.default_rng(seed)}
        if seed is None:
            from visualtape.engine import random as engine_random

            state["rng"] = np.random.default_rng(engine_random._rng(None).integers(2**63))
        base_seed = int(state["rng"].integers(2**63))

        def shuffled() -> Iterator[Any]:
            rng = state["rng"] if reshuffle_each_iteration else np.random.default_rng(base_seed)
            buffer: list[Any] = []
            for element in self:
                buffer.append(element)
                if len(buffer) >= buffer_size:
                    yield buffer.pop(int(rng.integers(len(buffer))))
            while buffer:
                yield buffer.pop(int(rng.integers(len(buffer))))

        return Dataset(shuffled, self._cardinality)

    def repeat(self, count: int | None = None, name: str | None = None) -> Dataset:
        def repeated() -> Iterator[Any]:
            passes = itertools.count() if count is None or count < 0 else range(int(count))
            for _ in passes:
                yield from self

        if count is None or count < 0:
            card = INFINITE
        else:
            card = self._cardinality * int(count) if self._cardinality >= 0 else self._cardinality
        return Dataset(repeated, card if self._cardinality != 0 else 0)

    def take(self, count: int, name: str | None = None) -> Dataset:
        n = int(count)
        card = (
            self._cardinality
            if n < 0
            else (n if self._cardinality < 0 else min(n, self._cardinality))
        )
        return Dataset(lambda: itertools.islice(iter(self), None if n < 0 else n), card)

    def skip(self, count: int, name: str | None = None) -> Dataset:
        n = int(count)
        card = self._cardinality if self._cardinality < 0 else max(0, self._cardinality - n)
        return Dataset(lambda: itertools.islice(iter(self), n, None), card)

    def map(
        self,
        map_func: Callable[..., Any],
        num_parallel_calls: Any = None,
        deterministic: Any = None,
        name: str | None = None,
    ) -> Dataset:
        """Apply `map_func` to each element (tuples are unpacked into arguments, as in TF)."""

        def mapped() -> Iterator[Any]:
            for element in self:
                yield map_func(*element) if isinstance(element, tuple) else map_func(element)

        return Dataset(mapped, self._cardinality)

    def filter(self, predicate: Callable[..., Any], name: str | None = None) -> Dataset:
        def kept() -> Iterator[Any]:
            for element in self:
                keep = predicate(*element) if isinstance(element, tuple) else predicate(element)
                if bool(keep):
                    yield element

        return Dataset(kept, UNKNOWN)

    def enumerate(self, start: int = 0, name: str | None = None) -> Dataset:
        def numbered() -> Iterator[Any]:
            for i, element in enumerate(self, start):
                yield Tensor(np.asarray(i, dtype=np.int64)), element

        return Dataset(numbered, self._cardinality)

    def prefetch(self, buffer_size: Any = None, name: str | None = None) -> Dataset:
        return self  # nothing to overlap in a single-threaded engine

    def cache(self, filename: str = "", name: str | None = None) -> Dataset:
        return self

    # --- access ---------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Any]:
        return self._make_iterator()

    def as_numpy_iterator(self) -> Iterator[Any]:
        for element in self:
            yield nest.pack_sequence_as(element, [leaf.numpy() for leaf in nest.flatten(element)])

    def cardinality(self) -> Tensor:
        return Tensor(np.asarray(self._cardinality, dtype=np.int64))

    def __len__(self) -> int:
        if self._cardinality == INFINITE:
            raise TypeError("The dataset is infinite.")
        if self._cardinality < 0:
            raise TypeError("The dataset length is unknown.")
        return self._cardinality

    def __repr__(self) -> str:
        return f"<Dataset cardinality={self._cardinality}>"


def _normalize(structure: Any) -> Any:
    """Tuples and dicts are structure; a list is one tensor (as TF converts it)."""
    if isinstance(structure, dict):
        return {key: _normalize(value) for key, value in structure.items()}
    if isinstance(structure, tuple):
        return (
            type(structure)(*[_normalize(v) for v in structure])
            if hasattr(structure, "_fields")
            else tuple(_normalize(v) for v in structure)
        )
    return structure if isinstance(structure, Tensor) else _leaf_array(structure)


def _stack(chunk: list[Any]) -> Any:
    flat = [nest.flatten(element) for element in chunk]
    stacked = [Tensor(np.stack([row[i]._value for row in flat])) for i in range(len(flat[0]))]
    return nest.pack_sequence_as(chunk[0], stacked)


def _batched_count(card: int, size: int, drop: bool) -> int:
    if card < 0:
        return card
    return card // size if drop else -(-card // size)


experimental = type(
    "experimental",
    (),
    {"AUTOTUNE": -1, "INFINITE_CARDINALITY": INFINITE, "UNKNOWN_CARDINALITY": UNKNOWN},
)
AUTOTUNE = -1
