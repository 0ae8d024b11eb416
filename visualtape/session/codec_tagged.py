"""The tagged frame-body layout (format 1, and the fallback for values outside the compact one):
a JSON tree with tags for tuples, dicts, bytes, arrays and dataclasses (see
`visualtape.session.codec`)."""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
import threading
from typing import Any

import numpy as np

from visualtape.session.codec_shared import (
    ARRAY_KINDS,
    CLASSES,
    FIELD_NAMES,
    FIELD_SETS,
    PLAIN,
    WHOLE_ARRAYS,
    FrameContentError,
    dumps,
)
from visualtape.session.values import ValueBudget, summary_of

_DTYPE_PATTERN = re.compile(r"[<>|=][biufcUS][0-9]{1,6}")
_PER_THREAD = threading.local()


class _Unencodable(TypeError):
    """Raised inside the tagged walk; collects the field path on the way out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []


def _reader_dtype(text: Any) -> np.dtype:
    if type(text) is not str or not _DTYPE_PATTERN.fullmatch(text):
        raise FrameContentError(f"refusing array dtype {text!r:.60}")
    return np.dtype(text)


def encode_tagged(event: Any, budget: ValueBudget) -> tuple[str, list[bytes | memoryview]]:
    encoder = _TaggedEncoder(budget)
    try:
        tree = encoder.dataclass(event)
    except _Unencodable as error:
        path = ".".join(reversed(error.path))
        raise TypeError(f"cannot encode {type(event).__name__}.{path}: {error.reason}") from None
    return dumps(tree), encoder.blobs


class _TaggedEncoder:
    """One frame's walk: turns values into a JSON tree and collects the arrays as blobs."""

    def __init__(self, budget: ValueBudget) -> None:
        self.budget = budget
        self.blobs: list[bytes | memoryview] = []
        self.size = 0  # bytes in the blob area so far

    def value(self, v: Any, budgeted: bool = True) -> Any:
        kind = type(v)
        if kind in PLAIN:
            return v
        if kind is tuple:
            return {"@t": [self.value(item, budgeted) for item in v]}
        if kind is np.ndarray:
            return self.array(v, budgeted)
        if CLASSES.get(kind.__name__) is kind:
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
        budgeted = cls not in WHOLE_ARRAYS
        tree: dict[str, Any] = {"@c": cls.__name__}
        for name in FIELD_NAMES[cls]:
            try:
                tree[name] = self.value(getattr(obj, name), budgeted)
            except _Unencodable as error:
                error.path.append(name)
                raise
        return tree

    def array(self, array: np.ndarray, budgeted: bool) -> Any:
        if budgeted and not self.budget.admits(array):
            return self.dataclass(summary_of(array))
        dtype = array.dtype
        if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
            raise _Unencodable(f"arrays of dtype {dtype} cannot be stored (plain dtypes only)")
        spec = {"@a": [dtype.str, list(array.shape), self.size]}
        self.blobs.append(np.ascontiguousarray(array).data)
        self.size += array.nbytes
        return spec


def decode_tagged(name: str, text: str, blob_area: memoryview) -> Any:
    decoder, hook = _tagged_decoder()
    hook.area, hook.used = blob_area, 0
    event = decoder.decode(text)
    if type(event) is not CLASSES[name]:
        raise FrameContentError(f"frame named {name!r} holds {type(event).__name__}")
    if hook.used != len(blob_area):
        raise FrameContentError(f"{len(blob_area) - hook.used} stray bytes after the arrays")
    return event


class _ObjectHook:
    """Called by the JSON decoder for every object, innermost first: rebuilds tagged values.

    One per thread (see `_tagged_decoder`); `area` and `used` are reset for every frame.
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
        dtype = _reader_dtype(dtype_str)
        if type(shape) is not list or any(type(n) is not int or n < 0 for n in shape):
            raise FrameContentError(f"bad array shape {shape!r:.60}")
        size = dtype.itemsize * math.prod(shape)
        if type(offset) is not int or offset < 0 or offset + size > len(self.area):
            raise FrameContentError("array data runs past the end of the frame")
        self.used += size
        flat = np.frombuffer(self.area[offset : offset + size], dtype=dtype)
        return flat.reshape(shape)  # read-only: it views the immutable frame bytes


def _tagged_decoder() -> tuple[json.JSONDecoder, _ObjectHook]:
    """This thread's JSON decoder and its hook (building a decoder per frame is slow)."""
    pair: tuple[json.JSONDecoder, _ObjectHook] | None = getattr(_PER_THREAD, "pair", None)
    if pair is None:
        hook = _ObjectHook()
        pair = _PER_THREAD.pair = (json.JSONDecoder(object_hook=hook), hook)
    return pair


def _rebuild(obj: dict[str, Any]) -> Any:
    name = obj.pop("@c")
    cls = CLASSES.get(name) if type(name) is str else None
    if cls is None:
        raise FrameContentError(f"unknown value type {name!r:.60}")
    if not FIELD_SETS[cls].issuperset(obj):
        unknown = sorted(set(obj) - FIELD_SETS[cls])
        raise FrameContentError(f"{cls.__name__} has no field(s) {unknown}")
    return cls(**obj)
