"""Frame bodies: one trace event <-> (type name, JSON, raw array bytes).

Body layout: u8 name length, name (ASCII), u32 JSON length, JSON, then the blob area: the raw
C-order bytes of every array, back to back. The JSON comes in one of two layouts, told apart by
its first character:

`[` compact (`codec_compact`; format 2, used whenever it can hold the event): each dataclass
is a JSON array of its field values in field order, with no names or tags; the reader knows
every field's shape from the type hints in `visualtape.engine.events`. Per field:

    int, str, float, bool, None   themselves (exact types only: no numpy scalars or enums)
    tuple of those                JSON array
    JSON-native (dicts, lists)    themselves (str keys; any hint the compact layout lacks)
    registered dataclass          its own compact array (or null)
    ndarray                       [dtype str, shape]; the bytes come next in the blob area
    ndarray over the budget       {"s": compact ArraySummary}

Encoders and decoders are generated once per class from `dataclasses.fields` and the type hints
(`codec_compact`), so a new event type or field needs no change here.

`{` tagged (`codec_tagged`; format 1, and the fallback for any value outside the compact
layout: numpy scalars, enums, bytes, tuples inside attrs, ...): values map as

    None, bool, int, float, str   themselves (numpy scalars become Python scalars first)
    list                          JSON array
    tuple                         {"@t": [...]}
    dict                          {"@d": [[key, value], ...]}  (keys encoded like values)
    bytes                         {"@y": "<base64>"}
    ndarray                       {"@a": [dtype str, shape, byte offset into the blob area]}
    registered dataclass          {"@c": "TensorInfo", field: value, ...}

Only classes in `EVENT_TYPES` and `VALUE_TYPES` are ever rebuilt; nothing from a stream is
imported, evaluated or unpickled. Arrays of object (or structured) dtype are refused both ways.

>>> from visualtape.engine.events import TapeClosed
>>> decode_body(encode_body(TapeClosed(tape_id=3)))
TapeClosed(tape_id=3)
"""

from __future__ import annotations

import struct
from typing import Any

from visualtape.engine.events import EVENT_TYPES
from visualtape.session.codec_compact import NotCompact, decode_compact, encode_compact
from visualtape.session.codec_shared import FrameContentError
from visualtape.session.codec_tagged import decode_tagged, encode_tagged
from visualtape.session.values import DEFAULT_BUDGET, ValueBudget

__all__ = ["FrameContentError", "decode_body", "encode_body"]

_NAME_LEN = struct.Struct("<B")
_JSON_LEN = struct.Struct("<I")
_NAME_HEADS = {
    cls: _NAME_LEN.pack(len(cls.__name__)) + cls.__name__.encode() for cls in EVENT_TYPES
}
_EVENTS_BY_NAME = {cls.__name__.encode(): cls for cls in EVENT_TYPES}


def encode_body(event: Any, budget: ValueBudget | None = None) -> bytes:
    """The body of one frame (without length prefix or checksum).

    Raises TypeError for an unregistered event type or a value the format cannot hold.
    """
    cls = type(event)
    head = _NAME_HEADS.get(cls)
    if head is None:
        raise TypeError(f"{cls.__name__} is not a trace event type (not in EVENT_TYPES)")
    budget = DEFAULT_BUDGET if budget is None else budget
    try:
        meta, blobs = encode_compact(event, budget)
    except (NotCompact, TypeError, ValueError):  # Type/ValueError: a value json cannot write
        meta, blobs = encode_tagged(event, budget)
    data = meta.encode("ascii")
    return b"".join([head, _JSON_LEN.pack(len(data)), data, *blobs])


_DECODE_ERRORS = (
    ValueError,  # includes json, unicode, base64 and numpy shape errors
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    OverflowError,
)


def decode_body(body: bytes) -> Any:
    """Rebuild the event in a frame body. Raises FrameContentError if it cannot."""
    try:
        start = body[0] + 1 + _JSON_LEN.size if body else 1
        if len(body) < start:
            raise FrameContentError("frame body is too short")
        cls = _EVENTS_BY_NAME.get(body[1 : start - _JSON_LEN.size])
        if cls is None:
            name = body[1 : start - _JSON_LEN.size].decode("ascii", "backslashreplace")
            raise FrameContentError(f"unknown event type {name!r}")
        (json_len,) = _JSON_LEN.unpack_from(body, start - _JSON_LEN.size)
        end = start + json_len
        if end > len(body):
            raise FrameContentError("JSON length runs past the end of the frame")
        text = body[start:end].decode("utf-8")
        if text[:1] == "[":
            return decode_compact(cls, text, body, end)
        return decode_tagged(cls.__name__, text, memoryview(body)[end:])
    except FrameContentError:
        raise
    except _DECODE_ERRORS as error:
        raise FrameContentError(f"{type(error).__name__}: {error}") from None
