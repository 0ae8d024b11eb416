"""The compact frame-body layout (format 2): each dataclass a JSON array of its field values,
arrays as "dtype,shape" specs with their bytes in the blob area. Encoders and decoders are
generated once per class from the type hints (see `visualtape.session.codec`)."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import typing
from json import scanner as json_scanner
from typing import Any

import numpy as np

from visualtape.engine.events import ArraySummary
from visualtape.session.codec_shared import (
    ARRAY_KINDS,
    FIELD_NAMES,
    PLAIN,
    WHOLE_ARRAYS,
    FrameContentError,
    dumps,
)
from visualtape.session.values import ValueBudget, summary_of


class NotCompact(Exception):
    """Raised inside a compact encoder: this event needs the tagged layout."""


def encode_compact(event: Any, budget: ValueBudget) -> tuple[str, list[bytes | memoryview]]:
    """(JSON, blobs) of `event`; raises NotCompact (or a json Type/ValueError) when a value
    is outside the compact layout."""
    writer = _CompactWriter(budget)
    return dumps(_ENCODERS[type(event)](event, writer)), writer.blobs


# An array's spec is one string, dtype str then the sizes of its shape: "<f4" (a 0-d float32),
# "<f8,2,3". Both directions cache specs (bounded, so no stream can grow them without limit).
_SPEC_CACHE_SIZE = 4096
_SPEC_PATTERN = re.compile(r"([<>|=][biufcUS][0-9]{1,6})((?:,[0-9]{1,18})*)")
_SPECS: dict[tuple[np.dtype, tuple[int, ...]], str] = {}  # (dtype, shape) -> spec
_LAYOUTS: dict[str, tuple[np.dtype, tuple[int, ...], int]] = {}  # spec -> dtype, shape, bytes
_ndarray = np.ndarray


def _spec(array: np.ndarray) -> str:
    """The spec of an array; raises NotCompact for a dtype that cannot be stored."""
    dtype = array.dtype
    if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
        raise NotCompact  # the tagged encoder names the field in its error
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
            return {"s": _ENCODERS[ArraySummary](summary_of(value), self)}
        if type(value) is ArraySummary:
            return {"s": _ENCODERS[ArraySummary](value, self)}
        raise NotCompact

    def whole(self, value: Any) -> str:
        """An array outside the budget (a summary's thumbnail): always stored whole."""
        if type(value) is not _ndarray:
            raise NotCompact
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


def decode_compact(cls: type, text: str, body: bytes, blobs_start: int) -> Any:
    try:
        tree, end = _scan(text, 0)
    except StopIteration as stop:  # the C scanner's way of saying "no JSON value here"
        raise FrameContentError(f"malformed JSON at character {stop.value}") from None
    if end != len(text) or type(tree) is not list:
        raise FrameContentError(f"{cls.__name__} frame is not one compact JSON array")
    reader = _CompactReader(body, blobs_start)
    missing = _FIELD_COUNTS[cls] - len(tree)
    if 0 < missing <= len(_LATER_FIELDS[cls]):  # written before its last fields existed
        tree += _LATER_FIELDS[cls][-missing:]
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
    if hint in FIELD_NAMES:
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
    name, fields = cls.__name__, FIELD_NAMES[cls]
    if not all(f.isidentifier() for f in (name, *fields)):
        raise TypeError(f"{name}: field names must be identifiers")
    hints = typing.get_type_hints(cls)
    kinds = [_kind(hints[f]) for f in fields]
    budgeted = cls not in WHOLE_ARRAYS
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
    raise NotCompact


def _none(value: Any) -> None:
    if value is not None:
        raise NotCompact


def _json_native(value: Any) -> bool:
    """True when JSON round-trips `value` exactly (str keys; no tuples, numpy or bytes)."""
    kind = type(value)
    if kind in PLAIN:
        return True
    if kind is list:
        return all(map(_json_native, value))
    if kind is dict:
        return all(type(k) is str for k in value) and all(map(_json_native, value.values()))
    return False


def _compile() -> tuple[dict[type, Any], dict[type, Any]]:
    namespace: dict[str, Any] = {
        "PLAIN": PLAIN,
        "slow": _slow,
        "none": _none,
        "json_native": _json_native,
        "new": object.__new__,
        **{cls.__name__: cls for cls in FIELD_NAMES},
    }
    for cls in FIELD_NAMES:
        exec(_class_source(cls), namespace)  # noqa: S102 (see the NOTE above)
    encoders = {cls: namespace[f"enc_{cls.__name__}"] for cls in FIELD_NAMES}
    decoders = {cls: namespace[f"dec_{cls.__name__}"] for cls in FIELD_NAMES}
    return encoders, decoders


_ENCODERS, _DECODERS = _compile()
_FIELD_COUNTS = {cls: len(fields) for cls, fields in FIELD_NAMES.items()}


def _later_fields(cls: type) -> list[Any]:
    """The encoded defaults of the trailing fields a frame written by an older visualtape may
    lack: fields added later with a plain default (tuples are JSON lists). Adding a field with
    such a default at the end of an event class keeps old sessions readable."""
    defaults: list[Any] = []
    for field in reversed(dataclasses.fields(cls)):
        value = field.default
        if value is dataclasses.MISSING or not (
            type(value) in PLAIN or (type(value) is tuple and PLAIN.issuperset(map(type, value)))
        ):
            break
        defaults.insert(0, list(value) if type(value) is tuple else value)
    return defaults


_LATER_FIELDS = {cls: _later_fields(cls) for cls in FIELD_NAMES}
