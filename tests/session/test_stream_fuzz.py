"""Property tests: damaged streams (flipped, deleted, inserted bytes) never raise, never lose a
frame before the damage, and arbitrary attribute values round-trip exactly."""

from __future__ import annotations

import bisect
import math
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from visualtape.engine import events as ev
from visualtape.session.sessionfile import decode_session
from visualtape.session.stream import StreamDecoder, StreamFormatError, encode_event, encode_header
from visualtape.session.values import ValueBudget

FULL = ValueBudget(full_values=True)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _events() -> list[Any]:
    x = ev.TensorInfo(
        id=3,
        kind="constant",
        dtype="float32",
        shape=(2, 2),
        value=np.array([[1, 2], [3, 4]], dtype=np.float32),
    )
    return [
        ev.TapeOpened(
            tape_id=1,
            persistent=True,
            watch_accessed_variables=True,
            parent_tape_id=None,
            location=None,
        ),
        ev.TensorWatched(tape_id=1, tensor=x, explicit=True),
        ev.BackwardStep(
            call_id=1,
            record_id=2,
            op="sin",
            output_id=4,
            upstream=np.ones((2, 2)),
            input_ids=(3,),
            input_grads=(np.cos(x.value),),
            accumulated=(None,),
        ),
        ev.ScalarLogged(name="loss", step=3, value=float("nan")),
        ev.PrintOutput(text="done ✓\n"),
        ev.TapeClosed(tape_id=1),
    ]


EVENTS = _events()
FRAMES = [encode_event(event, FULL) for event in EVENTS]
HEADER = encode_header({"script": "fuzz.py"})
DATA = HEADER + b"".join(FRAMES)
# BOUNDARIES[i] is where frame i starts; BOUNDARIES[-1] is the end of the stream.
BOUNDARIES = [len(HEADER)]
for _frame in FRAMES:
    BOUNDARIES.append(BOUNDARIES[-1] + len(_frame))


def frames_before(position: int) -> int:
    """How many frames end at or before byte `position` (so lie wholly before damage there)."""
    return bisect.bisect_right(BOUNDARIES, position) - 1 if position >= BOUNDARIES[0] else 0


def decode(data: bytes, chunk: int) -> tuple[list[bytes], StreamFormatError | None]:
    """Decode in chunks; any exception other than a stored StreamFormatError fails the test."""
    decoder = StreamDecoder()
    decoded: list[Any] = []
    for start in range(0, len(data), chunk):
        decoded += decoder.feed(data[start : start + chunk])
    error = decoder.finish()
    assert error is None or isinstance(error, StreamFormatError)
    return [encode_event(event, FULL) for event in decoded], error


chunks = st.sampled_from([1, 5, 13, 64, 10_000])


@FUZZ
@given(position=st.integers(0, len(DATA) - 1), mask=st.integers(1, 255), chunk=chunks)
def test_a_flipped_byte_is_always_detected_after_the_frames_before_it(
    position: int, mask: int, chunk: int
) -> None:
    damaged = bytearray(DATA)
    damaged[position] ^= mask
    decoded, error = decode(bytes(damaged), chunk)
    kept = frames_before(position)
    assert decoded == FRAMES[:kept]
    assert error is not None and error.offset <= position
    if position >= len(HEADER):
        assert error.frame_index == kept and error.offset == BOUNDARIES[kept]


@FUZZ
@given(data=st.data(), chunk=chunks)
def test_deleted_bytes_lose_no_frame_before_the_damage(data: st.DataObject, chunk: int) -> None:
    start = data.draw(st.integers(0, len(DATA) - 1), label="start")
    stop = data.draw(st.integers(start + 1, min(len(DATA), start + 300)), label="stop")
    damaged = DATA[:start] + DATA[stop:]
    decoded, error = decode(damaged, chunk)
    # Cutting bytes 414..443 out of "...]" + "...]" leaves the same bytes as cutting 415..444:
    # the cut really lies at the furthest position that yields identical bytes.
    while stop < len(DATA) and DATA[: start + 1] + DATA[stop + 1 :] == damaged:
        start, stop = start + 1, stop + 1
    kept = frames_before(start)
    assert decoded[:kept] == FRAMES[:kept]
    extra = decoded[kept:]
    if extra or error is None:  # only possible when whole frames were cut out
        assert start in BOUNDARIES and stop in BOUNDARIES
        resumed = BOUNDARIES.index(stop)
        assert extra == FRAMES[resumed:]
        assert error is None


@FUZZ
@given(
    position=st.integers(0, len(DATA)),
    inserted=st.binary(min_size=1, max_size=40),
    chunk=chunks,
)
def test_inserted_bytes_are_detected_after_the_frames_before_them(
    position: int, inserted: bytes, chunk: int
) -> None:
    damaged = DATA[:position] + inserted + DATA[position:]
    decoded, error = decode(damaged, chunk)
    # Inserting b"]" before a "]" gives the same bytes as inserting it after: the damage then
    # really lies at the furthest position that yields identical bytes.
    furthest = position
    while furthest < len(DATA) and (
        DATA[: furthest + 1] + inserted + DATA[furthest + 1 :] == damaged
    ):
        furthest += 1
    assert decoded == FRAMES[: frames_before(furthest)]
    assert error is not None


@FUZZ
@given(noise=st.binary(max_size=200), with_magic=st.booleans())
def test_arbitrary_bytes_load_without_raising(noise: bytes, with_magic: bool) -> None:
    data = (HEADER if with_magic else b"") + noise
    result = decode_session(data)
    assert isinstance(result.events, list)
    if result.complete:  # only a bare header (no noise) is a complete session
        assert result.events == [] and noise == b""
    else:
        assert result.error is not None


# --- arbitrary values round-trip exactly ------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
arrays = hnp.arrays(
    dtype=st.sampled_from(["f8", "f4", "i4", "i8", "u1", "?", "c16", ">f8"]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)
values = st.recursive(
    scalars | arrays | st.binary(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=3)
    ),
    max_leaves=12,
)


def same(got: Any, want: Any) -> bool:
    if type(got) is not type(want):
        return False
    if isinstance(want, np.ndarray):
        return (
            got.dtype == want.dtype
            and not got.flags.writeable
            and np.array_equal(got, want, equal_nan=want.dtype.kind in "fc")
        )
    if isinstance(want, list | tuple):
        return len(got) == len(want) and all(map(same, got, want))
    if isinstance(want, dict):
        return list(got) == list(want) and all(same(got[k], want[k]) for k in want)
    if isinstance(want, float):
        return (math.isnan(got) and math.isnan(want)) or (
            got == want and math.copysign(1, got) == math.copysign(1, want)
        )
    return bool(got == want)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_arbitrary_attribute_values_round_trip(value: Any) -> None:
    event = ev.NamesResolved(names={"attr": value})  # type: ignore[dict-item]
    decoder = StreamDecoder()
    (got,) = decoder.feed(encode_header() + encode_event(event, FULL))
    assert decoder.finish() is None
    assert same(got.names["attr"], value)
