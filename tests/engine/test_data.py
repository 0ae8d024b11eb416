"""Dataset: slices, shuffle, batch, repeat, take, map."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape.engine.data import Dataset


def test_slices_of_tuples_and_dicts() -> None:
    pairs = list(Dataset.from_tensor_slices((np.arange(3.0), np.arange(3) * 10)))
    assert [(float(x), int(y)) for x, y in pairs] == [(0.0, 0), (1.0, 10), (2.0, 20)]
    rows = list(Dataset.from_tensor_slices({"a": [1, 2], "b": [[1.0, 2.0], [3.0, 4.0]]}))
    assert rows[1]["b"].numpy().tolist() == [3.0, 4.0] and rows[0]["a"].dtype == "int32"


def test_shuffle_is_a_permutation_seeded_and_reshuffled() -> None:
    ds = Dataset.from_tensor_slices(np.arange(20)).shuffle(20, seed=3)
    first, second = [int(v) for v in ds], [int(v) for v in ds]
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert first != second  # reshuffle_each_iteration
    again = [int(v) for v in Dataset.from_tensor_slices(np.arange(20)).shuffle(20, seed=3)]
    assert again == first


def test_batch_repeat_take_map() -> None:
    ds = Dataset.from_tensor_slices(np.arange(5)).map(lambda x: x * 2).batch(2).repeat(2)
    batches = [b.numpy().tolist() for b in ds]
    assert batches == [[0, 2], [4, 6], [8], [0, 2], [4, 6], [8]]
    assert len(Dataset.from_tensor_slices(np.arange(5)).batch(2, drop_remainder=True)) == 2
    assert [int(v) for v in Dataset.range(10).take(3)] == [0, 1, 2]


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="must match"):
        Dataset.from_tensor_slices((np.arange(3), np.arange(4)))
