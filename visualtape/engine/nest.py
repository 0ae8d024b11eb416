"""Flattening and re-packing nested lists/tuples/dicts of tensors (TF's `tf.nest`, minimal).

>>> flatten({"b": 2, "a": (1, 3)})
[1, 3, 2]
>>> pack_sequence_as({"b": 0, "a": (0, 0)}, [10, 30, 20])
{'b': 20, 'a': (10, 30)}
"""

from __future__ import annotations

from typing import Any


def _is_sequence(value: Any) -> bool:
    return isinstance(value, list | tuple | dict)


def flatten(structure: Any) -> list[Any]:
    """Leaves in a fixed order: sequences in order, dicts by sorted key (as tf.nest does)."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, list | tuple):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack_sequence_as(structure: Any, flat: list[Any]) -> Any:
    """Rebuild `structure`'s shape with the leaves of `flat`, in `flatten` order."""
    leaves = iter(flat)

    def build(node: Any) -> Any:
        if isinstance(node, dict):
            built = {key: build(node[key]) for key in sorted(node)}
            return {key: built[key] for key in node}
        if isinstance(node, list | tuple):
            items = [build(item) for item in node]
            return type(node)(items) if not hasattr(node, "_fields") else type(node)(*items)
        return next(leaves)

    return build(structure)
