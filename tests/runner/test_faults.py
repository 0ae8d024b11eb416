"""Fault reports without a child process: frame filtering, chains, fault-dump parsing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from visualtape.engine.events import SourceLocation
from visualtape.runner import faults

DUMP = """\
Fatal Python error: Segmentation fault

Current thread 0x00007f0000000001 (most recent call first):
  File "/usr/lib/python3.11/ctypes/__init__.py", line 519 in string_at
  File "/work/demo/script.py", line 4 in crash
  File "/work/demo/script.py", line 6 in <module>
  File "<frozen runpy>", line 88 in _run_code

Thread 0x00007f0000000002 (most recent call first):
  File "/work/demo/worker.py", line 9 in loop
"""


def test_fault_dump_gives_the_user_frames_of_the_crashing_thread() -> None:
    frames = faults.parse_fault_dump(DUMP, Path("/work/demo"))
    assert frames == [
        SourceLocation("/work/demo/script.py", 4, "crash"),
        SourceLocation("/work/demo/script.py", 6, "<module>"),
    ]
    assert faults.parse_fault_dump("", Path("/work/demo")) == []


def test_death_error_is_located_at_the_innermost_frame() -> None:
    frames = faults.parse_fault_dump(DUMP, Path("/work/demo"))
    error = faults.death_error("ProcessDied", "died with signal SIGSEGV", frames)
    assert (error.file, error.line) == ("/work/demo/script.py", 4)
    assert [f.line for f in error.frames] == [6, 4]  # outermost first, like a traceback
    assert error.traceback.endswith("ProcessDied: died with signal SIGSEGV\n")


def test_signal_names() -> None:
    assert faults.signal_name(11) == "SIGSEGV"
    assert faults.signal_name(9) == "SIGKILL"
    assert faults.signal_name(1000) == "signal 1000"


def test_library_and_visualtape_frames_are_not_user_frames(tmp_path: Path) -> None:
    assert faults.is_user_file(str(tmp_path / "a.py"), tmp_path)
    assert not faults.is_user_file(faults.__file__, None)
    assert not faults.is_user_file(str(tmp_path / "site-packages" / "np.py"), tmp_path)
    assert not faults.is_user_file("<frozen runpy>", None)
    assert not faults.is_user_file("/elsewhere/a.py", tmp_path)


def test_exception_chain_keeps_both_exceptions(tmp_path: Path) -> None:
    script = tmp_path / "chain.py"
    script.write_text(
        "def f():\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n"
        "        raise ValueError('wrapped') from e\nf()\n"
    )
    namespace: dict[str, object] = {}
    try:
        exec(compile(script.read_text(), str(script), "exec"), namespace)
    except ValueError as exc:
        error = faults.error_from_exception(exc, tmp_path)
    assert (error.error_type, error.message, error.line) == ("ValueError", "wrapped", 5)
    assert "ZeroDivisionError: division by zero" in error.traceback
    assert "direct cause" in error.traceback
    assert "test_faults.py" not in error.traceback  # this test's own frame is not the script's


_TYPOS = {
    "x_data": "X_data = [1.0]\nw = 2.0\nprint(x_data)\n",  # seed 001's own slip
    "wx": "X_data = [1.0]\nw = 2.0\nx = 1.0\nprint(wx)\n",
    "lenn": "print(lenn([1]))\n",
    "nump": "class Value:\n    def numpy(self):\n        return 1\nValue().nump()\n",
    "far": "alpha = 1\nprint(zzzzzzzz)\n",  # nothing close: no hint
}


@pytest.mark.parametrize("typo", sorted(_TYPOS))
def test_a_mistyped_name_gets_the_interpreters_own_hint(typo: str, tmp_path: Path) -> None:
    """The hint the plain interpreter prints ("Did you mean: 'X_data'?"), checked against
    the interpreter itself (Python 3.11's traceback module leaves it out)."""
    script = tmp_path / "typo.py"
    script.write_text(_TYPOS[typo], encoding="utf-8")
    plain = (
        subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
        .stderr.strip()
        .splitlines()[-1]
    )
    namespace: dict[str, object] = {"__name__": "__main__"}
    with pytest.raises((NameError, AttributeError)) as raised:
        exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
    error = faults.error_from_exception(raised.value, tmp_path)
    assert f"{error.error_type}: {error.message}" == plain
    assert error.traceback.rstrip().splitlines()[-1] == plain
    assert ("Did you mean" in plain) is (typo != "far")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Conv2D", "tf.keras.layers.Conv2D is not supported by visualtape yet"),
        ("Dens", "tf.keras.layers.Dens does not exist: did you mean tf.keras.layers.Dense?"),
    ],
)
def test_importing_a_missing_tf_name_names_the_api(name: str, expected: str) -> None:
    # Python turns the module's UnsupportedAPIError into a bare "cannot import name ... from
    # 'visualtape.compat...'" ImportError; the report gives back what is missing, in TF's names.
    with pytest.raises(ImportError) as raised:
        exec(f"from visualtape.compat.tensorflow.keras.layers import {name}", {})
    error = faults.error_from_exception(raised.value, None)
    assert (error.error_type, error.message) == ("UnsupportedAPIError", expected)
    assert error.traceback.rstrip().splitlines()[-1] == f"UnsupportedAPIError: {expected}"
    assert "cannot import name" not in error.traceback


@pytest.mark.parametrize("stopped", [False, True])
def test_a_death_names_its_line_once_and_has_no_frameless_traceback(stopped: bool) -> None:
    """The line is in `error.line` (the GUI adds "(line 4)"); a traceback without frames would
    only repeat the headline in the headless report."""
    frames = faults.parse_fault_dump(DUMP, Path("/work/demo"))
    located = faults.death_cause(-11, frames, timeout=None, stopped=stopped, reported=False)
    assert located is not None and located.line == 4 and "line" not in located.message
    alone = faults.death_cause(3, [], timeout=None, stopped=stopped, reported=False)
    assert alone is not None and alone.traceback == ""


class _Hostile(NameError):
    """An exception that fails whenever visualtape looks at it."""

    def __str__(self) -> str:
        raise RuntimeError("str failed")

    @property
    def name(self) -> str:  # type: ignore[override]
        raise RuntimeError("name failed")


def test_an_exception_that_fails_to_describe_itself_still_becomes_an_error() -> None:
    try:
        raise _Hostile()
    except _Hostile as exc:
        error = faults.error_from_exception(exc, None)
    assert (error.error_type, error.message) == ("_Hostile", "<exception str() failed>")
    assert error.line is not None
    assert error.traceback.endswith("_Hostile: <exception str() failed>\n")
