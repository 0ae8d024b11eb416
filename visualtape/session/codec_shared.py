"""What both frame-body layouts share (see `visualtape.session.codec`): the registered classes
and their fields, which values are plain, which arrays are storable, and the JSON writer."""

from __future__ import annotations

import dataclasses
import json
from json import encoder as json_encoder
from typing import Any

from visualtape.engine.events import EVENT_TYPES, VALUE_TYPES, ArraySummary, LossSurface

# Arrays of these are stored whole, whatever the budget: a summary's thumbnail is already small,
# and a loss surface is a display grid (at most 64 x 64) the parameter-space view needs entire.
WHOLE_ARRAYS = frozenset({ArraySummary, LossSurface})
ARRAY_KINDS = "biufcUS"  # bool, int, uint, float, complex, unicode, bytes: plain memory only
CLASSES: dict[str, type] = {cls.__name__: cls for cls in (*EVENT_TYPES, *VALUE_TYPES)}
PLAIN = frozenset({str, int, float, bool, type(None)})
FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in CLASSES.values()
}
FIELD_SETS: dict[type, frozenset[str]] = {cls: frozenset(n) for cls, n in FIELD_NAMES.items()}


class FrameContentError(ValueError):
    """A frame whose checksum is valid but whose content cannot be rebuilt into an event."""


def _json_dumps() -> Any:
    """str of a JSON tree, from the C encoder made once (JSONEncoder.encode makes one per call)."""
    options = {"separators": (",", ":"), "ensure_ascii": True, "check_circular": False}
    make_encoder = getattr(json_encoder, "c_make_encoder", None)  # None without the C module
    if make_encoder is None:
        return json.JSONEncoder(**options).encode  # type: ignore[arg-type]

    def refuse(value: Any) -> Any:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    chunks = make_encoder(
        None, refuse, json_encoder.encode_basestring_ascii, None, ":", ",", False, False, True
    )
    return lambda tree: "".join(chunks(tree, 0))


dumps = _json_dumps()
