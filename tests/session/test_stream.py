"""The trace stream codec: every event type round-trips, values keep their types, the value
budget summarises large arrays, incremental decoding and error reporting."""

from __future__ import annotations

import dataclasses
import enum
import io
import json
import math
import random
import struct
import threading
import weakref
import zlib
from typing import Any

import numpy as np
import pytest

from visualtape.engine import events as ev
from visualtape.session import values
from visualtape.session.stream import (
    FORMAT_VERSION,
    MAGIC,
    NewerFormatError,
    StreamDecoder,
    StreamFormatError,
    StreamWriter,
    encode_event,
    encode_header,
)
from visualtape.session.values import ValueBudget, summarize, summary_of

FULL = ValueBudget(full_values=True)
LOC = ev.SourceLocation(file="/home/kim/lesson_03.py", line=14, function="train_step")


def _f32(values: Any) -> np.ndarray:
    array = np.array(values, dtype=np.float32)
    array.setflags(write=False)
    return array


W = ev.TensorInfo(
    id=11,
    kind="variable",
    dtype="float32",
    shape=(2, 2),
    value=_f32([[0.5, -1.0], [2.0, 0.25]]),
    name="w",
    trainable=True,
)
X = ev.TensorInfo(id=12, kind="constant", dtype="float32", shape=(), value=_f32(3.0))
Y = ev.TensorInfo(
    id=13, kind="intermediate", dtype="float32", shape=(2, 2), value=_f32([[1.5, -3], [6, 0.75]])
)
GRAD = _f32([[3.0, 3.0], [3.0, 3.0]])

SAMPLES: dict[type, Any] = {
    ev.TapeOpened: ev.TapeOpened(
        tape_id=2, persistent=True, watch_accessed_variables=False, parent_tape_id=1, location=LOC
    ),
    ev.TapeClosed: ev.TapeClosed(tape_id=2),
    ev.TapeReset: ev.TapeReset(tape_id=1),
    ev.TensorWatched: ev.TensorWatched(tape_id=1, tensor=X, explicit=True),
    ev.OpRecorded: ev.OpRecorded(
        record_id=5,
        tape_ids=(1, 2),
        op="multiply",
        inputs=(W, X),
        output=Y,
        attrs={"transpose_a": False, "axis": (0, 1), "name": None, "alpha": 0.5, "mode": "sum"},
        location=LOC,
        scope="Dense_1",
        gradient_call_id=None,
    ),
    ev.GradientStarted: ev.GradientStarted(
        call_id=1,
        tape_id=1,
        targets=(Y,),
        sources=(W, X),
        seeds=(_f32(np.ones((2, 2))),),
        location=LOC,
        kind="jacobian",
    ),
    ev.BackwardStep: ev.BackwardStep(
        call_id=1,
        record_id=5,
        op="multiply",
        output_id=13,
        upstream=_f32(np.ones((2, 2))),
        input_ids=(11, 12),
        input_grads=(GRAD, None),
        accumulated=(GRAD, None),
    ),
    ev.GradientFinished: ev.GradientFinished(
        call_id=1,
        tape_id=1,
        source_ids=(11, 12),
        results=(GRAD, None),
        reasons=("", "not_watched"),
        tape_released=True,
    ),
    ev.GradientFailed: ev.GradientFailed(
        call_id=2,
        tape_id=1,
        error_type="RuntimeError",
        message="A non-persistent GradientTape can only be used to compute one set of gradients",
        location=LOC,
    ),
    ev.VariableCreated: ev.VariableCreated(tensor=W, location=LOC),
    ev.VariableAssigned: ev.VariableAssigned(
        variable_id=11,
        name="w",
        value=_f32([[0.2, -1.3], [1.7, -0.05]]),
        method="assign_sub",
        location=None,
    ),
    ev.NamesResolved: ev.NamesResolved(names={"11": "w", "13": "y"}),
    ev.ScalarLogged: ev.ScalarLogged(name="loss", step=7, value=0.125),
    ev.LossSurface: ev.LossSurface(
        x_name="w",
        y_name="b",
        x_variable_id=8,
        y_variable_id=9,
        xs=np.linspace(-1.0, 3.0, 3),
        ys=np.linspace(0.0, 1.0, 2),
        values=np.arange(6, dtype=np.float64).reshape(2, 3),
    ),
    ev.PrintOutput: ev.PrintOutput(text="epoch 1 손실 0.125 損失\n", stream="tf.print"),
    ev.FunctionTraced: ev.FunctionTraced(
        function="train_step",
        trace_count=2,
        signature="(x: float32[2,2], n=3)",
        reason="new input signature",
        op_count=3,
        ops=("matmul", "add", "reduce_sum"),
        location=LOC,
    ),
    ev.ScriptStarted: ev.ScriptStarted(
        path="/home/kim/lesson_03.py",
        source="import tensorflow as tf\nx = tf.Variable(3.0)\n",
        argv=("lesson_03.py", "--epochs", "3"),
    ),
    ev.ScriptFinished: ev.ScriptFinished(exit_code=0, seconds=1.25),
    ev.ScriptError: ev.ScriptError(
        error_type="ValueError",
        message="shapes (2, 3) and (2, 2) not aligned",
        traceback='Traceback (most recent call last):\n  File "lesson_03.py", line 14\n',
        file="/home/kim/lesson_03.py",
        line=14,
        column=8,
        frames=(LOC, ev.SourceLocation(file="/home/kim/lesson_03.py", line=30, function="main")),
    ),
}


def assert_same(got: Any, want: Any, path: str = "event") -> None:
    """Deep equality that also checks types, dtypes, read-only arrays and float bits."""
    assert type(got) is type(want), f"{path}: {type(got).__name__} != {type(want).__name__}"
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape, path
        assert np.array_equal(got, want, equal_nan=want.dtype.kind in "fc"), path
        assert not got.flags.writeable, f"{path}: decoded array is writeable"
    elif dataclasses.is_dataclass(want):
        for field in dataclasses.fields(want):
            name = field.name
            assert_same(getattr(got, name), getattr(want, name), f"{path}.{name}")
    elif isinstance(want, tuple | list):
        assert len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_same(g, w, f"{path}[{i}]")
    elif isinstance(want, dict):
        assert list(got) == list(want), path
        for key in want:
            assert_same(got[key], want[key], f"{path}[{key!r}]")
    elif isinstance(want, float):
        assert struct.pack("<d", got) == struct.pack("<d", want) or (
            math.isnan(got) and math.isnan(want)
        ), f"{path}: {got!r} != {want!r}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def round_trip(event: Any, budget: ValueBudget | None = FULL) -> Any:
    data = encode_header() + encode_event(event, budget)
    decoder = StreamDecoder()
    events = decoder.feed(data)
    assert decoder.finish() is None
    assert len(events) == 1
    return events[0]


def attrs_event(**attrs: Any) -> ev.OpRecorded:
    return dataclasses.replace(SAMPLES[ev.OpRecorded], attrs=attrs)


# --- every event type -------------------------------------------------------------------------


def test_every_event_type_has_a_sample() -> None:
    missing = [cls.__name__ for cls in ev.EVENT_TYPES if cls not in SAMPLES]
    assert not missing, f"add a realistic sample to SAMPLES for: {missing}"
    assert all(type(sample) is cls for cls, sample in SAMPLES.items())


@pytest.mark.parametrize("cls", ev.EVENT_TYPES, ids=lambda cls: cls.__name__)
def test_every_event_type_round_trips(cls: type) -> None:
    assert cls in SAMPLES, f"no sample for {cls.__name__}"
    sample = SAMPLES[cls]
    assert_same(round_trip(sample), sample)


def test_all_samples_in_one_stream_keep_their_order() -> None:
    samples = list(SAMPLES.values())
    sink = io.BytesIO()
    writer = StreamWriter(sink, budget=FULL, metadata={"script": "lesson_03.py"})
    for sample in samples:
        writer.write(sample)
    decoder = StreamDecoder()
    decoded = decoder.feed(sink.getvalue())
    assert decoder.finish() is None
    assert decoder.metadata == {"script": "lesson_03.py"}
    assert decoder.version == FORMAT_VERSION
    assert writer.frames_written == len(samples) == decoder.frames_decoded
    assert_same(decoded, samples)


# --- values -----------------------------------------------------------------------------------

ARRAYS = {
    "0-d float64": np.array(2.5),
    "empty float32": np.zeros((0, 3), dtype=np.float32),
    "float64": np.linspace(-1.0, 1.0, 12).reshape(3, 4),
    "float64 specials": np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324]),
    "int32": np.arange(-3, 3, dtype=np.int32).reshape(2, 3),
    "int64": np.array([2**62, -(2**62)], dtype=np.int64),
    "uint8": np.array([0, 255], dtype=np.uint8),
    "bool": np.array([[True, False], [False, True]]),
    "complex128": np.array([1 + 2j, -0.5j]),
    "float16": np.array([0.5, 65504.0], dtype=np.float16),
    "big-endian float32": np.array([1.0, -2.0], dtype=">f4"),
    "transposed": np.arange(6.0).reshape(2, 3).T,
    "strided": np.arange(20, dtype=np.int16)[::3],
    "fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    "unicode": np.array(["relu", "손실"]),
    "bytes": np.array([b"ab", b"c"]),
}


@pytest.mark.parametrize("name", ARRAYS)
def test_arrays_round_trip_read_only(name: str) -> None:
    array = ARRAYS[name]
    event = ev.VariableAssigned(variable_id=1, name="v", value=array, method="assign", location=LOC)
    got = round_trip(event).value
    assert_same(got, np.asarray(array))
    assert got.flags.c_contiguous


def test_decoded_arrays_cannot_be_written() -> None:
    got = round_trip(SAMPLES[ev.BackwardStep])
    with pytest.raises(ValueError):
        got.upstream[0, 0] = 1.0


class Color(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (np.float32(1.5), 1.5),
        (np.float64(-0.0), -0.0),
        (np.int64(7), 7),
        (np.uint8(255), 255),
        (np.bool_(True), True),
        (np.str_("same"), "same"),
        (Color.RED, 1),
        (float("nan"), float("nan")),
        (float("-inf"), float("-inf")),
        (2**70, 2**70),
        (None, None),
        ("", ""),
        ([1, [2, (3, None)]], [1, [2, (3, None)]]),
        (((1, 2), ()), ((1, 2), ())),
        ({1: "a", (2, 3): "b"}, {1: "a", (2, 3): "b"}),
        ({"@t": [1]}, {"@t": [1]}),
        (b"\x00\xffraw", b"\x00\xffraw"),
        ("lone \udc80 surrogate", "lone \udc80 surrogate"),
        ([np.arange(3), {"k": np.array(True)}], [np.arange(3), {"k": np.array(True)}]),
    ],
    ids=repr,
)
def test_attribute_values_keep_their_python_types(given: Any, expected: Any) -> None:
    got = round_trip(attrs_event(value=given)).attrs["value"]
    assert_same(got, expected)


def test_tuples_stay_tuples_and_lists_stay_lists() -> None:
    got = round_trip(attrs_event(t=(1, 2), l=[1, 2]))
    assert type(got.attrs["t"]) is tuple and type(got.attrs["l"]) is list
    assert type(got.tape_ids) is tuple and type(got.inputs[0].shape) is tuple


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (np.array([object()], dtype=object), "OpRecorded.attrs.bad: arrays of dtype object"),
        (np.zeros(2, dtype=[("a", "f4")]), "OpRecorded.attrs.bad: arrays of dtype"),
        ({1, 2}, "OpRecorded.attrs.bad: set values cannot be stored"),
        (slice(1, 2), "OpRecorded.attrs.bad: slice values"),
        ({"deep": [(1, object())]}, "OpRecorded.attrs.bad.deep: object values"),
        (ev.SourceLocation, "OpRecorded.attrs.bad: type values"),
    ],
)
def test_unstorable_values_are_refused_with_their_path(value: Any, fragment: str) -> None:
    with pytest.raises(TypeError) as caught:
        encode_event(attrs_event(bad=value))
    assert fragment in str(caught.value)


def test_only_registered_types_are_encoded() -> None:
    @dataclasses.dataclass(frozen=True)
    class Stranger:
        x: int

    with pytest.raises(TypeError, match="Stranger is not a trace event type"):
        encode_event(Stranger(x=1))
    with pytest.raises(TypeError, match="Stranger is not in EVENT_TYPES or VALUE_TYPES"):
        encode_event(attrs_event(other=Stranger(x=1)))
    with pytest.raises(TypeError, match="SourceLocation is not a trace event type"):
        encode_event(LOC)


# --- value budget -----------------------------------------------------------------------------


def _assigned(value: np.ndarray) -> ev.VariableAssigned:
    return ev.VariableAssigned(variable_id=1, name="w", value=value, method="assign", location=None)


def test_default_budget_summarises_arrays_above_256_elements() -> None:
    rng = np.random.default_rng(0)
    big = rng.normal(size=(64, 784)).astype(np.float32)
    got = round_trip(_assigned(big), budget=None).value
    assert isinstance(got, ev.ArraySummary)
    assert got.shape == (64, 784) and got.dtype == "float32"
    assert got.min == pytest.approx(float(big.min()))
    assert got.max == pytest.approx(float(big.max()))
    assert got.mean == pytest.approx(float(big.astype(np.float64).mean()))
    assert got.std == pytest.approx(float(big.astype(np.float64).std()))
    assert got.thumbnail.shape == (32, 32) and got.thumbnail.dtype == np.float32
    assert np.array_equal(got.thumbnail, big[::2, ::25])
    assert not got.thumbnail.flags.writeable


def test_arrays_within_budget_or_with_full_values_are_kept_whole() -> None:
    at_limit = np.arange(256.0)
    assert_same(round_trip(_assigned(at_limit), budget=None).value, at_limit)
    big = np.arange(5000.0)
    assert_same(round_trip(_assigned(big), budget=ValueBudget(full_values=True)).value, big)


def test_budget_reaches_nested_values_but_not_summary_thumbnails() -> None:
    budget = ValueBudget(max_elements=3)
    got = round_trip(SAMPLES[ev.OpRecorded], budget=budget)
    assert isinstance(got.inputs[0].value, ev.ArraySummary)  # 2x2 > 3 elements
    assert isinstance(got.inputs[1].value, np.ndarray)  # the 0-d constant fits
    assert got.inputs[0].value.thumbnail.shape == (2, 2)  # not summarised again


def test_summaries_made_by_the_engine_round_trip() -> None:
    summary = summarize(np.arange(10_000, dtype=np.int32))
    got = round_trip(_assigned(summary), budget=ValueBudget(max_elements=0))  # type: ignore[arg-type]
    assert_same(got.value, summary)


@pytest.mark.parametrize(
    ("shape", "thumb_shape"),
    [
        ((10_000,), (250,)),
        ((256,), (256,)),
        ((3, 50, 50), (30, 25)),
        ((200, 7), (29, 7)),
        ((32, 32), (32, 32)),
        ((33, 1), (17, 1)),
    ],
)
def test_thumbnail_is_a_bounded_strided_sample(shape: tuple[int, ...], thumb_shape: tuple) -> None:
    summary = summarize(np.zeros(shape, dtype=np.int32))
    assert summary.thumbnail.shape == thumb_shape
    assert summary.thumbnail.size <= 32 * 32 and summary.thumbnail.dtype == np.int32


def test_summary_statistics_ignore_nan_and_are_python_floats() -> None:
    summary = summarize(np.array([1.0, np.nan, 3.0]))
    assert (summary.min, summary.max, summary.mean, summary.std) == (1.0, 3.0, 2.0, 1.0)
    assert all(type(v) is float for v in (summary.min, summary.max, summary.mean, summary.std))
    assert summary.thumbnail.shape == (3,)


@pytest.mark.parametrize(
    "array",
    [np.full(5, np.nan), np.array(["a", "b"]), np.zeros((0, 4))],
    ids=["all-nan", "strings", "empty"],
)
def test_summary_statistics_are_nan_when_undefined(array: np.ndarray) -> None:
    summary = summarize(array)
    assert all(math.isnan(v) for v in (summary.min, summary.max, summary.mean, summary.std))


def test_summary_of_bool_int_and_inf_arrays() -> None:
    assert summarize(np.array([True, False, True, True])).mean == 0.75
    assert summarize(np.array([-(2**40), 2**40])).max == float(2**40)
    with_inf = summarize(np.array([1.0, np.inf]))
    assert with_inf.max == math.inf and math.isnan(with_inf.std)


def test_a_read_only_array_is_summarised_once_while_it_lives() -> None:
    array = np.arange(1000.0)
    array.setflags(write=False)
    first = summary_of(array)
    assert summary_of(array) is first
    fresh = summarize(array)
    assert (first.shape, first.min, first.max, first.mean) == (
        fresh.shape,
        fresh.min,
        fresh.max,
        fresh.mean,
    )
    assert np.array_equal(first.thumbnail, fresh.thumbnail)


def test_a_writable_array_is_summarised_afresh_each_time() -> None:
    array = np.arange(1000.0)
    first = summary_of(array)
    array[0] = -5.0
    assert summary_of(array).min == -5.0
    assert first.min == 0.0


def test_a_read_only_view_of_a_writable_array_is_summarised_afresh() -> None:
    base = np.arange(1000.0)
    view = base[:]
    view.setflags(write=False)
    assert summary_of(view).min == 0.0
    base *= -1.0
    assert summary_of(view).min == -999.0


def test_an_array_made_writable_again_is_summarised_afresh() -> None:
    array = np.arange(1000.0)
    array.setflags(write=False)
    assert summary_of(array).max == 999.0
    array.setflags(write=True)
    array[:] = 7.0
    assert summary_of(array).max == 7.0


def test_an_array_reusing_a_dead_arrays_id_gets_its_own_summary() -> None:
    # Simulate CPython handing a dead array's address to a new one: the memo entry for that
    # id must not answer for the newcomer.
    dead = np.zeros(1000)
    dead.setflags(write=False)
    summary_of(dead)
    newcomer = np.ones(1000)
    newcomer.setflags(write=False)
    values._recent_summaries[id(newcomer)] = values._recent_summaries.pop(id(dead))
    del dead
    assert summary_of(newcomer).mean == 1.0


def test_the_summary_memo_keeps_no_array_alive() -> None:
    array = np.arange(1000.0)
    array.setflags(write=False)
    summary_of(array)
    ref = weakref.ref(array)
    del array
    assert ref() is None


def test_budget_rejects_negative_limits() -> None:
    with pytest.raises(ValueError):
        ValueBudget(max_elements=-1)


# --- incremental decoding ---------------------------------------------------------------------


def _stream_bytes() -> bytes:
    sink = io.BytesIO()
    writer = StreamWriter(sink, budget=FULL, metadata={"n": 1})
    for sample in SAMPLES.values():
        writer.write(sample)
    return sink.getvalue()


def test_decoding_byte_by_byte_gives_every_event_once() -> None:
    data = _stream_bytes()
    decoder = StreamDecoder()
    decoded: list[Any] = []
    for i in range(len(data)):
        decoded += decoder.feed(data[i : i + 1])
        assert decoder.error is None
    assert decoder.finish() is None
    assert_same(decoded, list(SAMPLES.values()))
    assert decoder.offset == len(data)


@pytest.mark.parametrize("seed", range(8))
def test_decoding_random_chunks_gives_every_event_once(seed: int) -> None:
    data = _stream_bytes()
    rng = random.Random(seed)
    decoder = StreamDecoder()
    decoded: list[Any] = []
    start = 0
    while start < len(data):
        size = rng.choice([1, 2, 3, 7, 12, 13, 64, 500, 4000])
        decoded += decoder.feed(data[start : start + size])
        start += size
    assert decoder.finish() is None
    assert_same(decoded, list(SAMPLES.values()))


def test_events_arrive_as_soon_as_their_frame_is_complete() -> None:
    header = encode_header()
    frames = [encode_event(sample, FULL) for sample in list(SAMPLES.values())[:3]]
    decoder = StreamDecoder()
    assert decoder.feed(header + frames[0][:-1]) == []
    assert decoder.metadata == {}
    assert len(decoder.feed(frames[0][-1:] + frames[1])) == 2
    assert decoder.feed(frames[2][:5]) == []
    error = decoder.finish()
    assert isinstance(error, StreamFormatError)
    assert "truncated" in str(error) and "frame 2" in str(error)
    assert error.offset == len(header) + len(frames[0]) + len(frames[1])


def test_writer_with_no_events_still_writes_a_header_on_flush() -> None:
    sink = io.BytesIO()
    writer = StreamWriter(sink, metadata={"empty": True})
    assert sink.getvalue() == b""
    writer.flush()
    writer.flush()
    assert sink.getvalue() == encode_header({"empty": True})
    decoder = StreamDecoder()
    assert decoder.feed(sink.getvalue()) == [] and decoder.finish() is None
    assert decoder.metadata == {"empty": True}


def test_writer_rejects_metadata_that_is_not_a_json_object() -> None:
    with pytest.raises(TypeError):
        StreamWriter(io.BytesIO(), metadata={"when": object()})
    with pytest.raises(ValueError):
        encode_header([1, 2])  # type: ignore[arg-type]


class _TrickleFile(io.RawIOBase):
    """A raw file that accepts at most 5 bytes per write call."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        chunk = bytes(b)[:5]
        self.data += chunk
        return len(chunk)


def test_writer_completes_partial_writes_of_raw_files() -> None:
    raw = _TrickleFile()
    StreamWriter(raw).write(SAMPLES[ev.ScalarLogged])
    decoder = StreamDecoder()
    assert decoder.feed(bytes(raw.data)) == [SAMPLES[ev.ScalarLogged]]
    assert decoder.finish() is None


def test_writer_is_safe_across_threads_and_keeps_each_threads_order() -> None:
    sink = io.BytesIO()
    writer = StreamWriter(sink)
    barrier = threading.Barrier(4)

    def produce(thread: int) -> None:
        barrier.wait()
        for step in range(200):
            writer.write(ev.ScalarLogged(name=f"t{thread}", step=step, value=step * 0.5))

    threads = [threading.Thread(target=produce, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    decoder = StreamDecoder()
    decoded = decoder.feed(sink.getvalue())
    assert decoder.finish() is None and len(decoded) == 800
    for i in range(4):
        assert [e.step for e in decoded if e.name == f"t{i}"] == list(range(200))


# --- errors -----------------------------------------------------------------------------------


def _header_with_version(version: int) -> bytes:
    preamble = struct.pack("<HI", version, 2)
    return MAGIC + preamble + b"{}" + struct.pack("<I", zlib.crc32(preamble + b"{}"))


def test_a_newer_format_version_is_named_in_the_error() -> None:
    decoder = StreamDecoder()
    assert decoder.feed(_header_with_version(FORMAT_VERSION + 1) + b"future frames") == []
    assert isinstance(decoder.error, NewerFormatError)
    assert str(decoder.error) == (
        f"written by a newer visualtape (format {FORMAT_VERSION + 1}); "
        f"this one reads up to {FORMAT_VERSION}"
    )
    assert decoder.error.version == FORMAT_VERSION + 1
    assert decoder.finish() is decoder.error


def test_the_newer_version_is_reported_before_the_rest_of_the_header_arrives() -> None:
    decoder = StreamDecoder()
    decoder.feed(_header_with_version(FORMAT_VERSION + 7)[:14])
    assert isinstance(decoder.error, NewerFormatError)


def test_version_zero_is_refused() -> None:
    decoder = StreamDecoder()
    decoder.feed(_header_with_version(0))
    assert isinstance(decoder.error, StreamFormatError)
    assert "unknown stream format version 0" in str(decoder.error)


def test_other_bytes_are_not_a_vtape_and_are_refused_at_once() -> None:
    decoder = StreamDecoder()
    assert decoder.feed(b"import ten") == []
    assert isinstance(decoder.error, StreamFormatError)
    assert "not a visualtape" in str(decoder.error) and "b'import t'" in str(decoder.error)
    assert decoder.error.offset == 0
    assert decoder.feed(_stream_bytes()) == []  # ignores everything after the damage


def test_a_prefix_of_the_magic_waits_for_more() -> None:
    decoder = StreamDecoder()
    assert decoder.feed(MAGIC[:3]) == [] and decoder.error is None
    error = decoder.finish()
    assert error is not None and "ends inside its header" in str(error)


def test_an_empty_stream_has_no_header() -> None:
    error = StreamDecoder().finish()
    assert error is not None and "empty stream" in str(error)


def test_corruption_keeps_the_frames_before_it_and_names_the_frame() -> None:
    header = encode_header()
    frames = [encode_event(sample, FULL) for sample in SAMPLES.values()]
    start = len(header) + sum(len(f) for f in frames[:4])
    data = bytearray(header + b"".join(frames))
    data[start + 20] ^= 0x40  # inside the body of frame 4
    decoder = StreamDecoder()
    decoded = decoder.feed(bytes(data))
    assert_same(decoded, list(SAMPLES.values())[:4])
    assert decoder.error is not None
    assert decoder.error.offset == start and decoder.error.frame_index == 4
    assert str(decoder.error) == f"corrupt frame (checksum mismatch) at frame 4, byte {start}"
    assert decoder.feed(b"more") == [] and decoder.finish() is decoder.error


def _frame(body: bytes) -> bytes:
    lead = struct.pack("<II", len(body), zlib.crc32(body))
    return lead + struct.pack("<I", zlib.crc32(lead)) + body


def _body(name: str, tree: dict[str, Any], blobs: bytes = b"") -> bytes:
    return _raw_body(name, json.dumps(tree).encode(), blobs)


def _raw_body(name: str, meta: bytes, blobs: bytes = b"") -> bytes:
    return bytes([len(name)]) + name.encode() + struct.pack("<I", len(meta)) + meta + blobs


def _closed(tape_id: Any) -> dict[str, Any]:
    return {"@c": "TapeClosed", "tape_id": tape_id}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (_body("Bogus", {"@c": "Bogus"}), "unknown event type 'Bogus'"),
        (_body("SourceLocation", {"@c": "SourceLocation"}), "unknown event type 'SourceLocation'"),
        (_body("TapeClosed", {**_closed(1), "x": 2}), "no field(s) ['x']"),
        (_body("TapeClosed", {"@c": "TapeClosed"}), "TypeError"),
        (
            _body("TapeClosed", _closed({"@a": ["|O8", [1], 0]}), b"\0" * 8),
            "refusing array dtype '|O8'",
        ),
        (_body("TapeClosed", _closed({"@a": ["<f8", [2], 0]}), b"\0" * 8), "runs past the end"),
        (_body("TapeClosed", _closed({"@a": ["<f8", [1], -8]}), b"\0" * 8), "runs past the end"),
        (_body("TapeClosed", _closed({"@a": ["<f8", [-1], 0]})), "bad array shape"),
        (_body("TapeClosed", _closed(1), b"junk"), "4 stray bytes"),
        (_body("TapeClosed", _closed({"@x": 1})), "unknown tag '@x'"),
        (_body("TapeClosed", _closed({"a": 1, "b": 2})), "untagged JSON object"),
        (_body("TapeClosed", _closed({"@c": "os.system"})), "unknown value type 'os.system'"),
        (_body("TapeClosed", {"@c": "TapeReset", "tape_id": 1}), "holds TapeReset"),
        (_body("TapeClosed", _closed({"@d": [[[1], 2]]})), "unhashable"),
        (_body("TapeClosed", _closed({"@y": "%%"})), "Error: Only base64 data"),
        (b"\x05Tape", "frame body is too short"),
        (b"", "frame body is too short"),
        (b"\x0aTapeClosed\xff\xff\x00\x00{}", "JSON length runs past"),
        # the compact layout (format 2)
        (_body("TapeClosed", [1, 2]), "too many values to unpack"),  # type: ignore[arg-type]
        (_body("TapeClosed", [1], b"junk"), "4 stray bytes"),  # type: ignore[arg-type]
        (_raw_body("TapeClosed", b"[1]x"), "not one compact JSON array"),
        (_raw_body("TapeClosed", b"[1,"), "malformed JSON at character 3"),
        (_raw_body("BackwardStep", b'[1,2,"m",3,"|O8",[],[],[]]', b"\0" * 8), "spec '|O8'"),
        (_raw_body("BackwardStep", b'[1,2,"m",3,"<f8,-1",[],[],[]]'), "spec '<f8,-1'"),
        (_raw_body("BackwardStep", b'[1,2,"m",3,"<f8,2",[],[],[]]', b"\0" * 8), "too small"),
        (_raw_body("BackwardStep", b'[1,2,"m",3,{"x":[]},[],[],[]]'), "bad array {'x': []}"),
        (_raw_body("BackwardStep", b'[1,2,"m",3,[1],[],[],[]]'), "bad array [1]"),
    ],
)
def test_checksum_valid_but_unreadable_frames_are_refused(body: bytes, fragment: str) -> None:
    good = encode_event(SAMPLES[ev.TapeClosed])
    decoder = StreamDecoder()
    decoded = decoder.feed(encode_header() + good + _frame(body))
    assert decoded == [SAMPLES[ev.TapeClosed]]
    assert isinstance(decoder.error, StreamFormatError) and decoder.error.frame_index == 1
    assert "unreadable frame" in str(decoder.error) and fragment in str(decoder.error)


def test_the_magic_catches_newline_translation() -> None:
    data = _stream_bytes().replace(b"\r\n", b"\n")
    decoder = StreamDecoder()
    decoder.feed(data)
    assert decoder.error is not None and "not a visualtape" in str(decoder.error)
