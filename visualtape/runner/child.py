"""The child process: run one script with a trace sink attached, streaming events to the parent.

Started by `ScriptRun` as `python -m visualtape.runner.child --fd N [...] SCRIPT [ARGS...]`, with
the write end of a pipe as fd N. Everything the parent learns arrives as stream frames on that
pipe: `ScriptStarted`, the engine's events, the script's output as `PrintOutput`, a `ScriptError`
if it failed, and `ScriptFinished`. Script output still reaches the real stdout/stderr too.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import faulthandler
import io
import os
import re
import signal
import sys
import threading
import tokenize
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter  # (bound now: the script may replace time.perf_counter)
from typing import IO, BinaryIO, cast

from visualtape.engine import trace
from visualtape.engine.events import ScriptError, ScriptFinished, ScriptStarted
from visualtape.engine.logging import VariableRanges, surface_from_namespace
from visualtape.runner import faults, limits, tf_alias
from visualtape.runner.capture import captured_output
from visualtape.runner.channel import FORK_NOTE, EventChannel
from visualtape.session.stream import StreamWriter
from visualtape.session.values import ValueBudget


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m visualtape.runner.child")
    parser.add_argument("--fd", type=int, required=True, help="write end of the event pipe")
    parser.add_argument("--parent-pid", type=int, help="exit as soon as this process is gone")
    parser.add_argument("--fault-file", help="where faulthandler writes a crash traceback")
    parser.add_argument("--memory-limit-mb", type=int, default=None)
    parser.add_argument("--max-elements", type=int, default=ValueBudget().max_elements)
    parser.add_argument("--full-values", action="store_true")
    parser.add_argument("script")
    parser.add_argument("script_args", nargs=argparse.REMAINDER)
    return parser.parse_args(argv)


@dataclass(frozen=True)
class ScriptOutcome:
    """What running the script produced: an exit code and perhaps an error."""

    exit_code: int = 0
    error: ScriptError | None = None


def run_script(
    path: Path,
    script_args: Sequence[str],
    channel: EventChannel,
    module: types.ModuleType,
    memory_limit_mb: int | None,
) -> ScriptOutcome:
    """Compile `path` and run it in `module`; every failure becomes an outcome, never a raise."""
    script_dir = path.parent
    argv = tuple(script_args)
    try:
        data = path.read_bytes()
    except OSError as exc:
        channel.emit(ScriptStarted(path=str(path), source="", argv=argv))
        return ScriptOutcome(1, faults.unreadable_script_error(path, exc))
    channel.emit(ScriptStarted(path=str(path), source=source_text(data), argv=argv))
    try:  # the bytes, so that Python itself applies the coding cookie or BOM
        code = compile(data, str(path), "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        located = located_syntax_error(exc, data, str(path))
        return ScriptOutcome(1, faults.error_from_exception(located, script_dir))
    try:
        exec(code, module.__dict__)
    except SystemExit as exc:
        return _exit_outcome(exc, script_dir)
    except BaseException as exc:  # noqa: BLE001 - the script's failure is reported, not re-raised
        return ScriptOutcome(1, faults.error_from_exception(exc, script_dir, memory_limit_mb))
    return ScriptOutcome(0)


def _main_module(path: Path) -> types.ModuleType:
    """A fresh `__main__` module for the script, with its folder first on sys.path."""
    module = types.ModuleType("__main__")
    module.__file__ = str(path)
    module.__builtins__ = __builtins__  # type: ignore[attr-defined]
    sys.modules["__main__"] = module
    sys.path[0] = str(path.parent)
    return module


def _exit_outcome(exc: SystemExit, script_dir: Path) -> ScriptOutcome:
    code = exc.code
    if code is None or code == 0:
        return ScriptOutcome(0)
    if isinstance(code, int):
        return ScriptOutcome(code, faults.exit_error(code, exc, script_dir))
    message = faults.safe_str(code)
    with contextlib.suppress(Exception):  # (whatever the script made of sys.stderr)
        print(message, file=sys.stderr)  # what Python itself does with sys.exit("message")
    return ScriptOutcome(1, faults.exit_error(message, exc, script_dir))


# --- reading the script: what Python reports before its first line runs -------------------

_NULL_BYTES = "source code cannot contain null bytes"
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r]|$)")


def located_syntax_error(exc: SyntaxError | ValueError, data: bytes, filename: str) -> SyntaxError:
    """`exc` from `compile(data)`, located where `python3 script.py` would locate it.

    compile() names no line for a null byte and line 0 for an unknown coding cookie, and calls
    Latin-1 text in a file that declares no encoding a "(unicode error)" in a string literal.
    """
    lineno = getattr(exc, "lineno", None)
    if b"\0" in data and not lineno:
        return _syntax_error_at(data, data.index(b"\0"), _NULL_BYTES, filename)
    message = exc.msg if isinstance(exc, SyntaxError) else faults.safe_str(exc)
    bad = _undeclared_non_utf8(data) if message.startswith("(unicode error)") else None
    if bad is not None:
        message = (
            f"Non-UTF-8 code starting with '\\x{data[bad]:02x}', but no encoding declared;"
            " see https://peps.python.org/pep-0263/ for details"
        )
        return _syntax_error_at(data, bad, message, filename)
    if isinstance(exc, SyntaxError) and isinstance(lineno, int) and lineno > 0:
        return exc
    cookie = _cookie_offset(data)  # an encoding problem: Python names no line, the cookie is it
    return _syntax_error_at(data, cookie or 0, message, filename)


def _syntax_error_at(data: bytes, offset: int, message: str, filename: str) -> SyntaxError:
    """A SyntaxError at byte `offset` of `data` (line and 1-based column, the line's text)."""
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    text = data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    line = data.count(b"\n", 0, offset) + 1
    return SyntaxError(message, (filename, line, column, text.rstrip("\r").replace("\0", "")))


def _cookie_offset(data: bytes) -> int | None:
    """Where the encoding name of a coding cookie starts; None: no cookie. (On line 1, or on
    line 2 below a comment or blank line, as PEP 263 says.)"""
    first, *rest = data.split(b"\n", 2)
    match = _COOKIE.match(first)
    if match:
        return match.start(1)
    if rest and _BLANK_OR_COMMENT.match(first):
        match = _COOKIE.match(rest[0])
        return len(first) + 1 + match.start(1) if match else None
    return None


def _undeclared_non_utf8(data: bytes) -> int | None:
    """The first byte that is not UTF-8 in a file that declares no other encoding, if any."""
    if data.startswith(codecs.BOM_UTF8) or _cookie_offset(data) is not None:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None


def source_text(data: bytes) -> str:
    """The script as text to show, decoded as Python decodes it, undecodable bytes replaced.

    >>> source_text(b"# coding: latin-1\\nprint('caf\\xe9')\\n").splitlines()[1]
    "print('café')"
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding, errors="replace")
    except (SyntaxError, LookupError, ValueError, TypeError):  # a bad cookie: show it anyway
        return data.decode("utf-8", errors="replace")


# --- threads, forks, the event stream, crash dumps ------------------------------------------


def join_threads() -> None:
    """Wait for the script's non-daemon threads, as the interpreter would before exiting."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon and thread.is_alive():
            thread.join()


def _note_fork(channel: EventChannel) -> None:
    """The script forked: the fork sends nothing (see `EventChannel`); the first time, say so
    in the event stream and in the terminal, where the fork's own prints do appear."""
    if channel.note_fork() and sys.__stderr__ is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.__stderr__.write(FORK_NOTE)
            sys.__stderr__.flush()


def _open_stream(fd: int) -> BinaryIO:
    os.set_inheritable(fd, False)  # the script's own subprocesses must not hold the pipe open
    return cast(BinaryIO, os.fdopen(fd, "wb", buffering=1 << 16))


def _enable_fault_dump(fault_file: str | None) -> IO[str] | None:
    """Dump the Python stack on a crash signal, and on SIGTERM (where a stopped script was)."""
    if not fault_file:
        return None
    handle = open(fault_file, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    faulthandler.enable(file=handle, all_threads=False)
    faulthandler.register(signal.SIGTERM, file=handle, all_threads=False, chain=True)
    return handle


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    stream = _open_stream(options.fd)
    budget = ValueBudget(max_elements=options.max_elements, full_values=options.full_values)
    writer = StreamWriter(stream, budget=budget, metadata={"script": options.script})

    def send(event: object) -> None:
        writer.write(event)
        writer.flush()

    channel = EventChannel(send)
    _enable_fault_dump(options.fault_file)
    limits.watch_parent(options.parent_pid or os.getppid())
    tf_alias.install()
    limits.limit_memory(options.memory_limit_mb)
    os.register_at_fork(after_in_parent=lambda: _note_fork(channel))
    path = Path(options.script).resolve()
    sys.argv = [str(path), *options.script_args]
    module = _main_module(path)  # kept here: the script may replace sys.modules["__main__"]
    started = perf_counter()
    ranges = VariableRanges()
    trace.attach_sink(ranges.wrap(channel.emit))
    with captured_output(channel):
        outcome = run_script(path, options.script_args, channel, module, options.memory_limit_mb)
        if outcome.error is not None:
            channel.emit(outcome.error)
        surface = surface_from_namespace(vars(module), ranges)
        if surface is not None:
            channel.emit(surface)
        join_threads()
    channel.close()
    channel.emit(ScriptFinished(exit_code=outcome.exit_code, seconds=perf_counter() - started))
    trace.detach_sink()
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
