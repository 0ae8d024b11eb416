"""`visualtape render`: one frame of a script or a session file, offscreen, PNG or SVG."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtGui import QImage

from visualtape.session.sessionfile import write_session
from visualtape.ui.render import load_events, render_cli


def test_render_a_script_step_to_png(qtbot, scripts: dict[str, Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "frame.png"
    code = render_cli([str(scripts["persistent_tape.py"]), "-o", str(out), "--step", "4"])
    assert code == 0
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 500


def test_render_a_session_file_to_svg(qtbot, scripts: dict[str, Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events, _ = load_events(str(scripts["nested_tapes.py"]))
    session = tmp_path / "nested.vtape"
    write_session(session, events)
    out = tmp_path / "frame.svg"
    args = argparse.Namespace(input=str(session), output=str(out), step=None)
    assert render_cli(args) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and "dy_dx" in text


def test_render_refuses_unsupported_formats_and_bad_steps(
    qtbot,
    scripts: dict[str, Path],  # type: ignore[no-untyped-def]
    tmp_path: Path,
    capsys,
) -> None:
    script = str(scripts["persistent_tape.py"])
    assert render_cli([script, "-o", str(tmp_path / "a.gif")]) == 2
    assert "not supported yet" in capsys.readouterr().err
    assert render_cli([script, "-o", str(tmp_path / "a.png"), "--step", "99"]) == 1
    assert "outside the timeline" in capsys.readouterr().err
    assert render_cli([str(tmp_path / "missing.py"), "-o", str(tmp_path / "a.png")]) == 1
