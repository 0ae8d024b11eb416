"""The trace stream: versioned, length-prefixed, checksummed binary frames of trace events.

The same bytes flow through the pipe from the script's child process to the GUI and make up a
`.vtape` session file.

Layout (all integers little-endian):

    header  MAGIC (8 bytes) | u16 format version | u32 n | n bytes JSON metadata (an object)
            | u32 crc32 of (version, n, metadata)
    frame   u32 body length | u32 crc32(body) | u32 crc32 of the previous 8 bytes | body

`MAGIC` followed by the u16 version is fixed for every future format, so any reader can tell
"not a vtape" from "a newer vtape". The body of a frame (event type name, JSON fields, raw array
blobs) is described in `visualtape.session.codec`. Never pickle, never eval.

>>> import io
>>> from visualtape.engine.events import TapeClosed
>>> sink = io.BytesIO()
>>> writer = StreamWriter(sink, metadata={"script": "demo.py"})
>>> writer.write(TapeClosed(tape_id=1))
>>> decoder = StreamDecoder()
>>> decoder.feed(sink.getvalue()), decoder.metadata, decoder.finish()
([TapeClosed(tape_id=1)], {'script': 'demo.py'}, None)
"""

from __future__ import annotations

import json
import struct
import threading
import zlib
from typing import Any, BinaryIO

from visualtape.session.codec import FrameContentError, decode_body, encode_body
from visualtape.session.values import ValueBudget

FORMAT_VERSION = 2  # 2: compact frame bodies (see codec); version 1 streams still read
MAGIC = b"\x89VTAPE\r\n"  # a high byte and CRLF catch 7-bit and newline-translating transports
MAX_HEADER_METADATA = 1 << 20  # bytes; a larger header length means the header is damaged
MAX_FRAME_BODY = 0xFFFFFFFF

_PREAMBLE = struct.Struct("<HI")  # format version, metadata length
_CRC = struct.Struct("<I")
_FRAME_LEAD = struct.Struct("<II")  # body length, crc32(body)
_FRAME_HEAD = struct.Struct("<III")  # body length, crc32(body), crc32 of those 8 bytes
_FRAME_HEAD_SIZE = _FRAME_HEAD.size
_HEADER_FIXED = len(MAGIC) + _PREAMBLE.size


class StreamFormatError(Exception):
    """The bytes are not a (readable) trace stream.

    `offset` is the byte offset of the damage in the stream: the start of the damaged frame, or
    the position in the header that is wrong. `frame_index` is the index of the damaged frame
    (equal to the number of complete frames before it), None when the header is at fault.
    """

    def __init__(self, message: str, offset: int, frame_index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.frame_index = frame_index


class NewerFormatError(StreamFormatError):
    """The stream was written in a format version this visualtape does not know."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"written by a newer visualtape (format {version}); "
            f"this one reads up to {FORMAT_VERSION}",
            offset=len(MAGIC),
        )
        self.version = version


# --- writing ----------------------------------------------------------------------------------


def encode_header(metadata: dict[str, Any] | None = None) -> bytes:
    """The stream header: magic bytes, format version and `metadata` as a JSON object.

    Raises TypeError when `metadata` is not JSON-serialisable.

    >>> encode_header()[:8] == MAGIC
    True
    """
    meta = json.dumps({} if metadata is None else metadata, ensure_ascii=True).encode("ascii")
    if not meta.startswith(b"{") or len(meta) > MAX_HEADER_METADATA:
        raise ValueError("stream metadata must be a JSON object under 1 MiB")
    preamble = _PREAMBLE.pack(FORMAT_VERSION, len(meta))
    return MAGIC + preamble + meta + _CRC.pack(zlib.crc32(preamble + meta))


def encode_event(event: Any, budget: ValueBudget | None = None) -> bytes:
    """One complete frame (length, checksums, body) holding `event`.

    `budget=None` means the default `ValueBudget()`: arrays above 256 elements are stored as
    `ArraySummary`. Pass `ValueBudget(full_values=True)` to keep every value whole.
    Raises TypeError for an object that is not a trace event or holds an unstorable value.
    """
    body = encode_body(event, budget)
    if len(body) > MAX_FRAME_BODY:
        raise ValueError(f"{type(event).__name__} encodes to {len(body)} bytes, over 4 GiB")
    lead = _FRAME_LEAD.pack(len(body), zlib.crc32(body))
    return lead + _CRC.pack(zlib.crc32(lead)) + body


class StreamWriter:
    """Writes trace events as frames to a binary file object; safe to call from many threads.

    The header goes out with the first frame (or the first `flush`). Each frame is encoded
    outside the lock and written with a single locked write, so frames never interleave.
    Events from one thread keep their order.
    """

    def __init__(
        self,
        fileobj: BinaryIO,
        budget: ValueBudget | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._file = fileobj
        self._budget = budget
        self._header: bytes | None = encode_header(metadata)  # fails early on bad metadata
        self._lock = threading.Lock()
        self.frames_written = 0

    def write(self, event: Any) -> None:
        """Encode `event` and append it to the stream."""
        frame = encode_event(event, self._budget)
        with self._lock:
            self._write_locked(frame)
            self.frames_written += 1

    def flush(self) -> None:
        """Write the header if nothing was written yet, then flush the file object."""
        with self._lock:
            if self._header is not None:
                self._write_locked(b"")
            self._file.flush()

    def _write_locked(self, data: bytes) -> None:
        if self._header is not None:
            data = self._header + data
            self._header = None
        written = self._file.write(data)
        if written is not None and written < len(data):
            self._write_rest(memoryview(data)[written:])

    def _write_rest(self, view: memoryview) -> None:
        while view:  # raw (unbuffered) files may write only part of what they are given
            written = self._file.write(view)
            view = view[len(view) if written is None else written :]


# --- reading ----------------------------------------------------------------------------------


class StreamDecoder:
    """Incremental reader: feed it bytes as they arrive, get back every complete event.

    `feed` never raises on damaged input. It returns the events of every complete frame before
    the damage, stores a `StreamFormatError` in `.error` and ignores all later input; check
    `.error` after each call. A partial trailing frame is buffered until more bytes arrive.
    `finish()` declares the end of input: it reports a truncated header or trailing frame
    (storing that in `.error` too) and returns `.error`.
    """

    def __init__(self) -> None:
        self.metadata: dict[str, Any] | None = None  # set once the header has been read
        self.version: int | None = None
        self.error: StreamFormatError | None = None
        self.frames_decoded = 0
        self._buf = bytearray()
        self._pos = 0  # first unconsumed byte in _buf
        self._base = 0  # stream offset of _buf[0]

    @property
    def offset(self) -> int:
        """Stream offset of the first byte not yet consumed (end of the last complete frame)."""
        return self._base + self._pos

    def feed(self, data: bytes) -> list[Any]:
        """Append `data`; return the events of the frames it completed (see the class doc)."""
        if self.error is not None or not data:
            return []
        self._buf += data
        events: list[Any] = []
        try:
            if self.metadata is not None or self._read_header():
                while (event := self._read_frame()) is not _NEED_MORE:
                    events.append(event)
        except StreamFormatError as error:
            self.error = error
            self._buf = bytearray()
            return events
        self._compact()
        return events

    def finish(self) -> StreamFormatError | None:
        """End of input: report a truncated stream; returns `.error` (None when all is well)."""
        if self.error is None:
            self.error = self._truncation()
        return self.error

    # -- internals ------------------------------------------------------------------------

    def _compact(self) -> None:
        if self._pos:
            del self._buf[: self._pos]
            self._base += self._pos
            self._pos = 0

    def _read_header(self) -> bool:
        buf = self._buf
        seen = bytes(buf[: len(MAGIC)])
        if seen != MAGIC[: len(seen)]:
            raise StreamFormatError(_not_a_vtape(seen), offset=0)
        if len(buf) < _HEADER_FIXED:
            return False
        version, meta_len = _PREAMBLE.unpack_from(buf, len(MAGIC))
        if version > FORMAT_VERSION:
            raise NewerFormatError(version)
        if version < 1:
            raise StreamFormatError(f"unknown stream format version {version}", len(MAGIC))
        if meta_len > MAX_HEADER_METADATA:
            raise StreamFormatError("damaged header: implausible metadata length", len(MAGIC) + 2)
        end = _HEADER_FIXED + meta_len + _CRC.size
        if len(buf) < end:
            return False
        (stored,) = _CRC.unpack_from(buf, end - _CRC.size)
        if zlib.crc32(buf[len(MAGIC) : end - _CRC.size]) != stored:
            raise StreamFormatError("damaged header: checksum mismatch", len(MAGIC))
        self.metadata = _header_metadata(bytes(buf[_HEADER_FIXED : end - _CRC.size]))
        self.version = version
        self._pos = end
        return True

    def _read_frame(self) -> Any:
        buf, pos = self._buf, self._pos
        if len(buf) - pos < _FRAME_HEAD_SIZE:
            return _NEED_MORE
        length, body_crc, head_crc = _FRAME_HEAD.unpack_from(buf, pos)
        if zlib.crc32(buf[pos : pos + _FRAME_LEAD.size]) != head_crc:
            raise self._frame_error("damaged frame header (checksum mismatch)")
        start = pos + _FRAME_HEAD_SIZE
        if len(buf) - start < length:
            return _NEED_MORE
        body = bytes(buf[start : start + length])  # immutable: decoded arrays view it read-only
        if zlib.crc32(body) != body_crc:
            raise self._frame_error("corrupt frame (checksum mismatch)")
        try:
            event = decode_body(body)
        except FrameContentError as error:
            raise self._frame_error(f"unreadable frame: {error}") from None
        self._pos = start + length
        self.frames_decoded += 1
        return event

    def _frame_error(self, what: str) -> StreamFormatError:
        index, offset = self.frames_decoded, self.offset
        return StreamFormatError(f"{what} at frame {index}, byte {offset}", offset, index)

    def _truncation(self) -> StreamFormatError | None:
        remaining = len(self._buf) - self._pos
        if self.metadata is None:
            if not remaining:
                return StreamFormatError("empty stream: no visualtape header", 0)
            return StreamFormatError(f"stream ends inside its header ({remaining} bytes)", 0)
        if not remaining:
            return None
        if remaining < _FRAME_HEAD_SIZE:
            detail = f"only {remaining} of its {_FRAME_HEAD_SIZE} header bytes are present"
        else:
            (length, _) = _FRAME_LEAD.unpack_from(self._buf, self._pos)
            have = remaining - _FRAME_HEAD_SIZE
            detail = f"only {have} of its {length} body bytes are present"
        return self._frame_error(f"truncated stream: {detail}")


class _NeedMore:
    """Sentinel: the buffer does not hold a complete frame yet."""


_NEED_MORE: Any = _NeedMore()


def _not_a_vtape(seen: bytes) -> str:
    return (
        "not a visualtape session/stream: it does not start with the .vtape magic bytes "
        f"(found {seen!r})"
    )


def _header_metadata(raw: bytes) -> dict[str, Any]:
    try:
        metadata = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise StreamFormatError(f"damaged header: bad metadata ({error})", _HEADER_FIXED) from None
    if type(metadata) is not dict:
        raise StreamFormatError("damaged header: metadata is not a JSON object", _HEADER_FIXED)
    return metadata
