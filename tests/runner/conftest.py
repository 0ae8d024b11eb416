"""Fixtures for runner tests: write a script, run it in a child process, never leave one behind.

Every wait has a generous deadline (the suite must pass on a loaded 2-core machine); nothing
synchronises by sleeping.
"""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from runner_helpers import DEADLINE

from visualtape.runner.process import ScriptRun


@pytest.fixture
def write_script(tmp_path: Path) -> Callable[[str, str], Path]:
    """`write_script(source, name="script.py")` -> the script's path (source is dedented)."""

    def write(source: str, name: str = "script.py") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(source), encoding="utf-8")
        return path

    return write


@pytest.fixture(params=[True, False], ids=["reader-thread", "threadless"])
def start_run(request: pytest.FixtureRequest) -> Iterator[Callable[..., ScriptRun]]:
    """`start_run(path, **ScriptRun kwargs)` -> a started run; stopped and reaped at teardown.

    Every runner test runs twice: with the reader thread (the CLI) and threadless, where
    `poll()`/`wait()` read the pipe on the caller's thread (what the GUI uses).
    """
    runs: list[ScriptRun] = []

    def start(path: Path, **kwargs: object) -> ScriptRun:
        kwargs.setdefault("output", subprocess.DEVNULL)
        kwargs.setdefault("threaded", request.param)
        run = ScriptRun(path, **kwargs)  # type: ignore[arg-type]
        runs.append(run)
        run.start()
        return run

    yield start
    for run in runs:
        run.stop()
    for run in runs:
        assert run.wait(DEADLINE) is not None, "a script run did not end after stop()"


@pytest.fixture
def run_to_end(start_run: Callable[..., ScriptRun]) -> Callable[..., ScriptRun]:
    """`run_to_end(path, **kwargs)` -> a finished run (fails the test if it hangs)."""

    def run(path: Path, **kwargs: object) -> ScriptRun:
        started = start_run(path, **kwargs)
        assert started.wait(DEADLINE) is not None, f"{path.name} did not finish in {DEADLINE} s"
        return started

    return run
