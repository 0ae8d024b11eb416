"""Export what the window shows: one frame as PNG or SVG, a range of steps as GIF, MP4 or a
numbered PNG series (slides).

The picture is the window's centre (legend, canvas, caption, timeline). Frames are taken by
seeking the player step by step; the player returns to where it was. A still (PNG, SVG, a slide
of the series) shows a step with its animation finished. A GIF or MP4 also shows each step's
eased transition as the app plays it (`GraphCanvas.show_animation_at`), then holds the finished
picture for the rest of the step (encoding: `visualtape.ui.animation_writers`).

Step numbers are 0-based player indices; a range is half-open like a Python slice
(`parse_range("2:5")` → steps 2, 3, 4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem, QWidget

from visualtape.ui.animation_writers import write_gif, write_mp4
from visualtape.ui.canvas import ANIMATION_MS

if TYPE_CHECKING:
    from visualtape.ui.main_window import MainWindow

FRAME_FORMATS = (".png", ".svg")
ANIMATION_FORMATS = (".gif", ".mp4")
STEP_SECONDS = 0.6  # how long each step stays on screen in a GIF or MP4
# Frames per second of the step transitions. A GIF stays small with 3 pictures per 250 ms
# transition (2 in-betweens of ~80 ms, GIF delays count in 1/100 s, then the held picture); an
# MP4 plays at a constant 25 fps (6 pictures per transition, held pictures repeated).
GIF_FPS = 12.5
MP4_FPS = 25.0
MAX_FPS = 100.0  # a GIF frame lasts at least 1/100 s


class ExportError(Exception):
    """An export that cannot be done (bad range, unknown format, missing imageio...)."""


@dataclass(frozen=True)
class StepRange:
    start: int
    stop: int  # exclusive

    def steps(self) -> range:
        return range(self.start, self.stop)


def parse_range(text: str | None, count: int) -> StepRange:
    """'A:B' (half-open, 0-based, either end optional, negatives from the end) within `count`.

    >>> parse_range("2:5", 10), parse_range(None, 4), parse_range("-2:", 10)
    (StepRange(start=2, stop=5), StepRange(start=0, stop=4), StepRange(start=8, stop=10))
    """
    if not text:
        return StepRange(0, count)
    if ":" not in text:
        raise ExportError(f"a range looks like A:B (got {text!r})")
    first, _, last = text.partition(":")
    try:
        bounds = slice(int(first) if first.strip() else None, int(last) if last.strip() else None)
    except ValueError as error:
        raise ExportError(f"a range looks like A:B with whole numbers (got {text!r})") from error
    start, stop, _ = bounds.indices(count)
    if start >= stop:
        raise ExportError(f"the range {text} holds no step of the timeline (0..{count - 1})")
    return StepRange(start, stop)


def process_events() -> None:
    """Let pending layouts and label updates happen (a running animation keeps running)."""
    for _ in range(3):
        QApplication.processEvents()


def settle(window: MainWindow) -> None:
    """Finish layouts and the canvas animation so a grab shows the final picture."""
    process_events()
    window.canvas.finish_animation()


def frame_widget(window: MainWindow) -> QWidget:
    """The widget whose picture is exported (the window's centre)."""
    centre = window.centralWidget()
    assert centre is not None  # the window builds it before anything can be exported
    return centre


def frame_image(window: MainWindow, step: int | None = None) -> QImage:
    """The picture of step `step` (None: the step shown now)."""
    if step is not None:
        window.player.seek(step)
    settle(window)
    return frame_widget(window).grab().toImage()


def save_frame(window: MainWindow, path: str, step: int | None = None) -> None:
    """Step `step` (None: the current one) as PNG or SVG (by the suffix of `path`)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FRAME_FORMATS:
        raise ExportError(f"a frame is saved as .png or .svg (got {suffix or 'no suffix'})")
    with _KeptPosition(window):
        if step is not None:
            window.player.seek(step)
        settle(window)
        if suffix == ".svg":
            _save_svg(window, path)
        elif not frame_widget(window).grab().save(path):
            raise ExportError(f"could not write {path}")


def _save_svg(window: MainWindow, path: str) -> None:
    """The centre as vector graphics; the canvas's scene is drawn as items (QGraphicsView's
    viewport does not paint into an SVG by itself)."""
    widget, canvas = frame_widget(window), window.canvas
    target_path = Path(path)
    if target_path.is_dir() or not target_path.parent.is_dir():  # (Qt only warns on stderr)
        raise ExportError(f"could not write {path}: not a file in an existing folder")
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(QSize(widget.width(), widget.height()))
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle("visualtape")
    painter = QPainter(generator)
    try:
        widget.render(painter, QPoint(0, 0))
        viewport = canvas.viewport()
        origin = viewport.mapTo(widget, QPoint(0, 0))
        target = QRectF(QPointF(origin), QSizeF(viewport.size()))
        painter.fillRect(target, canvas.backgroundBrush())
        items = list(canvas.node_items().values())
        modes = [item.cacheMode() for item in items]
        for item in items:  # cached items would land in the SVG as bitmaps
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        canvas.render(painter, target, viewport.rect())
        for item, mode in zip(items, modes, strict=True):
            item.setCacheMode(mode)
    finally:
        painter.end()
    if not target_path.is_file():
        raise ExportError(f"could not write {path}")


def start_at(window: MainWindow, step: int) -> None:
    """Show `step` with the view fitted to it (unless the user zoomed or panned): the canvas
    refits when chips grow but not when they shrink, so without this the view of a range
    would depend on where the player was before the export."""
    window.player.seek(step)
    settle(window)
    if window.canvas.auto_fit:
        window.canvas.fit()


def save_png_series(window: MainWindow, path: str, steps: StepRange) -> list[str]:
    """One PNG per step: `name_003.png` for step 3 of `name.png`; returns the paths written."""
    target = Path(path)
    digits = len(str(max(1, steps.stop - 1)))
    written = []
    with _KeptPosition(window):
        start_at(window, steps.start)
        for step in steps.steps():
            out = target.with_name(f"{target.stem}_{step:0{digits}d}{target.suffix or '.png'}")
            if not frame_image(window, step).save(str(out)):
                raise ExportError(f"could not write {out}")
            written.append(str(out))
    return written


@dataclass(frozen=True)
class Motion:
    """How a GIF or MP4 moves: `fps` for the step transitions (None: the format's default);
    not `smooth`: one picture per step, as the still export shows it."""

    fps: float | None = None
    smooth: bool = True

    def __post_init__(self) -> None:
        if self.fps is not None and not 0 < self.fps <= MAX_FPS:
            raise ExportError(f"frames per second lie in (0, {MAX_FPS:g}] (got {self.fps:g})")

    def frame_rate(self, suffix: str) -> float:
        return self.fps or (GIF_FPS if suffix == ".gif" else MP4_FPS)

    def pictures_per_step(self, suffix: str) -> int:
        """Pictures of one step's transition, the finished one included (1: no in-betweens).

        >>> Motion().pictures_per_step(".gif"), Motion(smooth=False).pictures_per_step(".mp4")
        (3, 1)
        """
        if not self.smooth:
            return 1
        return max(1, round(ANIMATION_MS / 1000 * self.frame_rate(suffix)))


@dataclass(frozen=True)
class WrittenAnimation:
    steps: int
    frames: int  # in the file: a GIF merges identical pictures, an MP4 repeats held ones


def save_animation(
    window: MainWindow, path: str, steps: StepRange, motion: Motion | None = None
) -> WrittenAnimation:
    """The steps as a GIF or an MP4 (by suffix), each step's transition eased as in the app."""
    suffix = Path(path).suffix.lower()
    if suffix not in ANIMATION_FORMATS:
        raise ExportError(f"an animation is saved as .gif or .mp4 (got {suffix or 'no suffix'})")
    motion = motion or Motion()
    pictures = motion.pictures_per_step(suffix)
    if suffix == ".mp4":
        _require_ffmpeg()
    target = Path(path)
    if target.is_dir() or not target.parent.is_dir():  # said before any frame is drawn
        raise ExportError(f"could not write {path}: not a file in an existing folder")
    with _KeptPosition(window):
        frames = step_frames(window, steps, pictures)
        try:
            if suffix == ".gif":
                count = write_gif(path, frames)
            else:
                count = write_mp4(path, frames, motion.frame_rate(suffix))
        except (OSError, RuntimeError) as error:  # (ffmpeg's own text runs to many lines)
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise ExportError(f"could not write {path}: {first or type(error).__name__}") from None
    return WrittenAnimation(len(steps.steps()), count)


def _require_ffmpeg() -> None:
    try:
        import imageio_ffmpeg  # noqa: F401  (ships the ffmpeg binary)
    except ImportError as error:
        raise ExportError("MP4 export needs imageio-ffmpeg: pip install imageio-ffmpeg") from error


def step_frames(
    window: MainWindow, steps: StepRange, pictures: int
) -> Iterator[tuple[np.ndarray, float]]:
    """(RGB picture, seconds on screen) of each step: `pictures - 1` eased in-betweens of its
    transition, then the finished picture held for the rest of STEP_SECONDS."""
    player, canvas = window.player, window.canvas
    between = ANIMATION_MS / 1000 / pictures
    start_at(window, steps.start)
    if pictures > 1 and steps.start > 0:
        player.seek(steps.start - 1)  # the first step arrives from its predecessor, as in the app
        settle(window)
    for step in steps.steps():
        player.seek(step)
        count = pictures if step > 0 else 1  # step 0 has no predecessor to come from
        canvas.show_animation_at(0.0)  # hold the transition still while events are processed
        process_events()
        for k in range(1, count):
            canvas.show_animation_at(k / count)
            yield image_to_rgb(frame_widget(window).grab().toImage()), between
        settle(window)
        held = STEP_SECONDS - (count - 1) * between
        yield image_to_rgb(frame_widget(window).grab().toImage()), held


def image_to_rgb(image: QImage) -> np.ndarray:
    """A QImage as an (height, width, 3) uint8 array."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    buffer = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


class _KeptPosition:
    """Pause the player and put it back where it was afterwards."""

    def __init__(self, window: MainWindow) -> None:
        self._player = window.player
        self._window = window
        self._index = window.player.index
        self._following = window.player.following  # a live run's newest frame

    def __enter__(self) -> None:
        self._player.pause()

    def __exit__(self, *exc: object) -> None:
        if self._following:
            self._player.end()  # and keeps following the run, as before the export
        elif self._player.count:
            self._player.seek(min(self._index, self._player.count - 1))
        settle(self._window)


def export_any(
    window: MainWindow,
    path: str,
    step: int | None,
    steps: StepRange | None,
    motion: Motion | None = None,
) -> str:
    """Dispatch on the suffix: frame (PNG/SVG), animation (GIF/MP4), or a PNG series when a
    range is given with .png. Returns a one-line description of what was written."""
    suffix = Path(path).suffix.lower()
    if suffix in ANIMATION_FORMATS:
        chosen = steps or StepRange(0, window.player.count)
        animation = save_animation(window, path, chosen, motion)
        return f"{path} ({animation.steps} steps, {animation.frames} frames)"
    if suffix == ".png" and steps is not None:
        series = save_png_series(window, path, steps)
        return f"{len(series)} PNG files: {series[0]} … {series[-1]}"
    save_frame(window, path, step)
    return path


class ExportDialogs:
    """File ▸ Export: ask for a file name (and a step range), export, report in the status bar."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def ask_png(self) -> None:
        self._ask_frame("PNG (*.png)", ".png")

    def ask_svg(self) -> None:
        self._ask_frame("SVG (*.svg)", ".svg")

    def ask_gif(self) -> None:
        self._ask_animation("GIF (*.gif)", ".gif")

    def ask_mp4(self) -> None:
        self._ask_animation("MP4 (*.mp4)", ".mp4")

    def ask_series(self) -> None:
        self._ask_animation("PNG (*.png)", ".png")

    def _ask_path(self, file_filter: str, suffix: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        title = QCoreApplication.translate("MainWindow", "Export")
        path, _ = QFileDialog.getSaveFileName(self._window, title, "", file_filter)
        if not path:
            return None
        return path if path.lower().endswith(suffix) else path + suffix

    def _ask_range(self) -> StepRange | None:
        from PySide6.QtWidgets import QInputDialog

        count = self._window.player.count
        label = QCoreApplication.translate(
            "MainWindow", "Steps A:B (0-based, B excluded; empty for all {count}):"
        ).format(count=count)
        text, ok = QInputDialog.getText(
            self._window, QCoreApplication.translate("MainWindow", "Export"), label
        )
        if not ok:
            return None
        return parse_range(text.strip() or None, count)

    def _ask_frame(self, file_filter: str, suffix: str) -> None:
        if self._window.player.count == 0:  # (the canvas would show its first-launch hint)
            self._report(QCoreApplication.translate("MainWindow", "Nothing to export yet."))
            return
        path = self._ask_path(file_filter, suffix)
        if path:
            self._run(lambda: export_any(self._window, path, None, None))

    def _ask_animation(self, file_filter: str, suffix: str) -> None:
        if self._window.player.count == 0:
            self._report(QCoreApplication.translate("MainWindow", "Nothing to export yet."))
            return
        try:
            steps = self._ask_range()
        except ExportError as error:
            self._report(str(error))
            return
        path = self._ask_path(file_filter, suffix) if steps is not None else None
        if path and steps is not None:
            self._run(lambda: export_any(self._window, path, None, steps))

    def _run(self, job: Callable[[], str]) -> None:
        try:
            done = job()
        except (ExportError, OSError) as error:
            self._report(str(error))
            return
        self._report(QCoreApplication.translate("MainWindow", "Exported {what}").format(what=done))

    def _report(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 15_000)
        self._window.console.append_note(text)
