"""Export from the window: frame PNG/SVG, GIF, MP4 and a PNG series; each file decodes and
shows the graph (the watched node's fill colour is there), and the player returns to its step.
GIF and MP4 show each step's eased transition: in-betweens, then the still picture held."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from ui_helpers import run_and_wait

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.model import Session
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
    """A frame of the shown step, or of the step asked for: z = 81.0 appears from step 3 on."""
    png, svg = tmp_path / "frame.png", tmp_path / "frame.svg"
    export.save_frame(shown, str(png))
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 500
    assert shows_the_graph(export.image_to_rgb(image))
    export.save_frame(shown, str(svg), step=0)
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert ">x<" in text and ">y<" in text and ">z<" in text  # the graph's nodes, as text
    assert "81.0" not in text  # step 0 was drawn, not the player's step 3
    assert shown.player.index == 3  # back where the lecturer was
    shown.player.seek(0)
    later = tmp_path / "later.svg"
    export.save_frame(shown, str(later), step=3)
    assert "81.0" in later.read_text(encoding="utf-8")  # step 3, not the player's step 0
    assert shown.player.index == 0


def mean_difference(first: np.ndarray, second: np.ndarray) -> float:
    return float(np.abs(first.astype(int) - second.astype(int)).mean())


def is_in_between(
    previous: np.ndarray, picture: np.ndarray, final: np.ndarray, noise: float = 0.0
) -> bool:
    """`picture` differs from both ends and is closer to `final` than `previous` was."""
    apart = mean_difference(previous, final)
    to_final = mean_difference(picture, final)
    return noise < to_final < apart - noise and mean_difference(picture, previous) > noise


def stills(window: MainWindow, directory: Path, steps: export.StepRange) -> list[np.ndarray]:
    written = export.save_png_series(window, str(directory / "still.png"), steps)
    return [export.image_to_rgb(QImage(path)) for path in written]


def test_gif_eases_each_step_like_the_app(shown: MainWindow, tmp_path: Path) -> None:
    import imageio.v3 as iio

    gif, steps = tmp_path / "anim.gif", export.StepRange(2, 6)
    written = export.save_animation(shown, str(gif), steps)
    frames = iio.imread(str(gif), index=None)
    delays = [iio.immeta(str(gif), index=i)["duration"] for i in range(len(frames))]
    assert written == export.WrittenAnimation(steps=4, frames=len(frames))
    assert len(frames) == 4 * 3  # per step: two eased in-betweens, then the finished picture
    assert delays == [80, 90, 430] * 4  # 600 ms a step, the finished picture held longest
    for index, still in enumerate(stills(shown, tmp_path, steps)):
        assert mean_difference(frames[3 * index + 2], still) < 0.2  # only the GIF palette
    for first in (3, 6, 9):  # steps 3, 4, 5: gradients arrive, highlights move
        previous, early, late, final = frames[first - 1 : first + 3]
        assert is_in_between(previous, early, final)
        assert is_in_between(previous, late, final)
        assert mean_difference(late, final) < mean_difference(early, final)  # eased onwards
    assert shows_the_graph(frames[-1])
    assert shown.player.index == 3  # back where the lecturer was


def wide_chips_session() -> Session:
    """x*x then a sum, all on a [24×3] tensor: each gradient call adds a wide chip below the
    tensors, so the fitted zoom drops as the steps go on (unlike persistent_tape.py's)."""
    with trace.collecting() as events:
        x = ve.constant([[0.01 * (i + j) for j in range(3)] for i in range(24)])
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
            z = ve.reduce_sum(y * y)
        tape.gradient(z, x)
        tape.gradient(y, x)
    return Session.from_events(list(events))


def test_finished_pictures_are_the_stills_whatever_came_before(
    window: MainWindow, tmp_path: Path
) -> None:
    """Stills and an animation's finished pictures do not depend on where the player was,
    even though the chips of the last step make the view refit to a smaller zoom."""
    for dock in window.docks.values():  # the canvas as wide as `visualtape render` draws it
        dock.hide()
    window.presenter.reset(wide_chips_session(), None)
    window.player.seek(0)
    export.settle(window)
    window.canvas.fit()
    at_start = window.canvas.zoom_factor()
    window.player.seek(window.player.count - 1)  # all chips at once: they outgrow the fit
    export.settle(window)
    at_end = window.canvas.zoom_factor()
    assert at_end < at_start * 0.98  # so a view could well depend on where the player was
    steps = export.StepRange(2, 6)
    from_end = stills(window, tmp_path, steps)
    assert window.player.index == window.player.count - 1  # back where it was
    window.canvas.fit()
    assert window.canvas.zoom_factor() == at_end
    frames = [picture for picture, _ in export.step_frames(window, steps, pictures=3)]
    assert [np.array_equal(frames[3 * i + 2], still) for i, still in enumerate(from_end)] == [
        True
    ] * 4
    window.player.seek(0)
    export.settle(window)
    window.canvas.fit()  # the view of step 0, zoomed in further than the stills' steps
    assert window.canvas.zoom_factor() == at_start
    from_start = stills(window, tmp_path, steps)
    assert all(np.array_equal(a, b) for a, b in zip(from_end, from_start, strict=True))


def test_mp4_plays_the_in_betweens_at_a_constant_rate(shown: MainWindow, tmp_path: Path) -> None:
    mp4, steps = tmp_path / "anim.mp4", export.StepRange(2, 6)
    written = export.save_animation(shown, str(mp4), steps)
    size = shown.centralWidget().size()
    video = _read_mp4(mp4, size.width() & ~1, size.height() & ~1)
    per_step = round(export.STEP_SECONDS * export.MP4_FPS)  # 15 frames at 25 fps
    assert len(video) == written.frames == 4 * per_step
    for first in (per_step, 2 * per_step, 3 * per_step):  # each step starts with 5 in-betweens
        previous, final = video[first - 1], video[first + per_step - 1]
        assert is_in_between(previous, video[first], final, noise=0.05)  # H.264 noise
        assert mean_difference(video[first + 4], final) < mean_difference(video[first], final)
    height, width = video[0].shape[:2]
    for index, still in enumerate(stills(shown, tmp_path, steps)):
        assert mean_difference(video[(index + 1) * per_step - 1], still[:height, :width]) < 1.5
    assert shows_the_graph(video[-1], tolerance=24)
    assert shown.player.index == 3


def test_not_smooth_writes_one_picture_per_step(shown: MainWindow, tmp_path: Path) -> None:
    import imageio.v3 as iio

    gif = tmp_path / "steps.gif"
    motion = export.Motion(smooth=False)
    assert export.save_animation(shown, str(gif), export.StepRange(2, 6), motion).frames == 4
    frames = iio.imread(str(gif), index=None)
    assert [iio.immeta(str(gif), index=i)["duration"] for i in range(4)] == [600] * 4
    for index, still in enumerate(stills(shown, tmp_path, export.StepRange(2, 6))):
        assert mean_difference(frames[index], still) < 0.2


def test_motion_options_and_docstring_examples() -> None:
    from visualtape.ui import animation_writers

    assert export.Motion().pictures_per_step(".gif") == 3  # 12.5 fps over 250 ms
    assert export.Motion().pictures_per_step(".mp4") == 6  # 25 fps
    assert export.Motion(fps=50).pictures_per_step(".gif") == 12
    assert export.Motion(fps=2).pictures_per_step(".mp4") == 1  # too slow for in-betweens
    for fps in (0.0, -3.0, 1000.0):
        with pytest.raises(export.ExportError, match="frames per second"):
            export.Motion(fps=fps)
    for module in (export, animation_writers):
        assert doctest.testmod(module).failed == 0


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


def test_exporting_a_frame_with_nothing_shown_says_so(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from visualtape.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    reported: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(win.exports, "_report", reported.append)
    monkeypatch.setattr(win.exports, "_ask_path", lambda *args: asked.append("path") or None)
    win.exports.ask_png()  # the canvas only holds the first-launch hint
    assert reported == ["Nothing to export yet."] and asked == []


def test_an_export_during_a_live_run_leaves_the_player_following_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from visualtape.ui.export import _KeptPosition
    from visualtape.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    player = win.player
    player.set_timeline(5, ())  # a live run's frames so far; the player follows the newest
    assert player.following and player.index == 4
    with _KeptPosition(win):
        player.seek(0)  # an export walks the frames
    player.set_timeline(9, ())  # the run went on meanwhile
    assert player.index == 8 and player.following
    player.seek(2)  # the user looked back: an export keeps them there
    with _KeptPosition(win):
        player.seek(0)
    player.set_timeline(12, ())
    assert player.index == 2 and not player.following
