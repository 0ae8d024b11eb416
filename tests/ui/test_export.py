"""Export from the window: frame PNG/SVG, GIF, MP4 and a PNG series; each file decodes and
shows the graph (the watched node's fill colour is there), and the player returns to its step."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from ui_helpers import run_and_wait

from visualtape.ui import export, theme
from visualtape.ui.main_window import MainWindow

WATCHED_FILL = np.array([0xFF, 0xF3, 0xC4])  # the watched constant x of persistent_tape.py


LEGEND_ROWS = 120  # the legend strip above the canvas has a watched swatch of its own


def shows_the_graph(rgb: np.ndarray, tolerance: int = 14, least: int = 300) -> bool:
    """Many pixels of the watched node's fill below the legend: the graph is drawn."""
    canvas = rgb[LEGEND_ROWS:, :, :3].astype(int)
    close = np.all(np.abs(canvas - WATCHED_FILL) <= tolerance, axis=-1)
    return int(close.sum()) >= least


@pytest.fixture
def shown(qtbot, window: MainWindow, scripts: dict[str, Path]) -> MainWindow:  # type: ignore[no-untyped-def]
    """The shared window, persistent-tape script run, player on step 3."""
    run_and_wait(qtbot, window, scripts["persistent_tape.py"])
    window.player.seek(3)
    return window


def test_blank_canvas_is_not_mistaken_for_the_graph(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    assert win.canvas.legend.height() < LEGEND_ROWS
    assert not shows_the_graph(export.image_to_rgb(export.frame_image(win)))


def test_frame_as_png_and_svg(shown: MainWindow, tmp_path: Path) -> None:
    png, svg = tmp_path / "frame.png", tmp_path / "frame.svg"
    export.save_frame(shown, str(png))
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 500
    assert shows_the_graph(export.image_to_rgb(image))
    export.save_frame(shown, str(svg), step=0)
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert ">x<" in text and ">y<" in text and ">z<" in text  # the graph's nodes, as text
    assert shown.player.index == 3  # back where the lecturer was


def test_animation_as_gif_and_mp4(shown: MainWindow, tmp_path: Path) -> None:
    import imageio.v3 as iio

    gif, mp4 = tmp_path / "anim.gif", tmp_path / "anim.mp4"
    steps = export.parse_range("2:6", shown.player.count)
    assert export.save_animation(shown, str(gif), steps) == 4
    frames = iio.imread(str(gif), index=None)
    assert frames.shape[0] == 4
    assert shows_the_graph(frames[-1])
    assert not np.array_equal(frames[0], frames[-1])  # it animates
    export.save_animation(shown, str(mp4), export.StepRange(0, shown.player.count))
    size = shown.centralWidget().size()
    video = _read_mp4(mp4, size.width() & ~1, size.height() & ~1)
    assert len(video) >= shown.player.count
    assert shows_the_graph(video[-1], tolerance=24)
    assert shown.player.index == 3


def _read_mp4(path: Path, width: int, height: int) -> list[np.ndarray]:
    """Decode with the ffmpeg binary imageio-ffmpeg ships, to raw RGB frames."""
    import subprocess

    import imageio_ffmpeg

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path)]
    command += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    raw = subprocess.run(command, capture_output=True, check=True, timeout=60).stdout
    frames = np.frombuffer(raw, dtype=np.uint8).reshape(-1, height, width, 3)
    return list(frames)


def test_png_series_for_slides(shown: MainWindow, tmp_path: Path) -> None:
    written = export.save_png_series(shown, str(tmp_path / "slide.png"), export.StepRange(0, 3))
    assert [Path(p).name for p in written] == ["slide_0.png", "slide_1.png", "slide_2.png"]
    images = [export.image_to_rgb(QImage(p)) for p in written]
    assert all(shows_the_graph(image) for image in images)
    assert not np.array_equal(images[0], images[2])


def test_export_any_dispatches_and_refuses_bad_input(shown: MainWindow, tmp_path: Path) -> None:
    assert export.export_any(shown, str(tmp_path / "a.png"), None, None).endswith("a.png")
    with pytest.raises(export.ExportError):
        export.export_any(shown, str(tmp_path / "a.bmp"), None, None)
    with pytest.raises(export.ExportError):
        export.parse_range("3", 5)
    with pytest.raises(export.ExportError):
        export.parse_range("4:2", 5)
    assert theme.current_palette() is theme.LIGHT
