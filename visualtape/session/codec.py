"""Frame bodies: one trace event <-> (type name, JSON, raw array bytes).

Body layout: u8 name length, name (ASCII), u32 JSON length, JSON, then the blob area: the raw
C-order bytes of every array, back to back. The JSON comes in one of two layouts, told apart by
its first character:

`[` compact (format 2, used whenever it can hold the event): each dataclass is a JSON array of
its field values in field order, with no names or tags; the reader knows every field's shape
from the type hints in `visualtape.engine.events`. Per field:

    int, str, float, bool, None   themselves (exact types only: no numpy scalars or enums)
    tuple of those                JSON array
    JSON-native (dicts, lists)    themselves (str keys; any hint the compact layout lacks)
    registered dataclass          its own compact array (or null)
    ndarray                       [dtype str, shape]; the bytes come next in the blob area
    ndarray over the budget       {"s": compact ArraySummary}

Encoders and decoders are generated once per class from `dataclasses.fields` and the type hints
(`_compile`), so a new event type or field needs no change here.

`{` tagged (format 1, and the fallback for any value outside the compact layout: numpy scalars,
enums, bytes, tuples inside attrs, ...): values map as

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

import base64
import dataclasses
import json
import math
import re
import struct
import threading
import typing
from json import encoder as json_encoder
from json import scanner as json_scanner
from typing import Any

import numpy as np

from visualtape.engine.events import EVENT_TYPES, VALUE_TYPES, ArraySummary, LossSurface
from visualtape.session.values import DEFAULT_BUDGET, ValueBudget, summarize

# Arrays of these are stored whole, whatever the budget: a summary's thumbnail is already small,
# and a loss surface is a display grid (at most 64 x 64) the parameter-space view needs entire.
_WHOLE_ARRAYS = frozenset({ArraySummary, LossSurface})
ARRAY_KINDS = "biufcUS"  # bool, int, uint, float, complex, unicode, bytes: plain memory only
_DTYPE_PATTERN = re.compile(r"[<>|=][biufcUS][0-9]{1,6}")
_NAME_LEN = struct.Struct("<B")
_JSON_LEN = struct.Struct("<I")
_CLASSES: dict[str, type] = {cls.__name__: cls for cls in (*EVENT_TYPES, *VALUE_TYPES)}
_PLAIN = frozenset({str, int, float, bool, type(None)})
_PER_THREAD = threading.local()
_NAME_HEADS = {
    cls: _NAME_LEN.pack(len(cls.__name__)) + cls.__name__.encode() for cls in EVENT_TYPES
}
_EVENTS_BY_NAME = {cls.__name__.encode(): cls for cls in EVENT_TYPES}


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


_dumps = _json_dumps()


class FrameContentError(ValueError):
    """A frame whose checksum is valid but whose content cannot be rebuilt into an event."""


class _Unencodable(TypeError):
    """Raised inside the tagged walk; collects the field path on the way out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []


class _NotCompact(Exception):
    """Raised inside a compact encoder: this event needs the tagged layout."""


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _CLASSES.values()
}
_FIELD_SETS: dict[type, frozenset[str]] = {cls: frozenset(n) for cls, n in _FIELD_NAMES.items()}


# --- public entry points -----------------------------------------------------------------------


def encode_body(event: Any, budget: ValueBudget | None = None) -> bytes:
    """The body of one frame (without length prefix or checksum).

    Raises TypeError for an unregistered event type or a value the format cannot hold.
    """
    cls = type(event)
    head = _NAME_HEADS.get(cls)
    if head is None:
        raise TypeError(f"{cls.__name__} is not a trace event type (not in EVENT_TYPES)")
    writer = _CompactWriter(DEFAULT_BUDGET if budget is None else budget)
    blobs: list[bytes | memoryview]
    try:
        meta = _dumps(_ENCODERS[cls](event, writer))
        blobs = writer.blobs
    except (_NotCompact, TypeError, ValueError):  # Type/ValueError: a value json cannot write
        meta, blobs = _encode_tagged(event, DEFAULT_BUDGET if budget is None else budget)
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
            return _decode_compact(cls, text, body, end)
        return _decode_tagged(cls.__name__, text, memoryview(body)[end:])
    except FrameContentError:
        raise
    except _DECODE_ERRORS as error:
        raise FrameContentError(f"{type(error).__name__}: {error}") from None


# --- compact layout: arrays ---------------------------------------------------------------------

# An array's spec is one string, dtype str then the sizes of its shape: "<f4" (a 0-d float32),
# "<f8,2,3". Both directions cache specs (bounded, so no stream can grow them without limit).
_SPEC_CACHE_SIZE = 4096
_SPEC_PATTERN = re.compile(r"([<>|=][biufcUS][0-9]{1,6})((?:,[0-9]{1,18})*)")
_SPECS: dict[tuple[np.dtype, tuple[int, ...]], str] = {}  # (dtype, shape) -> spec
_LAYOUTS: dict[str, tuple[np.dtype, tuple[int, ...], int]] = {}  # spec -> dtype, shape, bytes
_ndarray = np.ndarray


def _spec(array: np.ndarray) -> str:
    """The spec of an array; raises _NotCompact for a dtype that cannot be stored."""
    dtype = array.dtype
    if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
        raise _NotCompact  # the tagged encoder names the field in its error
    spec = ",".join([dtype.str, *map(str, array.shape)])
    if len(_SPECS) < _SPEC_CACHE_SIZE:
        _SPECS[dtype, array.shape] = spec
    return spec


def _layout(spec: Any) -> tuple[np.dtype, tuple[int, ...], int]:
    """dtype, shape and byte size of an array spec read from a stream (validated)."""
    match = _SPEC_PATTERN.fullmatch(spec) if type(spec) is str else None
    if match is None:
        raise FrameContentError(f"refusing array spec {spec!r:.60}")
    dtype = np.dtype(match[1])
    shape = tuple(int(n) for n in match[2].split(",")[1:])
    layout = (dtype, shape, dtype.itemsize * math.prod(shape))
    if len(_LAYOUTS) < _SPEC_CACHE_SIZE:
        _LAYOUTS[spec] = layout
    return layout


def _reader_dtype(text: Any) -> np.dtype:
    if type(text) is not str or not _DTYPE_PATTERN.fullmatch(text):
        raise FrameContentError(f"refusing array dtype {text!r:.60}")
    return np.dtype(text)


class _CompactWriter:
    """One frame's state while compact encoders run: the array bytes and the budget."""

    __slots__ = ("blobs", "limit")

    def __init__(self, budget: ValueBudget) -> None:
        self.blobs: list[bytes | memoryview] = []
        self.limit = math.inf if budget.full_values else budget.max_elements

    def array(self, value: Any) -> Any:
        """An array field: [dtype, shape] with its bytes in the blob area, or a summary."""
        if type(value) is _ndarray and value.size <= self.limit:
            spec = _SPECS.get((value.dtype, value.shape)) or _spec(value)
            self.blobs.append(value.tobytes() if value.size < 4096 else _c_order(value))
            return spec
        if value is None:
            return None
        if type(value) is _ndarray:
            return {"s": _ENCODERS[ArraySummary](summarize(value), self)}
        if type(value) is ArraySummary:
            return {"s": _ENCODERS[ArraySummary](value, self)}
        raise _NotCompact

    def whole(self, value: Any) -> str:
        """An array outside the budget (a summary's thumbnail): always stored whole."""
        if type(value) is not _ndarray:
            raise _NotCompact
        spec = _SPECS.get((value.dtype, value.shape)) or _spec(value)
        self.blobs.append(_c_order(value))
        return spec


def _c_order(array: np.ndarray) -> memoryview:
    """The array's bytes in C order, without a copy when it already is."""
    return np.ascontiguousarray(array).data


class _CompactReader:
    """One frame's state while compact decoders run: the body and the next unread blob byte."""

    __slots__ = ("body", "pos")

    def __init__(self, body: bytes, pos: int) -> None:
        self.body = body
        self.pos = pos

    def array(self, spec: Any) -> Any:
        if type(spec) is str:
            dtype, shape, size = _LAYOUTS.get(spec) or _layout(spec)
            array = _ndarray(shape, dtype, self.body, self.pos)  # read-only: bytes are immutable
            self.pos += size
            return array
        if spec is None:
            return None
        if type(spec) is dict and len(spec) == 1 and "s" in spec:
            return _DECODERS[ArraySummary](spec["s"], self)
        raise FrameContentError(f"bad array {spec!r:.60}")


def _decode_compact(cls: type, text: str, body: bytes, blobs_start: int) -> Any:
    try:
        tree, end = _scan(text, 0)
    except StopIteration as stop:  # the C scanner's way of saying "no JSON value here"
        raise FrameContentError(f"malformed JSON at character {stop.value}") from None
    if end != len(text) or type(tree) is not list:
        raise FrameContentError(f"{cls.__name__} frame is not one compact JSON array")
    reader = _CompactReader(body, blobs_start)
    event = _DECODERS[cls](tree, reader)
    if reader.pos != len(body):
        raise FrameContentError(f"{len(body) - reader.pos} stray bytes after the arrays")
    return event


# A plain JSON scanner, (text, index) -> (value, end), with no hooks. It keeps no state between
# calls (its key memo is cleared after each), so threads can share it.
_make_scanner: Any = json_scanner.make_scanner  # the C scanner when available
_scan = _make_scanner(json.JSONDecoder())


# --- compact layout: generated encoders and decoders ---------------------------------------------
#
# NOTE: the source below is generated from the field names and type hints of our own registered
# dataclasses (names checked to be identifiers) and compiled once at import. Nothing read from a
# stream ever reaches exec; decoding only indexes JSON arrays and calls these functions.

_PLAIN_HINTS = (int, str, float, bool, type(None))
_UnionType = type(int | None)


def _kind(hint: Any) -> tuple[Any, ...]:
    """How a field with this type hint is laid out: plain, tuple, array, object or json."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if hint in _PLAIN_HINTS or (
        typing.get_origin(hint) in (typing.Union, _UnionType)
        and all(a in _PLAIN_HINTS for a in args)
    ):
        return ("plain",)
    if hint is np.ndarray or (set(args) <= {np.ndarray, ArraySummary} and args):
        return ("array",)
    if hint in _FIELD_NAMES:
        return ("object", hint.__name__)
    if len(args) == 1 and typing.get_origin(hint) in (typing.Union, _UnionType):
        return _kind(args[0])
    if typing.get_origin(hint) is tuple and args:
        items = [_kind(a) for a in args if a is not Ellipsis]
        if len(set(items)) == 1:
            return ("tuple", items[0])
    return ("json",)  # anything else: kept when its value is JSON-native


def _encode_expr(kind: tuple[Any, ...], x: str, budgeted: bool) -> str:
    if kind[0] == "plain":
        return x
    if kind[0] == "array":
        return f"w.array({x})" if budgeted else f"w.whole({x})"
    if kind[0] == "object":
        return f"(enc_{kind[1]}({x}, w) if type({x}) is {kind[1]} else none({x}))"
    if kind[0] == "tuple" and kind[1][0] == "plain":
        return f"({x} if type({x}) is tuple and PLAIN.issuperset(map(type, {x})) else slow())"
    if kind[0] == "tuple":
        item = _encode_expr(kind[1], "i", budgeted)
        return f"([{item} for i in {x}] if type({x}) is tuple else slow())"
    return f"({x} if json_native({x}) else slow())"


def _decode_expr(kind: tuple[Any, ...], x: str) -> str:
    if kind[0] == "plain":
        return x
    if kind[0] == "array":
        return f"r.array({x})"
    if kind[0] == "object":
        return f"(None if {x} is None else dec_{kind[1]}({x}, r))"
    if kind[0] == "tuple" and kind[1][0] == "plain":
        return f"tuple({x})"
    if kind[0] == "tuple":
        return f"tuple([{_decode_expr(kind[1], 'i')} for i in {x}])"
    return x


def _class_source(cls: type) -> str:
    name, fields = cls.__name__, _FIELD_NAMES[cls]
    if not all(f.isidentifier() for f in (name, *fields)):
        raise TypeError(f"{name}: field names must be identifiers")
    hints = typing.get_type_hints(cls)
    kinds = [_kind(hints[f]) for f in fields]
    budgeted = cls not in _WHOLE_ARRAYS
    plain = [
        f"type(o.{f}) not in PLAIN" for f, k in zip(fields, kinds, strict=True) if k[0] == "plain"
    ]
    enc = [f"def enc_{name}(o, w):"]
    enc += [f"    if {' or '.join(plain)}: slow()"] if plain else []
    pairs = list(enumerate(zip(fields, kinds, strict=True)))
    enc += [f"    f{i} = o.{f}" for i, (f, k) in pairs if k[0] != "plain"]
    items = [
        f"o.{f}" if k[0] == "plain" else _encode_expr(k, f"f{i}", budgeted) for i, (f, k) in pairs
    ]
    enc.append(f"    return [{', '.join(items)}]")
    args = [_decode_expr(k, f"f{i}") for i, k in enumerate(kinds)]
    unpack = "".join(f"f{i}, " for i in range(len(fields)))
    dec = [f"def dec_{name}(t, r):", f"    ({unpack}) = t"]
    if _dict_buildable(cls):
        dec += [f"    o = new({name})", "    d = o.__dict__"]
        dec += [f"    d[{f!r}] = {a}" for f, a in zip(fields, args, strict=True)]
        dec.append("    return o")
    else:
        dec.append(f"    return {name}({', '.join(args)})")
    return "\n".join(enc + dec) + "\n"


def _dict_buildable(cls: type) -> bool:
    """True when filling __dict__ builds the same object as __init__ (plain dataclass fields)."""
    return (
        not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
        and all(f.init for f in dataclasses.fields(cls))
    )


def _slow() -> Any:
    raise _NotCompact


def _none(value: Any) -> None:
    if value is not None:
        raise _NotCompact


def _json_native(value: Any) -> bool:
    """True when JSON round-trips `value` exactly (str keys; no tuples, numpy or bytes)."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is list:
        return all(map(_json_native, value))
    if kind is dict:
        return all(type(k) is str for k in value) and all(map(_json_native, value.values()))
    return False


def _compile() -> tuple[dict[type, Any], dict[type, Any]]:
    namespace: dict[str, Any] = {
        "PLAIN": _PLAIN,
        "slow": _slow,
        "none": _none,
        "json_native": _json_native,
        "new": object.__new__,
        **{cls.__name__: cls for cls in _FIELD_NAMES},
    }
    for cls in _FIELD_NAMES:
        exec(_class_source(cls), namespace)  # noqa: S102 (see the NOTE above)
    encoders = {cls: namespace[f"enc_{cls.__name__}"] for cls in _FIELD_NAMES}
    decoders = {cls: namespace[f"dec_{cls.__name__}"] for cls in _FIELD_NAMES}
    return encoders, decoders


_ENCODERS, _DECODERS = _compile()


# --- tagged layout ------------------------------------------------------------------------------


def _encode_tagged(event: Any, budget: ValueBudget) -> tuple[str, list[bytes | memoryview]]:
    encoder = _TaggedEncoder(budget)
    try:
        tree = encoder.dataclass(event)
    except _Unencodable as error:
        path = ".".join(reversed(error.path))
        raise TypeError(f"cannot encode {type(event).__name__}.{path}: {error.reason}") from None
    return _dumps(tree), encoder.blobs


class _TaggedEncoder:
    """One frame's walk: turns values into a JSON tree and collects the arrays as blobs."""

    def __init__(self, budget: ValueBudget) -> None:
        self.budget = budget
        self.blobs: list[bytes | memoryview] = []
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
        budgeted = cls not in _WHOLE_ARRAYS
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


def _decode_tagged(name: str, text: str, blob_area: memoryview) -> Any:
    decoder, hook = _tagged_decoder()
    hook.area, hook.used = blob_area, 0
    event = decoder.decode(text)
    if type(event) is not _CLASSES[name]:
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
    cls = _CLASSES.get(name) if type(name) is str else None
    if cls is None:
        raise FrameContentError(f"unknown value type {name!r:.60}")
    if not _FIELD_SETS[cls].issuperset(obj):
        unknown = sorted(set(obj) - _FIELD_SETS[cls])
        raise FrameContentError(f"{cls.__name__} has no field(s) {unknown}")
    return cls(**obj)
