"""`visualtape render`: frames (PNG, SVG), animations (GIF, MP4) and PNG series, offscreen."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

from visualtape.session.sessionfile import write_session
from visualtape.ui.export import image_to_rgb
from visualtape.ui.render import load_events, render_cli

WATCHED_FILL = np.array([0xFF, 0xF3, 0xC4])  # the watched constant x of persistent_tape.py
LEGEND_ROWS = 120  # the legend above the canvas has a watched swatch of its own


def watched_pixels(image: QImage) -> int:
    """Pixels of the watched node's fill below the legend (none when no graph is drawn)."""
    canvas = image_to_rgb(image)[LEGEND_ROWS:].astype(int)
    return int(np.all(np.abs(canvas - WATCHED_FILL) <= 14, axis=-1).sum())


def test_render_a_script_step_to_png(
    qtbot,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
    tmp_path: Path,
) -> None:
    """The PNG shows the graph at the step asked for: steps 2 and 4 give different pictures."""
    pictures = {}
    for step in (2, 4):
        out = tmp_path / f"frame{step}.png"
        code = render_cli([str(scripts["persistent_tape.py"]), "-o", str(out), "--step", str(step)])
        assert code == 0
        image = QImage(str(out))
        assert image.width() >= 1000 and image.height() >= 500
        assert watched_pixels(image) >= 300  # the graph is drawn, not an empty canvas
        pictures[step] = image_to_rgb(image).astype(int)
    assert pictures[2].shape == pictures[4].shape
    changed = np.any(pictures[2] != pictures[4], axis=-1)
    assert int(changed.sum()) >= 2000  # values and highlights moved on between the steps


def test_render_a_session_file_to_svg(
    qtbot,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
    tmp_path: Path,
) -> None:
    events, _ = load_events(str(scripts["nested_tapes.py"]))
    session = tmp_path / "nested.vtape"
    write_session(session, events)
    out = tmp_path / "frame.svg"
    args = argparse.Namespace(input=str(session), output=str(out), step=None)
    assert render_cli(args) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and "dy_dx" in text


def test_render_refuses_unknown_formats_bad_steps_and_ranges(
    qtbot,
    scripts: dict[str, Path],  # type: ignore[no-untyped-def]
    tmp_path: Path,
    capsys,
) -> None:
    script = str(scripts["persistent_tape.py"])
    assert render_cli([script, "-o", str(tmp_path / "a.bmp")]) == 2
    assert "unknown output format" in capsys.readouterr().err
    assert render_cli([script, "-o", str(tmp_path / "a.png"), "--step", "99"]) == 1
    assert "outside the timeline" in capsys.readouterr().err
    assert render_cli([script, "-o", str(tmp_path / "a.gif"), "--range", "7:2"]) == 1
    assert "holds no step" in capsys.readouterr().err
    assert render_cli([str(tmp_path / "missing.py"), "-o", str(tmp_path / "a.png")]) == 1
    capsys.readouterr()
    assert render_cli([script, "-o", str(tmp_path / "a.png"), "--tape", "9999"]) == 1
    assert "no tape 9999 in this session" in capsys.readouterr().err
    folder = tmp_path / "folder.svg"
    folder.mkdir()  # an SVG "written" into a directory used to report success
    assert render_cli([script, "-o", str(folder)]) == 1
    assert "could not write" in capsys.readouterr().err
    movie = tmp_path / "movie.mp4"
    movie.mkdir()  # ffmpeg's many lines used to come through
    assert render_cli([script, "-o", str(movie)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    # options that would be ignored are refused
    assert render_cli([script, "-o", str(tmp_path / "a.gif"), "--step", "2"]) == 2
    assert "--step draws one frame" in capsys.readouterr().err
    assert render_cli([script, "-o", str(tmp_path / "a.svg"), "--range", "0:3"]) == 2
    assert "--range needs" in capsys.readouterr().err


def test_render_an_animation_gif_mp4_and_a_png_series(
    qtbot, scripts: dict[str, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import imageio.v3 as iio

    events, _ = load_events(str(scripts["persistent_tape.py"]))
    session = tmp_path / "p.vtape"
    write_session(session, events)
    gif, mp4 = tmp_path / "a.gif", tmp_path / "a.mp4"
    assert render_cli([str(session), "-o", str(gif), "--range", "1:4"]) == 0
    assert iio.imread(str(gif), index=None).shape[0] == 3 * 3  # 2 in-betweens + 1 a step
    assert render_cli([str(session), "-o", str(mp4)]) == 0
    assert mp4.stat().st_size > 1000 and mp4.read_bytes()[4:8] == b"ftyp"
    assert render_cli([str(session), "-o", str(tmp_path / "s.png"), "--range", ":2"]) == 0
    assert sorted(p.name for p in tmp_path.glob("s_*.png")) == ["s_0.png", "s_1.png"]
    svg = tmp_path / "f.svg"
    assert render_cli([str(session), "-o", str(svg)]) == 0
    assert ">z<" in svg.read_text(encoding="utf-8")  # the graph itself, as vector text


def test_render_smoothness_options(
    qtbot,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    import imageio.v3 as iio

    events, _ = load_events(str(scripts["persistent_tape.py"]))
    session = tmp_path / "p.vtape"
    write_session(session, events)
    gif = tmp_path / "a.gif"

    def frames(*options: str) -> int:
        assert render_cli([str(session), "-o", str(gif), "--range", "1:4", *options]) == 0
        return int(iio.imread(str(gif), index=None).shape[0])

    assert frames("--no-smooth") == 3  # one picture per step, as before
    assert frames("--fps", "25") == 3 * 6  # 5 in-betweens of the 250 ms transition + 1
    assert "(3 steps, 18 frames)" in capsys.readouterr().out
    assert render_cli([str(session), "-o", str(gif), "--fps", "0"]) == 2
    assert "frames per second" in capsys.readouterr().err
