"""`.vtape` session files: round trip, truncation at every byte, corruption, newer formats and
files that are not sessions at all."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from visualtape.engine import events as ev
from visualtape.session.sessionfile import LoadResult, decode_session, read_session, write_session
from visualtape.session.stream import FORMAT_VERSION, MAGIC, encode_event, encode_header
from visualtape.session.values import ValueBudget

FULL = ValueBudget(full_values=True)
LOC = ev.SourceLocation(file="fit.py", line=9, function="<module>")


def small_session() -> list[Any]:
    """A short but varied session: scalars, nested tensors, None gradients, 2x2 arrays."""
    w = ev.TensorInfo(
        id=1,
        kind="variable",
        dtype="float64",
        shape=(2, 2),
        value=np.eye(2),
        name="w",
        trainable=True,
    )
    y = ev.TensorInfo(id=2, kind="intermediate", dtype="float64", shape=(), value=np.array(2.0))
    return [
        ev.ScriptStarted(path="fit.py", source="import tensorflow as tf\n", argv=("fit.py",)),
        ev.TapeOpened(
            tape_id=1,
            persistent=False,
            watch_accessed_variables=True,
            parent_tape_id=None,
            location=LOC,
        ),
        ev.OpRecorded(
            record_id=1,
            tape_ids=(1,),
            op="reduce_sum",
            inputs=(w,),
            output=y,
            attrs={"axis": None, "keepdims": False},
            location=LOC,
            scope=None,
            gradient_call_id=None,
        ),
        ev.GradientFinished(
            call_id=1,
            tape_id=1,
            source_ids=(1, 7),
            results=(np.ones((2, 2)), None),
            reasons=("", "unconnected"),
            tape_released=True,
        ),
        ev.ScalarLogged(name="loss", step=0, value=2.0),
        ev.ScriptFinished(exit_code=0, seconds=0.5),
    ]


def frames_of(events: list[Any]) -> list[bytes]:
    """Canonical bytes of each event: equal frames mean equal events (values, types, dtypes)."""
    return [encode_event(event, FULL) for event in events]


def test_write_then_read_gives_the_same_events_and_metadata(tmp_path: Path) -> None:
    events = small_session()
    path = tmp_path / "fit.vtape"
    assert write_session(path, events, budget=FULL, metadata={"script": "fit.py"}) == 6
    result = read_session(path)
    assert isinstance(result, LoadResult)
    assert result.complete and result.error is None and result.error_offset is None
    assert result.metadata == {"script": "fit.py"} and result.format_version == FORMAT_VERSION
    assert frames_of(result.events) == frames_of(events)
    assert [p.name for p in tmp_path.iterdir()] == ["fit.vtape"]  # no temporary file left


def test_an_empty_session_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtape"
    assert write_session(path, []) == 0
    result = read_session(path)
    assert result.complete and result.events == [] and result.metadata == {}


def test_a_failed_write_leaves_no_file_behind(tmp_path: Path) -> None:
    bad = ev.OpRecorded(
        record_id=1,
        tape_ids=(1,),
        op="cast",
        inputs=(),
        output=small_session()[2].output,
        attrs={"dtype": np.float32},
        location=None,
        scope=None,
        gradient_call_id=None,
    )
    path = tmp_path / "bad.vtape"
    with pytest.raises(TypeError, match=r"OpRecorded.attrs.dtype: type values"):
        write_session(path, [small_session()[0], bad])
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_an_existing_session(tmp_path: Path) -> None:
    path = tmp_path / "keep.vtape"
    write_session(path, small_session())
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_session(path, [object()])
    assert path.read_bytes() == before


def test_the_budget_applies_when_writing(tmp_path: Path) -> None:
    value = np.arange(5000, dtype=np.float32)
    event = ev.VariableAssigned(
        variable_id=1, name="w", value=value, method="assign", location=None
    )
    write_session(tmp_path / "small.vtape", [event])
    write_session(tmp_path / "full.vtape", [event], budget=FULL)
    summarised = read_session(tmp_path / "small.vtape").events[0].value
    assert isinstance(summarised, ev.ArraySummary) and summarised.shape == (5000,)
    assert np.array_equal(read_session(tmp_path / "full.vtape").events[0].value, value)


def test_a_file_cut_at_any_byte_keeps_every_complete_frame(tmp_path: Path) -> None:
    events = small_session()
    path = tmp_path / "whole.vtape"
    write_session(path, events, budget=FULL)
    data = path.read_bytes()
    header = len(encode_header())
    ends = np.cumsum([header] + [len(f) for f in frames_of(events)]).tolist()
    assert ends[-1] == len(data)
    cut_path = tmp_path / "cut.vtape"
    for cut in range(len(data)):
        cut_path.write_bytes(data[:cut])
        result = read_session(cut_path)
        kept = sum(1 for end in ends[1:] if end <= cut)
        assert frames_of(result.events) == frames_of(events[:kept]), cut
        if cut in ends:  # a cut between frames is indistinguishable from a shorter session
            assert result.complete and result.error is None
            continue
        assert not result.complete and result.error is not None
        if cut < header:
            assert result.metadata == {} and "header" in result.error
        else:
            assert "truncated stream" in result.error and f"at frame {kept}," in result.error
            assert f"loaded the {kept} complete frame(s) before the damage" in result.error
            assert result.error_offset == ends[kept]


def test_a_corrupt_byte_loses_only_the_frames_from_the_damage_on(tmp_path: Path) -> None:
    events = small_session()
    frames = frames_of(events)
    data = bytearray(encode_header({"k": "v"}) + b"".join(frames))
    start = len(data) - sum(len(f) for f in frames[3:])
    data[start + len(frames[3]) // 2] ^= 0xFF
    path = tmp_path / "corrupt.vtape"
    path.write_bytes(bytes(data))
    result = read_session(path)
    assert frames_of(result.events) == frames[:3]
    assert not result.complete and result.metadata == {"k": "v"}
    assert result.error == (
        f"{path}: corrupt frame (checksum mismatch) at frame 3, byte {start}; "
        "loaded the 3 complete frame(s) before the damage"
    )
    assert result.error_offset == start


def test_a_newer_format_gives_a_clear_message(tmp_path: Path) -> None:
    newer = FORMAT_VERSION + 1
    preamble = struct.pack("<HI", newer, 2)
    path = tmp_path / "future.vtape"
    path.write_bytes(MAGIC + preamble + b"{}" + struct.pack("<I", zlib.crc32(preamble + b"{}")))
    result = read_session(path)
    assert result.events == [] and not result.complete
    assert result.error == (
        f"{path}: written by a newer visualtape (format {newer}); "
        f"this one reads up to {FORMAT_VERSION}"
    )


@pytest.mark.parametrize(
    "content",
    [b"import tensorflow as tf\nprint(1)\n", b"\x89PNG\r\n\x1a\n" + bytes(100), b"\x89VTAPX\r\n"],
    ids=["python", "png", "near-miss"],
)
def test_a_file_that_is_not_a_session_says_so(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.vtape"
    path.write_bytes(content)
    result = read_session(path)
    assert result.events == [] and not result.complete and result.metadata == {}
    assert result.error is not None
    assert result.error.startswith(f"{path}: not a visualtape session")
    assert result.error_offset == 0


def test_an_empty_file_is_not_a_session(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtape"
    path.write_bytes(b"")
    result = read_session(path)
    assert not result.complete and result.error == f"{path}: empty stream: no visualtape header"


def test_large_sessions_are_read_in_chunks(tmp_path: Path) -> None:
    big = np.arange(600_000, dtype=np.float64)  # 4.8 MB: spans several read chunks
    event = ev.VariableAssigned(variable_id=1, name="w", value=big, method="assign", location=None)
    path = tmp_path / "big.vtape"
    write_session(path, [event, ev.ScalarLogged(name="loss", step=1, value=0.1)], budget=FULL)
    result = read_session(path)
    assert result.complete and np.array_equal(result.events[0].value, big)
    assert result.events[1] == ev.ScalarLogged(name="loss", step=1, value=0.1)


def test_decode_session_reads_bytes_in_memory() -> None:
    events = small_session()
    data = encode_header() + b"".join(frames_of(events))
    result = decode_session(data[:-3], source="pipe")
    assert frames_of(result.events) == frames_of(events[:-1])
    assert result.error is not None and result.error.startswith("pipe: truncated stream")


def test_an_unreadable_path_is_reported_like_damage_not_raised(tmp_path: Path) -> None:
    for path, reason in ((tmp_path, "Is a directory"), (tmp_path / "none.vtape", "No such file")):
        result = read_session(path)
        assert result.events == [] and not result.complete
        assert result.error is not None and reason in result.error and str(path) in result.error
