"""Run a sample in this process, with `import tensorflow` served by visualtape's compat layer.

In-process runs are fast and let a test read the script's globals; stdout and stderr are
captured. (The `run_sample` fixture in conftest.py caches one run per sample per session.)
"""

from __future__ import annotations

import contextlib
import io
import runpy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visualtape.runner import tf_alias

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"


@dataclass(frozen=True)
class SampleRun:
    """What a sample left behind: its module globals and everything it printed."""

    namespace: dict[str, Any]
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def lines_starting(self, prefix: str) -> list[str]:
        return [line for line in self.output.splitlines() if line.strip().startswith(prefix)]


def sample_path(stem: str) -> Path:
    return SAMPLES_DIR / f"{stem}.py"


class SampleFailed(AssertionError):
    """A sample raised; the message carries what it printed before failing."""


def execute_sample(path: Path) -> SampleRun:
    """Run `path` as `__main__` on the compat layer; the alias is removed afterwards."""
    stdout, stderr = io.StringIO(), io.StringIO()
    finder = tf_alias.install()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            namespace = runpy.run_path(str(path), run_name="__main__")
    except Exception as error:
        printed = (stdout.getvalue() + stderr.getvalue())[-3000:]
        raise SampleFailed(
            f"{path.name} raised {type(error).__name__}: {error}\n--- its output ---\n{printed}"
        ) from error
    finally:
        tf_alias.uninstall(finder)
    return SampleRun(namespace, stdout.getvalue(), stderr.getvalue())
