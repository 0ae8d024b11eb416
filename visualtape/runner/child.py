"""The child process: run one script with a trace sink attached, streaming events to the parent.

Started by `ScriptRun` as `python -m visualtape.runner.child --fd N [...] SCRIPT [ARGS...]`, with
the write end of a pipe as fd N. Everything the parent learns arrives as stream frames on that
pipe: `ScriptStarted`, the engine's events, the script's output as `PrintOutput`, a `ScriptError`
if it failed, and `ScriptFinished`. Script output still reaches the real stdout/stderr too.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
import threading
import time
import tokenize
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from visualtape.engine import trace
from visualtape.engine.events import ScriptError, ScriptFinished, ScriptStarted
from visualtape.engine.logging import VariableRanges, surface_from_namespace
from visualtape.runner import faults, limits, tf_alias
from visualtape.runner.capture import captured_output
from visualtape.runner.channel import EventChannel
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
    path: Path, script_args: Sequence[str], channel: EventChannel, memory_limit_mb: int | None
) -> ScriptOutcome:
    """Compile and run `path` as `__main__`; every failure becomes an outcome, never a raise."""
    script_dir = path.parent
    try:
        with tokenize.open(path) as handle:
            source = handle.read()
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        channel.emit(ScriptStarted(path=str(path), source="", argv=tuple(script_args)))
        return ScriptOutcome(1, faults.error_from_exception(exc, script_dir))
    channel.emit(ScriptStarted(path=str(path), source=source, argv=tuple(script_args)))
    try:
        code = compile(source, str(path), "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return ScriptOutcome(1, faults.error_from_exception(exc, script_dir))
    module = _main_module(path)
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
    print(code, file=sys.stderr)  # what Python itself does with sys.exit("message")
    return ScriptOutcome(1, faults.exit_error(str(code), exc, script_dir))


def join_threads() -> None:
    """Wait for the script's non-daemon threads, as the interpreter would before exiting."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon and thread.is_alive():
            thread.join()


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
    path = Path(options.script).resolve()
    sys.argv = [str(path), *options.script_args]
    started = time.perf_counter()
    ranges = VariableRanges()
    trace.attach_sink(ranges.wrap(channel.emit))
    with captured_output(channel):
        outcome = run_script(path, options.script_args, channel, options.memory_limit_mb)
        if outcome.error is not None:
            channel.emit(outcome.error)
        surface = surface_from_namespace(vars(sys.modules["__main__"]), ranges)
        if surface is not None:
            channel.emit(surface)
        join_threads()
    channel.close()
    channel.emit(ScriptFinished(exit_code=outcome.exit_code, seconds=time.perf_counter() - started))
    trace.detach_sink()
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
