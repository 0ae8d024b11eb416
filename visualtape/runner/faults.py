"""Turning every way a script can fail into one clear `ScriptError`.

In the child: exceptions (tracebacks cut down to the user's own frames, so an error raised deep
inside the engine or numpy points at the script line that called it), syntax errors (line and
column) and `sys.exit(n)`. In the parent: deaths the child cannot report itself (a signal, an
`os._exit`, a timeout), located with the `faulthandler` dump the child leaves behind.

Columns are 1-based, like editors and `SyntaxError.offset`.

>>> error = exit_error(3, None)
>>> (error.error_type, error.message)
('SystemExit', 'the script called sys.exit(3)')
"""

from __future__ import annotations

import builtins
import re
import signal
import sys
import sysconfig
import traceback
from pathlib import Path
from types import TracebackType

from visualtape.compat.unsupported import UnsupportedAPIError
from visualtape.engine.events import ScriptError, SourceLocation

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # .../visualtape
_LIBRARY_DIRS = tuple(
    Path(p).resolve() for p in {sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib")} if p
)


def is_user_file(filename: str, script_dir: Path | None) -> bool:
    """True for a frame in the user's code: under the script's folder, not in visualtape."""
    if filename.startswith("<"):
        return False
    path = Path(filename).resolve()
    if path.is_relative_to(_PACKAGE_DIR) or _is_library(path):
        return False
    return script_dir is None or path.is_relative_to(script_dir)


def _is_library(path: Path) -> bool:
    if "site-packages" in path.parts or "dist-packages" in path.parts:
        return True
    return any(path.is_relative_to(d) for d in _LIBRARY_DIRS)


def user_frames(tb: TracebackType | None, script_dir: Path | None) -> list[traceback.FrameSummary]:
    """The traceback's frames in the user's code (all frames if none is)."""
    frames = list(traceback.extract_tb(tb))
    mine = [f for f in frames if is_user_file(f.filename, script_dir)]
    return mine or frames


def error_from_exception(
    exc: BaseException, script_dir: Path | None, memory_limit_mb: int | None = None
) -> ScriptError:
    """A `ScriptError` for an exception that escaped the script."""
    try:
        return _described_error(exc, script_dir, memory_limit_mb)
    except Exception:  # noqa: BLE001 - the script's exception ran code of its own and failed
        return _plain_error(exc, script_dir)


def safe_str(value: object) -> str:
    """`str(value)`, or what the interpreter prints when that raises."""
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - any user-defined __str__ may fail
        return "<exception str() failed>"


def _described_error(
    exc: BaseException, script_dir: Path | None, memory_limit_mb: int | None
) -> ScriptError:
    syntax = _is_user_syntax_error(exc, script_dir)
    frames = [] if syntax else user_frames(exc.__traceback__, script_dir)
    text = _format_chain(exc, script_dir, set())
    error_type = type(exc).__name__
    message = safe_str(exc) + did_you_mean(exc)
    unsupported = unsupported_import(exc)
    if unsupported is not None:
        error_type, message = "UnsupportedAPIError", unsupported
    if isinstance(exc, MemoryError):
        error_type = "MemoryError"
        limit = f" (memory limit {memory_limit_mb} MB)" if memory_limit_mb else ""
        message = (message or "out of memory") + limit
    file, line, column = _innermost(frames)
    if isinstance(exc, SyntaxError) and _has_location(exc):
        # A syntax error in a user file: its location is in the exception, not the traceback.
        message = safe_str(exc.msg)
        file, line = exc.filename, exc.lineno
        column = exc.offset if isinstance(exc.offset, int) else None
    return ScriptError(
        error_type=error_type,
        message=message,
        traceback=text,
        file=file,
        line=line,
        column=column,
        frames=tuple(SourceLocation(f.filename, f.lineno or 0, f.name) for f in frames),
    )


def _plain_error(exc: BaseException, script_dir: Path | None) -> ScriptError:
    """The fallback: type, `str()` and the user's frames, nothing that asks `exc` for more."""
    frames = user_frames(exc.__traceback__, script_dir)
    file, line, column = _innermost(frames)
    last = f"{type(exc).__name__}: {safe_str(exc)}\n"
    listing = "".join(traceback.format_list(frames))
    return ScriptError(
        error_type=type(exc).__name__,
        message=safe_str(exc),
        traceback=f"Traceback (most recent call last):\n{listing}{last}" if frames else last,
        file=file,
        line=line,
        column=column,
        frames=tuple(SourceLocation(f.filename, f.lineno or 0, f.name) for f in frames),
    )


def exit_error(
    code: int | str, exc: SystemExit | None, script_dir: Path | None = None
) -> ScriptError:
    """A `ScriptError` for `sys.exit(code)` with a non-zero code (or a message)."""
    frames = user_frames(exc.__traceback__ if exc else None, script_dir)
    file, line, column = _innermost(frames)
    message = f"the script called sys.exit({code})" if isinstance(code, int) else str(code)
    listing = "".join(traceback.format_list(frames))
    text = f"Traceback (most recent call last):\n{listing}SystemExit: {code}\n" if frames else ""
    return ScriptError(
        error_type="SystemExit",
        message=message,
        traceback=text,
        file=file,
        line=line,
        column=column,
        frames=tuple(SourceLocation(f.filename, f.lineno or 0, f.name) for f in frames),
    )


def _is_user_syntax_error(exc: BaseException, script_dir: Path | None) -> bool:
    """A SyntaxError in the user's code, raised while compiling it (no user frame to show)."""
    return (
        isinstance(exc, SyntaxError)
        and isinstance(exc.filename, str)
        and bool(exc.filename)
        and is_user_file(exc.filename, script_dir)
        and not any(
            is_user_file(f.filename, script_dir) for f in traceback.extract_tb(exc.__traceback__)
        )
    )


def _has_location(exc: SyntaxError) -> bool:
    """A file and a line, of the right types (a script can raise any SyntaxError it likes)."""
    filename, lineno = exc.filename, exc.lineno
    return isinstance(filename, str) and bool(filename) and isinstance(lineno, int) and lineno > 0


def _innermost(
    frames: list[traceback.FrameSummary],
) -> tuple[str | None, int | None, int | None]:
    if not frames:
        return None, None, None
    last = frames[-1]
    colno: int | None = getattr(last, "colno", None)  # 0-based, Python 3.11+
    column = colno + 1 if colno is not None else None
    return last.filename, last.lineno, column


def _format_chain(exc: BaseException, script_dir: Path | None, seen: set[int]) -> str:
    """Like `traceback.format_exception`, but each traceback shows only the user's frames."""
    seen.add(id(exc))
    text = ""
    if exc.__cause__ is not None and id(exc.__cause__) not in seen:
        text = _format_chain(exc.__cause__, script_dir, seen)
        text += "\nThe above exception was the direct cause of the following exception:\n\n"
    elif (
        exc.__context__ is not None
        and not exc.__suppress_context__
        and id(exc.__context__) not in seen
    ):
        text = _format_chain(exc.__context__, script_dir, seen)
        text += "\nDuring handling of the above exception, another exception occurred:\n\n"
    frames = (
        [] if _is_user_syntax_error(exc, script_dir) else user_frames(exc.__traceback__, script_dir)
    )
    if frames:
        text += "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    last = "".join(traceback.format_exception_only(type(exc), exc))
    unsupported = unsupported_import(exc)
    if unsupported is not None:
        last = f"UnsupportedAPIError: {unsupported}\n"
    hint = did_you_mean(exc)
    return text + (last[:-1] + hint + "\n" if hint and last.endswith("\n") else last)


_COMPAT_IMPORT = re.compile(
    r"cannot import name '(?P<name>\w+)' from '(?P<module>visualtape\.compat\.tensorflow[\w.]*)'"
)


_WHERE = re.compile(r" \(at [^()]*\)")


def unsupported_import(exc: BaseException) -> str | None:
    """`from tensorflow.keras.layers import Conv2D`: Python turns our UnsupportedAPIError into
    "cannot import name ... from 'visualtape.compat...'"; this gives back our message."""
    match = _COMPAT_IMPORT.match(safe_str(exc)) if isinstance(exc, ImportError) else None
    module = sys.modules.get(match["module"]) if match else None
    if match is None or module is None:
        return None
    try:
        getattr(module, match["name"])
    except UnsupportedAPIError as error:  # (its "(at …)" is wherever this runs: dropped)
        return _WHERE.sub("", str(error))
    except Exception:  # noqa: BLE001 (then the ImportError says it well enough)
        return None
    return None


def did_you_mean(exc: BaseException) -> str:
    """ ". Did you mean: 'X_data'?" for a mistyped name or attribute, as the interpreter adds
    when it prints the error itself (Python 3.11's traceback module leaves it out); else ""."""
    name = getattr(exc, "name", None)
    if not isinstance(exc, NameError | AttributeError) or not isinstance(name, str):
        return ""
    if "did you mean" in safe_str(exc).lower():  # (our tf namespace suggests on its own)
        return ""
    try:
        if isinstance(exc, NameError):
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is None:
                return ""
            frame = tb.tb_frame
            candidates = [*frame.f_locals, *frame.f_globals, *dir(builtins)]
        else:
            candidates = dir(exc.obj)
    except Exception:  # noqa: BLE001 (a hint is never worth a second error)
        return ""
    close = _closest(name, candidates)
    return f". Did you mean: '{close}'?" if close else ""


# The interpreter's rule for its hint: an edit costs 2 (1 when only the letter case changes),
# at most a third of the characters of both names may change, and the first nearest wins.
_EDIT, _CASE = 2, 1
_MAX_CANDIDATES = 750


def _closest(name: str, candidates: list[str]) -> str | None:
    if len(candidates) > _MAX_CANDIDATES or len(name) > 40:
        return None
    best, best_cost = None, 1 << 30
    for candidate in candidates:
        if candidate == name:
            continue
        limit = min((len(candidate) + len(name) + 3) * _EDIT // 6, best_cost - 1)
        cost = _edit_cost(name, candidate)
        if cost <= limit:
            best, best_cost = candidate, cost
    return best


def _edit_cost(a: str, b: str) -> int:
    """Weighted Levenshtein distance between `a` and `b` (costs as above)."""
    row = [j * _EDIT for j in range(len(b) + 1)]
    for i, char in enumerate(a, start=1):
        previous, row[0] = row[0], i * _EDIT
        for j, other in enumerate(b, start=1):
            swap = 0 if char == other else _CASE if char.lower() == other.lower() else _EDIT
            previous, row[j] = row[j], min(row[j] + _EDIT, row[j - 1] + _EDIT, previous + swap)
    return row[-1]


# --- the script could not be read ---------------------------------------------------------------


def unreadable_script_error(path: Path, exc: OSError) -> ScriptError:
    """The script could not be read (missing, a directory, no permission): the path and why,
    as `python3 script.py` says it, without a traceback (its frames would be visualtape's)."""
    why = f"[Errno {exc.errno}] {exc.strerror}" if exc.errno and exc.strerror else safe_str(exc)
    return ScriptError(
        error_type=type(exc).__name__,
        message=f"can't open file '{path}': {why}",
        traceback="",
        file=str(path),
        line=None,
    )


# --- the parent's side: deaths the child could not report ------------------------------------

_DUMP_LINE = re.compile(r'^\s*File "(?P<file>.+)", line (?P<line>\d+) in (?P<function>\S+)')


def parse_fault_dump(text: str, script_dir: Path | None) -> list[SourceLocation]:
    """User frames (innermost first) of the first thread in a `faulthandler` dump."""
    frames: list[SourceLocation] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        for raw in block.splitlines():
            match = _DUMP_LINE.match(raw)
            if match and is_user_file(match["file"], script_dir):
                frames.append(SourceLocation(match["file"], int(match["line"]), match["function"]))
        if frames:
            break
    return frames


def signal_name(number: int) -> str:
    """'SIGSEGV' for 11; 'signal 99' for numbers Python does not know."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def death_error(error_type: str, message: str, dump_frames: list[SourceLocation]) -> ScriptError:
    """A parent-made `ScriptError`, located at the innermost user frame of the fault dump."""
    where = dump_frames[0] if dump_frames else None
    listing = "".join(
        f'  File "{f.file}", line {f.line}, in {f.function}\n' for f in reversed(dump_frames)
    )
    # Without frames, a traceback would only repeat the headline `error_type: message`.
    text = f"Traceback (most recent call last):\n{listing}{error_type}: {message}\n"
    return ScriptError(
        error_type=error_type,
        message=message,
        traceback=text if listing else "",
        file=where.file if where else None,
        line=where.line if where else None,
        column=None,
        frames=tuple(reversed(dump_frames)),
    )


def death_cause(
    code: int,
    frames: list[SourceLocation],
    *,
    timeout: float | None,
    stopped: bool,
    reported: bool,
) -> ScriptError | None:
    """Why a child ended with exit `code`, when it could not say so itself (None: it could).

    `timeout`: the limit it ran over, if it timed out; `stopped`: the user stopped it;
    `reported`: it sent a ScriptError of its own; `frames`: its fault dump, innermost first.
    """
    # NOTE: the line is in the error's `line`, not its message (readers add it themselves).
    if timeout is not None:
        message = f"the script ran longer than its {timeout:g} s timeout and was stopped"
        return death_error("TimeoutError", message, frames)
    if stopped:
        return death_error("ScriptStopped", "the script was stopped", frames)
    if code < 0:
        message = f"the script process died with signal {signal_name(-code)}"
        if -code == signal.SIGKILL:
            message += " (killed from outside, perhaps by the system for lack of memory)"
        return death_error("ProcessDied", message, frames)
    if code != 0 and not reported:
        message = f"the script process exited with code {code} before finishing (os._exit?)"
        return death_error("ProcessExited", message, frames)
    return None


def stream_damage_error(detail: str) -> ScriptError:
    """The parent could not decode the child's stream: what was lost, from where."""
    message = f"the event stream from the script was damaged; later events are lost: {detail}"
    return death_error("StreamError", message, [])
