"""Flattening and re-packing nested lists/tuples/dicts of tensors (TF's `tf.nest`, minimal).

>>> flatten({"b": 2, "a": (1, 3)})
[1, 3, 2]
>>> pack_sequence_as({"b": 0, "a": (0, 0)}, [10, 30, 20])
{'b': 20, 'a': (10, 30)}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# NOTE: tuples of types, not `list | tuple`: a union in an isinstance call is built afresh on
# every call (these run on every gradient call).
_SEQUENCES = (list, tuple)
_NESTED = (list, tuple, dict)


def _is_sequence(value: Any) -> bool:
    return isinstance(value, _NESTED)


def flatten(structure: Any) -> list[Any]:
    """Leaves in a fixed order: sequences in order, dicts by sorted key (as tf.nest does)."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, _SEQUENCES):
        leaves: list[Any] = []
        for item in structure:  # recursing only into nested items (a flat list is common)
            if isinstance(item, _NESTED):
                leaves.extend(flatten(item))
            else:
                leaves.append(item)
        return leaves
    return [structure]


def pack_sequence_as(structure: Any, flat: list[Any]) -> Any:
    """Rebuild `structure`'s shape with the leaves of `flat`, in `flatten` order."""
    return _build(structure, iter(flat))


def _build(node: Any, leaves: Iterator[Any]) -> Any:
    # NOTE: a module-level function, not a recursive closure: a closure that refers to itself
    # is a reference cycle, which kept every gradient result (e.g. an 800 KB weight gradient)
    # alive until the cyclic garbage collector ran; the heap then grew and page-faulted.
    if isinstance(node, dict):
        built = {key: _build(node[key], leaves) for key in sorted(node)}
        return {key: built[key] for key in node}
    if isinstance(node, _SEQUENCES):
        items = [_build(item, leaves) for item in node]
        return type(node)(items) if not hasattr(node, "_fields") else type(node)(*items)
    return next(leaves)
