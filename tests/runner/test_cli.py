"""`visualtape run` through `cli.main`, and once as a real `python -m visualtape` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import visualtape
from visualtape import cli
from visualtape.engine import events as ev
from visualtape.session.sessionfile import read_session

ROOT = Path(visualtape.__file__).resolve().parent.parent
TAPE_SCRIPT = """
from visualtape import engine as ve
x = ve.Variable(3.0, name="x")
with ve.GradientTape(persistent=True) as outer:
    with ve.GradientTape() as inner:
        y = x * x
    dy = inner.gradient(y, x)
d2y = outer.gradient(dy, x)
print("second derivative", float(d2y.numpy()))
"""


@pytest.fixture
def tape_script(tmp_path: Path) -> Path:
    path = tmp_path / "tapes.py"
    path.write_text(textwrap.dedent(TAPE_SCRIPT), encoding="utf-8")
    return path


def test_run_prints_output_then_a_summary(
    tape_script: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["run", str(tape_script)]) == 0
    out = capfd.readouterr().out
    assert out.index("second derivative 2.0") < out.index("visualtape summary")
    assert f"{tape_script}: finished, exit code 0" in out
    assert "tape 1 (persistent, top level) at line 4" in out
    assert "tape 2 (non-persistent, nested in tape 1) at line 5" in out
    assert "d/dx: 6" in out and "d/dx: 2" in out


def test_run_json_and_save(
    tape_script: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "run.vtape"
    assert cli.main(["run", str(tape_script), "--json", "--save", str(saved)]) == 0
    captured = capfd.readouterr()
    data = json.loads(captured.out)  # stdout holds only the JSON
    assert "second derivative 2.0" in captured.err  # the script's output went to stderr
    assert data["failed"] is False and data["exit_code"] == 0
    assert [(t["persistent"], t["parent"]) for t in data["tapes"]] == [(True, None), (False, 1)]
    values = [c["results"][0]["value"]["values"] for c in data["gradient_calls"]]
    assert values == [6.0, 2.0]
    loaded = read_session(saved)
    assert loaded.complete, loaded.error
    assert isinstance(loaded.events[0], ev.ScriptStarted)
    assert isinstance(loaded.events[-1], ev.ScriptFinished)
    assert loaded.metadata["script"] == str(tape_script)


def test_run_exit_status_follows_the_script(tmp_path: Path) -> None:
    failing = tmp_path / "fail.py"
    failing.write_text("import sys\nsys.exit(3)\n")
    raising = tmp_path / "raise.py"
    raising.write_text("raise KeyError('k')\n")
    assert cli.main(["run", str(failing), "--json"]) == 3
    assert cli.main(["run", str(raising), "--json"]) == 1
    assert cli.main(["run", str(tmp_path / "missing.py")]) == cli.EXIT_USAGE


def test_run_passes_script_arguments_and_timeout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "args.py"
    script.write_text("import sys\nprint(sys.argv[1:])\nwhile True:\n    pass\n")
    assert cli.main(["run", str(script), "--timeout", "1", "--json", "--", "-v", "x"]) == 1
    captured = capfd.readouterr()
    assert "['-v', 'x']" in captured.err
    assert json.loads(captured.out)["errors"][0]["type"] == "TimeoutError"


def test_python_dash_m_visualtape_run(tape_script: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "visualtape", "run", str(tape_script), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tape_script.parent,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["op_counts"]["multiply"] >= 1


def test_run_never_imports_qt(tape_script: Path) -> None:
    probe = (
        "import sys\nfrom visualtape.cli import main\n"
        f"code = main(['run', {str(tape_script)!r}, '--json'])\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph')))\n"
        "assert not qt, qt\nsys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert done.returncode == 0, done.stderr


def _fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attributes: object) -> None:
    module = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_no_subcommand_opens_the_app_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []
    _fake_module(monkeypatch, "visualtape.ui.app", launch=lambda p: opened.append(p) or 7)
    assert cli.main([]) == 7
    assert cli.main(["lecture.vtape"]) == 7
    assert opened == [None, "lecture.vtape"]


def test_render_hands_its_arguments_to_the_ui(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    _fake_module(monkeypatch, "visualtape.ui.render", render_cli=lambda a: seen.append(a) or 0)
    assert cli.main(["render", "s.py", "-o", "out.png"]) == 0
    assert seen == [["s.py", "-o", "out.png"]]
