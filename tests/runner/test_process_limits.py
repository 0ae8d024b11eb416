"""ScriptRun against scripts that never end, hog resources, or outlive their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from runner_helpers import DEADLINE, Run, Write, finished, only_error, printed, wait_for

from visualtape.engine import events as ev
from visualtape.runner.process import STOP_GRACE_SECONDS


def test_stop_ends_an_infinite_loop(write_script: Write, start_run: Run) -> None:
    path = write_script("print('looping')\nwhile True:\n    pass\n")
    run = start_run(path)
    wait_for(run, lambda seen: "looping" in printed(seen))
    asked = time.monotonic()
    run.stop()
    assert time.monotonic() - asked < 5.0, "stop() must not block (generous: loaded CI machine)"
    assert run.wait(DEADLINE) is not None
    assert run.stopped and not run.timed_out
    error = only_error(run.events)
    assert error.error_type == "ScriptStopped"
    assert error.line in (2, 3)  # where the loop was when it was stopped
    # SIGTERM normally; SIGKILL only if the child could not finish its report in the grace time
    assert run.exit_code in (-signal.SIGTERM, -signal.SIGKILL)


def test_stop_kills_a_script_that_ignores_sigterm(write_script: Write, start_run: Run) -> None:
    path = write_script(
        "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('stubborn')\nwhile True:\n    pass\n"
    )
    run = start_run(path)
    wait_for(run, lambda seen: "stubborn" in printed(seen))
    run.stop()
    assert run.wait(DEADLINE) == -signal.SIGKILL
    assert only_error(run.events).error_type == "ScriptStopped"


def test_timeout_ends_an_infinite_loop(write_script: Write, run_to_end: Run) -> None:
    path = write_script("x = 0\nwhile True:\n    x += 1\n")
    began = time.monotonic()
    run = run_to_end(path, timeout=1.0)
    assert time.monotonic() - began < 1.0 + STOP_GRACE_SECONDS + 20.0
    assert run.timed_out
    error = only_error(run.events)
    assert error.error_type == "TimeoutError" and "1 s timeout" in error.message
    assert error.line in (2, 3)
    assert finished(run.events).exit_code < 0


def test_memory_blow_up_becomes_memory_error(write_script: Write, run_to_end: Run) -> None:
    path = write_script("print('before')\nblob = bytearray(1 << 36)\n")
    run = run_to_end(path, memory_limit_mb=300)
    error = only_error(run.events)
    assert error.error_type == "MemoryError" and "memory limit 300 MB" in error.message
    assert error.line == 2
    assert printed(run.events) == "before\n"
    assert run.exit_code == 1


def test_printing_megabytes_is_capped(write_script: Write, run_to_end: Run) -> None:
    path = write_script(
        """
        print("FIRST")
        for i in range(100_000):
            print(f"line {i:06d} " + "x" * 40)
        print("LAST")
        """
    )
    run = run_to_end(path)
    text = printed(run.events)
    assert text.startswith("FIRST\nline 000000 ")
    assert text.endswith("line 099999 " + "x" * 40 + "\nLAST\n")
    assert len(text) < 400_000  # of about 5 MB printed
    assert "characters of output dropped]" in text
    assert finished(run.events).exit_code == 0


def test_non_daemon_threads_are_waited_for(
    write_script: Write, start_run: Run, tmp_path: Path
) -> None:
    sentinel = tmp_path / "go"
    path = write_script(
        """
        import os, sys, threading, time

        def worker(n):
            while not os.path.exists(sys.argv[1]):
                time.sleep(0.01)
            for i in range(20):
                print(f"worker {n} line {i}")

        def forever():
            while True:
                time.sleep(0.05)

        threading.Thread(target=forever, daemon=True).start()
        for n in range(3):
            threading.Thread(target=worker, args=(n,)).start()
        print("main done")
        """
    )
    run = start_run(path, argv=[str(sentinel)])
    early = wait_for(run, lambda seen: "main done" in printed(seen))
    assert not any(isinstance(e, ev.ScriptFinished) for e in early)
    sentinel.touch()
    assert run.wait(DEADLINE) == 0
    text = printed(run.events)
    for n in range(3):
        lines = [line for line in text.splitlines() if line.startswith(f"worker {n} ")]
        assert lines == [f"worker {n} line {i}" for i in range(20)]  # whole lines, in order
    assert finished(run.events).exit_code == 0


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not reaped it


def test_an_orphaned_script_ends_when_its_parent_dies(write_script: Write, tmp_path: Path) -> None:
    loop = write_script("while True:\n    pass\n", name="loop.py")
    parent = write_script(
        f"""
        import os, subprocess, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from visualtape.runner.process import ScriptRun
        run = ScriptRun({str(loop)!r}, output=subprocess.DEVNULL)
        run.start()
        print(run.pid, flush=True)
        os._exit(0)  # no atexit clean-up: the child is orphaned
        """,
        name="parent.py",
    )
    done = subprocess.run(
        [sys.executable, str(parent)], capture_output=True, text=True, timeout=DEADLINE
    )
    child = int(done.stdout.strip())
    deadline = time.monotonic() + DEADLINE
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling interval
    if _alive(child):
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the orphaned script kept running after its parent died")
