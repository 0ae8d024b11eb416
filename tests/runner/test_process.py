"""ScriptRun end to end: a real child process per test, one test per way a script can end."""

from __future__ import annotations

import signal
from pathlib import Path

import numpy as np
import pytest
from runner_helpers import DEADLINE, Run, Write, finished, only_error, printed, wait_for

from visualtape.engine import events as ev
from visualtape.runner.process import ScriptRun
from visualtape.session.values import ValueBudget


def test_clean_run_streams_start_output_and_finish(write_script: Write, run_to_end: Run) -> None:
    path = write_script(
        """
        import sys
        print("hello", sys.argv[1:])
        print("warn", file=sys.stderr)
        """
    )
    run = run_to_end(path, argv=["a", "b"])
    events = run.events
    started = events[0]
    assert isinstance(started, ev.ScriptStarted)
    assert started.path == str(path) and "print(" in started.source
    assert started.argv == ("a", "b")
    assert printed(events, "stdout") == "hello ['a', 'b']\n"
    assert printed(events, "stderr") == "warn\n"
    assert finished(events).exit_code == 0 and run.exit_code == 0
    assert not [e for e in events if isinstance(e, ev.ScriptError)]
    assert not run.running and run.stream_error is None


def test_engine_events_come_through_the_pipe(write_script: Write, run_to_end: Run) -> None:
    path = write_script(
        """
        from visualtape import engine as ve
        x = ve.Variable(3.0, name="x")
        with ve.GradientTape() as tape:
            y = x * x
        print("grad", tape.gradient(y, x).numpy())
        """
    )
    events = run_to_end(path).events
    kinds = [type(e).__name__ for e in events]
    for name in ("TapeOpened", "OpRecorded", "GradientStarted", "GradientFinished"):
        assert name in kinds
    done = next(e for e in events if isinstance(e, ev.GradientFinished))
    np.testing.assert_allclose(done.results[0], 6.0)
    # The print comes after the gradient events, exactly where it happened.
    assert kinds.index("PrintOutput") > kinds.index("GradientFinished")
    assert finished(events).exit_code == 0


def test_events_arrive_while_the_script_still_runs(
    write_script: Write, start_run: Run, tmp_path: Path
) -> None:
    sentinel = tmp_path / "go"
    path = write_script(
        """
        import os, sys, time
        print("waiting")
        while not os.path.exists(sys.argv[1]):
            time.sleep(0.01)
        print("released")
        """
    )
    run = start_run(path, argv=[str(sentinel)])
    early = wait_for(run, lambda seen: "waiting" in printed(seen))
    assert run.running, "the child must still be blocked on the sentinel"
    assert isinstance(early[0], ev.ScriptStarted)
    assert not any(isinstance(e, ev.ScriptFinished) for e in early)
    sentinel.touch()
    assert run.wait(DEADLINE) == 0
    assert printed(run.events) == "waiting\nreleased\n"


def test_poll_returns_each_event_once(write_script: Write, run_to_end: Run) -> None:
    run = run_to_end(write_script("print('a')\nprint('b')\n"))
    first = run.poll()
    assert first == run.events and run.poll() == []


# --- faults -----------------------------------------------------------------------------------


def test_syntax_error_reports_line_and_column(write_script: Write, run_to_end: Run) -> None:
    path = write_script("x = 1\ny = 2\nz = (3 +* 4)\n")
    run = run_to_end(path)
    error = only_error(run.events)
    assert error.error_type == "SyntaxError"
    assert (error.file, error.line, error.column) == (str(path), 3, 9)  # 1-based: the "*"
    assert "child.py" not in error.traceback and "z = (3 +* 4)" in error.traceback
    assert isinstance(run.events[0], ev.ScriptStarted)  # the code view still gets the source
    assert run.exit_code == 1 and finished(run.events).exit_code == 1


def test_exception_inside_a_tape_points_at_the_script_line(
    write_script: Write, run_to_end: Run
) -> None:
    path = write_script(
        """
        from visualtape import engine as ve
        x = ve.Variable(2.0, name="x")
        with ve.GradientTape() as tape:
            y = x * x
            bad = ve.matmul(ve.constant([[1.0, 2.0]]), ve.constant([[1.0], [2.0], [3.0]]))
        """
    )
    run = run_to_end(path)
    error = only_error(run.events)
    assert (error.file, error.line) == (str(path), 6)
    assert error.column is not None and error.column >= 11
    assert "bad = ve.matmul" in error.traceback
    assert "visualtape/engine" not in error.traceback  # only the script's frames
    assert [f.line for f in error.frames] == [6]
    assert any(isinstance(e, ev.OpRecorded) and e.op == "multiply" for e in run.events)
    assert run.exit_code == 1


def test_exception_in_a_function_keeps_every_script_frame(
    write_script: Write, run_to_end: Run
) -> None:
    path = write_script("def f():\n    raise ValueError('boom')\n\nprint('before')\nf()\n")
    run = run_to_end(path)
    error = only_error(run.events)
    assert (error.error_type, error.message, error.line) == ("ValueError", "boom", 2)
    assert [(f.line, f.function) for f in error.frames] == [(5, "<module>"), (2, "f")]
    assert printed(run.events) == "before\n"


def test_sys_exit_with_a_code(write_script: Write, run_to_end: Run) -> None:
    run = run_to_end(write_script("import sys\nprint('bye')\nsys.exit(3)\n"))
    error = only_error(run.events)
    assert (error.error_type, error.line) == ("SystemExit", 3)
    assert run.exit_code == 3 and finished(run.events).exit_code == 3
    assert printed(run.events) == "bye\n"


def test_sys_exit_zero_is_not_an_error(write_script: Write, run_to_end: Run) -> None:
    run = run_to_end(write_script("import sys\nsys.exit(0)\nprint('unreached')\n"))
    assert not [e for e in run.events if isinstance(e, ev.ScriptError)]
    assert run.exit_code == 0 and finished(run.events).exit_code == 0


@pytest.mark.parametrize("code", [0, 5])
def test_os_exit_keeps_the_events_before_it(
    write_script: Write, run_to_end: Run, code: int
) -> None:
    run = run_to_end(write_script(f"import os\nprint('before')\nos._exit({code})\n"))
    assert printed(run.events) == "before\n"
    assert run.exit_code == code and finished(run.events).exit_code == code
    found = [e for e in run.events if isinstance(e, ev.ScriptError)]
    if code == 0:
        assert found == []
    else:
        assert [e.error_type for e in found] == ["ProcessExited"]
        assert "exited with code 5" in found[0].message


@pytest.mark.parametrize(
    "crash",
    ["os.kill(os.getpid(), signal.SIGSEGV)", "ctypes.string_at(0)"],
    ids=["kill-SIGSEGV", "null-pointer"],
)
def test_segfault_is_reported_by_the_parent(
    write_script: Write, run_to_end: Run, crash: str
) -> None:
    path = write_script(
        f"import ctypes, os, signal\nprint('before')\ndef crash():\n    {crash}\ncrash()\n"
    )
    run = run_to_end(path)
    error = only_error(run.events)
    assert error.error_type == "ProcessDied"
    assert "died with signal SIGSEGV" in error.message
    assert (error.file, error.line) == (str(path), 4)  # from the faulthandler dump
    assert [f.line for f in error.frames] == [5, 4]
    assert printed(run.events) == "before\n"
    assert run.exit_code == -signal.SIGSEGV
    assert finished(run.events).exit_code == -signal.SIGSEGV


def test_missing_script_is_an_error_not_a_hang(tmp_path: Path, run_to_end: Run) -> None:
    run = run_to_end(tmp_path / "nope.py")
    error = only_error(run.events)
    assert error.error_type == "FileNotFoundError"
    assert run.exit_code == 1


def test_wait_before_start_and_a_second_start_are_refused(
    write_script: Write, run_to_end: Run, tmp_path: Path
) -> None:
    fresh = ScriptRun(tmp_path / "x.py")
    with pytest.raises(RuntimeError):
        fresh.wait(0)
    assert not fresh.running and fresh.events == [] and fresh.poll() == []
    done = run_to_end(write_script("pass\n"))
    with pytest.raises(RuntimeError):
        done.start()


def test_the_value_budget_reaches_the_child(write_script: Write, run_to_end: Run) -> None:
    path = write_script(
        "from visualtape import engine as ve\nv = ve.Variable(list(range(10)), name='v')\n"
    )
    small = run_to_end(path, budget=ValueBudget(max_elements=4)).events
    full = run_to_end(path, budget=ValueBudget(max_elements=4, full_values=True)).events
    (created_small,) = [e for e in small if isinstance(e, ev.VariableCreated)]
    (created_full,) = [e for e in full if isinstance(e, ev.VariableCreated)]
    assert isinstance(created_small.tensor.value, ev.ArraySummary)
    np.testing.assert_array_equal(created_full.tensor.value, np.arange(10))


def test_a_corrupted_stream_keeps_earlier_events_and_says_so(
    write_script: Write, run_to_end: Run
) -> None:
    path = write_script(
        """
        import os
        print("intact")
        argv = open("/proc/self/cmdline", "rb").read().split(b"\\0")
        pipe = int(argv[argv.index(b"--fd") + 1])
        os.write(pipe, b"\\xff" * 64)  # not a frame
        print("lost")
        """
    )
    run = run_to_end(path)
    assert printed(run.events) == "intact\n"
    damage = [e for e in run.events if isinstance(e, ev.ScriptError)]
    assert [e.error_type for e in damage] == ["StreamError"]
    assert run.stream_error is not None and run.exit_code == 0
    assert finished(run.events).exit_code == 0  # supplied by the parent
