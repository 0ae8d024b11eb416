"""Frame bodies: one trace event <-> (type name, JSON tree, raw array blobs).

The codec knows no event by name. It walks a dataclass's fields generically, so a new event type
in `EVENT_TYPES` (or a new field on an existing one) needs no change here. Values map to JSON as:

    None, bool, int, float, str   themselves (numpy scalars become Python scalars first)
    list                          JSON array
    tuple                         {"@t": [...]}
    dict                          {"@d": [[key, value], ...]}  (keys encoded like values)
    bytes                         {"@y": "<base64>"}
    ndarray                       {"@a": [dtype str, shape, byte offset into the blob area]}
    registered dataclass          {"@c": "TensorInfo", field: value, ...}

Dataclass field names never start with "@", so every JSON object is unambiguous. Decoding runs
inside the C JSON parser through an object hook. Only classes in `EVENT_TYPES` and `VALUE_TYPES` are
ever rebuilt; nothing is imported, evaluated or unpickled. Arrays of object (or structured) dtype
are refused both ways.

Body layout: u8 name length, name (ASCII), u32 JSON length, JSON (the event, as above), then the
blob area: the raw C-order bytes of every array, back to back.

>>> from visualtape.engine.events import TapeClosed
>>> decode_body(encode_body(TapeClosed(tape_id=3)))
TapeClosed(tape_id=3)
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
import struct
import threading
from typing import Any

import numpy as np

from visualtape.engine.events import EVENT_TYPES, VALUE_TYPES, ArraySummary
from visualtape.session.values import DEFAULT_BUDGET, ValueBudget, summarize

ARRAY_KINDS = "biufcUS"  # bool, int, uint, float, complex, unicode, bytes: plain memory only
_DTYPE_PATTERN = re.compile(r"[<>|=][biufcUS][0-9]{1,6}")
_NAME_LEN = struct.Struct("<B")
_JSON_LEN = struct.Struct("<I")
_CLASSES: dict[str, type] = {cls.__name__: cls for cls in (*EVENT_TYPES, *VALUE_TYPES)}
_EVENT_NAMES = frozenset(cls.__name__ for cls in EVENT_TYPES)
_PLAIN = frozenset({str, int, float, bool, type(None)})
_PER_THREAD = threading.local()
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True, check_circular=False).encode


class FrameContentError(ValueError):
    """A frame whose checksum is valid but whose content cannot be rebuilt into an event."""


class _Unencodable(TypeError):
    """Raised inside the walk; collects the field path on the way out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _CLASSES.values()
}
_FIELD_SETS: dict[type, frozenset[str]] = {cls: frozenset(n) for cls, n in _FIELD_NAMES.items()}


# --- encoding ---------------------------------------------------------------------------------


class _Encoder:
    """One frame's walk: turns values into a JSON tree and collects the arrays as blobs."""

    def __init__(self, budget: ValueBudget) -> None:
        self.budget = budget
        self.blobs: list[memoryview] = []
        self.size = 0  # bytes in the blob area so far

    def value(self, v: Any, budgeted: bool = True) -> Any:
        kind = type(v)
        if kind in _PLAIN:
            return v
        if kind is tuple:
            return {"@t": [self.value(item, budgeted) for item in v]}
        if kind is np.ndarray:
            return self.array(v, budgeted)
        if _CLASSES.get(kind.__name__) is kind:
            return self.dataclass(v)
        return self.other(v, budgeted)

    def other(self, v: Any, budgeted: bool) -> Any:
        """The rarer cases: numpy scalars, subclasses of plain types, lists, dicts, bytes."""
        if isinstance(v, np.generic):
            return self.value(v.item(), budgeted)
        for plain in (int, float, str):  # subclasses such as IntEnum become the plain type
            if isinstance(v, plain):
                return plain(v)
        if isinstance(v, np.ndarray):
            return self.array(np.asarray(v), budgeted)
        if isinstance(v, list | tuple):
            items = [self.value(item, budgeted) for item in v]
            return items if isinstance(v, list) else {"@t": items}
        if isinstance(v, dict):
            return {"@d": [self.item(key, item, budgeted) for key, item in v.items()]}
        if isinstance(v, bytes | bytearray):
            return {"@y": base64.b64encode(bytes(v)).decode("ascii")}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            raise _Unencodable(f"{type(v).__name__} is not in EVENT_TYPES or VALUE_TYPES")
        raise _Unencodable(f"{type(v).__name__} values cannot be stored in a trace stream")

    def item(self, key: Any, v: Any, budgeted: bool) -> list[Any]:
        try:
            return [self.value(key), self.value(v, budgeted)]
        except _Unencodable as error:
            error.path.append(key if type(key) is str else repr(key))
            raise

    def dataclass(self, obj: Any) -> dict[str, Any]:
        cls = type(obj)
        budgeted = cls is not ArraySummary  # a summary's thumbnail is already small
        tree: dict[str, Any] = {"@c": cls.__name__}
        for name in _FIELD_NAMES[cls]:
            try:
                tree[name] = self.value(getattr(obj, name), budgeted)
            except _Unencodable as error:
                error.path.append(name)
                raise
        return tree

    def array(self, array: np.ndarray, budgeted: bool) -> Any:
        if budgeted and not self.budget.admits(array):
            return self.dataclass(summarize(array))
        dtype = array.dtype
        if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
            raise _Unencodable(f"arrays of dtype {dtype} cannot be stored (plain dtypes only)")
        spec = {"@a": [dtype.str, list(array.shape), self.size]}
        self.blobs.append(np.ascontiguousarray(array).data)
        self.size += array.nbytes
        return spec


def encode_body(event: Any, budget: ValueBudget | None = None) -> bytes:
    """The body of one frame (without length prefix or checksum).

    Raises TypeError for an unregistered event type or a value the format cannot hold.
    """
    cls = type(event)
    if cls.__name__ not in _EVENT_NAMES or _CLASSES[cls.__name__] is not cls:
        raise TypeError(f"{cls.__name__} is not a trace event type (not in EVENT_TYPES)")
    encoder = _Encoder(DEFAULT_BUDGET if budget is None else budget)
    try:
        tree = encoder.dataclass(event)
    except _Unencodable as error:
        path = ".".join(reversed(error.path))
        raise TypeError(f"cannot encode {cls.__name__}.{path}: {error.reason}") from None
    meta = _dumps(tree).encode("ascii")
    name = cls.__name__.encode("ascii")
    head = _NAME_LEN.pack(len(name)) + name + _JSON_LEN.pack(len(meta))
    return b"".join([head, meta, *encoder.blobs])


# --- decoding ---------------------------------------------------------------------------------

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
        name, meta, blob_area = _split_body(body)
        if name not in _EVENT_NAMES:
            raise FrameContentError(f"unknown event type {name!r}")
        decoder, hook = _json_decoder()
        hook.area, hook.used = blob_area, 0
        event = decoder.decode(meta.decode("utf-8"))
        if type(event) is not _CLASSES[name]:
            raise FrameContentError(f"frame named {name!r} holds {type(event).__name__}")
        if hook.used != len(blob_area):
            raise FrameContentError(f"{len(blob_area) - hook.used} stray bytes after the arrays")
        return event
    except FrameContentError:
        raise
    except _DECODE_ERRORS as error:
        raise FrameContentError(f"{type(error).__name__}: {error}") from None


def _split_body(body: bytes) -> tuple[str, bytes, memoryview]:
    view = memoryview(body)
    name_len = view[0] if view else 0
    start = _NAME_LEN.size + name_len + _JSON_LEN.size
    if len(view) < start:
        raise FrameContentError("frame body is too short")
    name = bytes(view[1 : 1 + name_len]).decode("ascii")
    (json_len,) = _JSON_LEN.unpack_from(view, 1 + name_len)
    if start + json_len > len(view):
        raise FrameContentError("JSON length runs past the end of the frame")
    return name, bytes(view[start : start + json_len]), view[start + json_len :]


class _ObjectHook:
    """Called by the JSON decoder for every object, innermost first: rebuilds tagged values.

    One per thread (see `_json_decoder`); `area` and `used` are reset for every frame.
    """

    def __init__(self) -> None:
        self.area = memoryview(b"")  # the blob area of the frame being decoded
        self.used = 0  # total bytes of the arrays read so far

    def __call__(self, obj: dict[str, Any]) -> Any:
        if "@c" in obj:
            return _rebuild(obj)
        if len(obj) != 1:
            raise FrameContentError(f"untagged JSON object {obj!r:.60}")
        ((tag, payload),) = obj.items()
        if tag == "@t" and type(payload) is list:
            return tuple(payload)
        if tag == "@a" and type(payload) is list and len(payload) == 3:
            return self.array(*payload)
        if tag == "@d" and type(payload) is list:
            return {key: item for key, item in payload}
        if tag == "@y" and type(payload) is str:
            return base64.b64decode(payload, validate=True)
        raise FrameContentError(f"unknown tag {tag!r:.60}")

    def array(self, dtype_str: Any, shape: Any, offset: Any) -> np.ndarray:
        if type(dtype_str) is not str or not _DTYPE_PATTERN.fullmatch(dtype_str):
            raise FrameContentError(f"refusing array dtype {dtype_str!r:.60}")
        if type(shape) is not list or any(type(n) is not int or n < 0 for n in shape):
            raise FrameContentError(f"bad array shape {shape!r:.60}")
        dtype = np.dtype(dtype_str)
        size = dtype.itemsize * math.prod(shape)
        if type(offset) is not int or offset < 0 or offset + size > len(self.area):
            raise FrameContentError("array data runs past the end of the frame")
        self.used += size
        flat = np.frombuffer(self.area[offset : offset + size], dtype=dtype)
        return flat.reshape(shape)  # read-only: it views the immutable frame bytes


def _json_decoder() -> tuple[json.JSONDecoder, _ObjectHook]:
    """This thread's JSON decoder and its hook (building a decoder per frame is slow)."""
    pair: tuple[json.JSONDecoder, _ObjectHook] | None = getattr(_PER_THREAD, "pair", None)
    if pair is None:
        hook = _ObjectHook()
        pair = _PER_THREAD.pair = (json.JSONDecoder(object_hook=hook), hook)
    return pair


def _rebuild(obj: dict[str, Any]) -> Any:
    name = obj.pop("@c")
    cls = _CLASSES.get(name) if type(name) is str else None
    if cls is None:
        raise FrameContentError(f"unknown value type {name!r:.60}")
    if not _FIELD_SETS[cls].issuperset(obj):
        unknown = sorted(set(obj) - _FIELD_SETS[cls])
        raise FrameContentError(f"{cls.__name__} has no field(s) {unknown}")
    return cls(**obj)
