"""Scripts that attack the runner's own machinery: its error is still reported, nothing is lost."""

from __future__ import annotations

import pytest
from runner_helpers import Run, Write, finished, only_error, printed

from visualtape.engine import events as ev
from visualtape.runner.channel import FORK_NOTE


def test_an_exception_whose_str_fails_is_reported_as_python_prints_it(
    write_script: Write, run_to_end: Run
) -> None:
    path = write_script(
        """
        class Weird(Exception):
            def __str__(self):
                raise RuntimeError("str failed")
        print("start")
        raise Weird()
        """
    )
    events = run_to_end(path).events
    error = only_error(events)
    assert (error.error_type, error.message) == ("Weird", "<exception str() failed>")
    assert (error.file, error.line) == (str(path), 6)
    assert error.traceback.endswith("Weird: <exception str() failed>\n")
    assert printed(events) == "start\n"
    assert finished(events).exit_code == 1


def test_sys_exit_with_an_unprintable_message(write_script: Write, run_to_end: Run) -> None:
    path = write_script(
        """
        import sys
        class Weird:
            def __str__(self):
                raise RuntimeError("str failed")
        sys.exit(Weird())
        """
    )
    events = run_to_end(path).events
    error = only_error(events)
    assert (error.error_type, error.line) == ("SystemExit", 6)
    assert finished(events).exit_code == 1


@pytest.mark.parametrize(
    "sabotage",
    [
        "sys.stdout = None",
        "sys.stderr = None",
        "sys.stdout = sys.stderr = None",
        'del sys.modules["__main__"]',
        'sys.modules["__main__"] = None',
    ],
)
def test_the_runner_survives_what_the_script_does_to_sys(
    write_script: Write, run_to_end: Run, sabotage: str
) -> None:
    path = write_script(f"import sys\nprint('before')\n{sabotage}\nprint('after')\nx = 1\n")
    run = run_to_end(path)
    events = run.events
    assert not [e for e in events if isinstance(e, ev.ScriptError)]
    assert printed(events).startswith("before\n")
    assert finished(events).exit_code == 0 and run.exit_code == 0


def test_an_error_after_sys_stdout_is_gone_is_still_reported(
    write_script: Write, run_to_end: Run
) -> None:
    path = write_script("import sys\nsys.stdout = sys.stderr = None\n1 / 0\n")
    events = run_to_end(path).events
    error = only_error(events)
    assert (error.error_type, error.line) == ("ZeroDivisionError", 3)
    assert finished(events).exit_code == 1


def test_a_forked_process_sends_nothing_and_the_parent_says_so(
    write_script: Write, run_to_end: Run
) -> None:
    path = write_script(
        """
        import os
        from visualtape import engine as ve
        x = ve.Variable(2.0, name="x")
        pid = os.fork()
        if pid == 0:
            print("in the forked child")
            with ve.GradientTape() as tape:
                y = x * x
            tape.gradient(y, x)
        else:
            os.waitpid(pid, 0)
            print("in the parent")
            with ve.GradientTape() as tape:
                y = x * x * x
            tape.gradient(y, x)
        """
    )
    events = run_to_end(path).events
    assert printed(events, "stdout") == "in the parent\n"
    assert printed(events, "stderr") == FORK_NOTE
    assert len([e for e in events if isinstance(e, ev.TapeOpened)]) == 1
    done = [e for e in events if isinstance(e, ev.GradientFinished)]
    assert len(done) == 1 and float(done[0].results[0]) == 12.0  # d(x^3)/dx, the parent's
    assert finished(events).exit_code == 0
