"""`.vtape` session files: a saved trace stream, replayable later.

A session file holds exactly the bytes of a trace stream (`visualtape.session.stream`). Reading
never raises on damaged content: a truncated or corrupt file loads every complete frame before
the damage and says what is wrong and where in `LoadResult.error`. (A missing or unreadable file
still raises `OSError`.)

>>> import os, tempfile
>>> from visualtape.engine.events import ScalarLogged
>>> path = os.path.join(tempfile.mkdtemp(), "demo.vtape")
>>> write_session(path, [ScalarLogged(name="loss", step=0, value=0.5)], metadata={"run": 1})
1
>>> result = read_session(path)
>>> result.events, result.metadata, result.complete
([ScalarLogged(name='loss', step=0, value=0.5)], {'run': 1}, True)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visualtape.session.stream import NewerFormatError, StreamDecoder, StreamWriter
from visualtape.session.values import ValueBudget

SUFFIX = ".vtape"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class LoadResult:
    """What a session file held.

    `complete` is True when the whole file was read without damage. Otherwise `error` says what
    is wrong and at which byte and frame, and `events` holds every frame before the damage.
    `error_offset` is that byte offset (None when complete).
    """

    events: list[Any]
    metadata: dict[str, Any]
    error: str | None
    complete: bool
    error_offset: int | None = None
    format_version: int | None = None


def write_session(
    path: str | os.PathLike[str],
    events: Iterable[Any],
    budget: ValueBudget | None = None,
    metadata: dict[str, Any] | None = None,
) -> int:
    """Write `events` to a session file at `path`; returns the number of frames written.

    The file appears atomically: it is written next to `path` and renamed into place, so a
    failure never leaves a half-written session under the final name. `budget=None` is the
    default `ValueBudget()`.
    """
    target = Path(path)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            writer = StreamWriter(file, budget=budget, metadata=metadata)
            for event in events:
                writer.write(event)
            writer.flush()
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return writer.frames_written


def read_session(path: str | os.PathLike[str]) -> LoadResult:
    """Load a session file, keeping every complete frame before any damage (see module doc)."""
    decoder = StreamDecoder()
    events: list[Any] = []
    try:
        with open(path, "rb") as file:
            while decoder.error is None and (chunk := file.read(_CHUNK)):
                events += decoder.feed(chunk)
    except OSError as error:  # missing, a directory, unreadable: said like any damage
        reason = error.strerror or type(error).__name__
        return LoadResult(events=[], metadata={}, error=f"{path}: cannot read it ({reason})",
                          complete=False, error_offset=0)  # fmt: skip
    return _result(decoder, events, str(path))


def decode_session(data: bytes, source: str = "<bytes>") -> LoadResult:
    """Like `read_session`, for the bytes of a session already in memory."""
    decoder = StreamDecoder()
    events = decoder.feed(data)
    return _result(decoder, events, source)


def _result(decoder: StreamDecoder, events: list[Any], source: str) -> LoadResult:
    error = decoder.finish()
    if error is None:
        message = None
    elif isinstance(error, NewerFormatError) or decoder.metadata is None:
        message = f"{source}: {error}"
    else:
        message = f"{source}: {error}; loaded the {len(events)} complete frame(s) before the damage"
    return LoadResult(
        events=events,
        metadata=decoder.metadata or {},
        error=message,
        complete=error is None,
        error_offset=None if error is None else error.offset,
        format_version=decoder.version,
    )
