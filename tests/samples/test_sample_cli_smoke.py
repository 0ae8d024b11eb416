"""Every sample exits 0 through `python -m visualtape run --json`, with its tapes in the summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sample_exec import SAMPLES_DIR

SAMPLES = sorted(p for p in SAMPLES_DIR.glob("*.py") if not p.name.startswith("_"))
DEADLINE = 120.0  # seconds; generous for a loaded 2-core machine


def run_json(path: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "visualtape", "run", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    data: dict[str, Any] = json.loads(completed.stdout)
    return data


def values(call: dict[str, Any]) -> list[Any]:
    return [r["value"]["values"] if r["value"] else None for r in call["results"]]


def check_01(data: dict[str, Any]) -> None:
    (call,) = data["gradient_calls"]
    assert values(call) == [[[8.0, 8.0], [8.0, 8.0]]]


def check_03(data: dict[str, Any]) -> None:
    (tape,) = data["tapes"]
    assert tape["persistent"] and tape["gradient_calls"] == 2
    assert [values(c) for c in data["gradient_calls"]] == [[108.0], [6.0]]


def check_04(data: dict[str, Any]) -> None:
    first, second = data["gradient_calls"]
    assert values(first) == [108.0] and first["error"] is None
    assert second["error"].startswith("RuntimeError")


def check_06(data: dict[str, Any]) -> None:
    outer, inner = data["tapes"]
    assert inner["parent"] == outer["id"]


def check_07(data: dict[str, Any]) -> None:
    last = data["gradient_calls"][-1]
    assert values(last) == [None, [2.0, 3.0, 4.0]]
    assert last["results"][0]["reason"], "a None gradient says why"


CHECKS = {"01": check_01, "03": check_03, "04": check_04, "06": check_06, "07": check_07}
NO_TAPES = {"11"}  # tf.function retracing: no GradientTape at all


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_runs_clean_under_visualtape_run(path: Path) -> None:
    data = run_json(path)
    assert data["exit_code"] == 0 and data["finished"] and not data["failed"]
    assert data["errors"] == []
    number = path.stem.split("_")[0]
    if number not in NO_TAPES:
        assert data["tapes"] and data["gradient_calls"]
    if number in CHECKS:
        CHECKS[number](data)
