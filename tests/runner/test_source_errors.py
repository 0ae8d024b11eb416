"""A script that cannot be read or decoded: the error names the script's own file and line.

What `python3 script.py` reports, never a frame in visualtape, codecs or tokenize.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from runner_helpers import Run, finished, only_error, printed

from visualtape.engine import events as ev

LATIN1 = "print('ok')\nprint('café')\n".encode("latin-1")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (LATIN1, 2, "Non-UTF-8 code starting with '\\xe9'"),
        (b"# coding: bogus\nprint(1)\n", 1, "unknown encoding: bogus"),
        (b"#!/usr/bin/env python\n# -*- coding: bogus -*-\nprint(1)\n", 2, "encoding: bogus"),
        (b"print(1)\nx = 1\0\n", 2, "source code cannot contain null bytes"),
    ],
    ids=["latin1-without-cookie", "bad-cookie", "bad-cookie-line-2", "null-byte"],
)
def test_undecodable_source_points_at_the_script_line(
    tmp_path: Path, run_to_end: Run, data: bytes, line: int, message: str
) -> None:
    path = tmp_path / "script.py"
    path.write_bytes(data)
    events = run_to_end(path).events
    error = only_error(events)
    assert (error.error_type, error.file, error.line) == ("SyntaxError", str(path), line)
    assert message in error.message
    assert f'File "{path}", line {line}' in error.traceback
    for elsewhere in ("child.py", "tokenize", "codecs"):
        assert elsewhere not in error.traceback
    started = next(e for e in events if isinstance(e, ev.ScriptStarted))
    assert "print(1)" in started.source or "print('ok')" in started.source  # shown anyway
    assert finished(events).exit_code == 1


def test_a_declared_encoding_is_honoured(tmp_path: Path, run_to_end: Run) -> None:
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\n" + LATIN1)
    events = run_to_end(path).events
    assert printed(events) == "ok\ncafé\n"
    assert next(e for e in events if isinstance(e, ev.ScriptStarted)).source.endswith("café')\n")
    assert finished(events).exit_code == 0


@pytest.mark.parametrize(
    ("make", "error_type", "reason"),
    [
        (lambda path: None, "FileNotFoundError", "No such file or directory"),
        (lambda path: path.mkdir(), "IsADirectoryError", "Is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_an_unreadable_script_is_named_without_a_traceback(
    tmp_path: Path, run_to_end: Run, make: object, error_type: str, reason: str
) -> None:
    path = tmp_path / "x.py"
    make(path)  # type: ignore[operator]
    error = only_error(run_to_end(path).events)
    assert (error.error_type, error.file, error.line) == (error_type, str(path), None)
    assert str(path) in error.message and reason in error.message
    assert error.traceback == ""  # the failing frames would be visualtape's own
