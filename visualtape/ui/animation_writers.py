"""Encode a stream of pictures, each with how long it stays on screen, as a GIF or an MP4.

No Qt here: `visualtape.ui.export` takes the pictures from the window. A frame is an RGB
(height, width, 3) uint8 array and its duration in seconds.

GIF: identical consecutive pictures become one longer frame, and every frame uses one palette
(the most common colours of the whole animation), so unchanged pixels keep their exact palette
entry and each frame stores only the rectangle that changed (per-frame palettes made whole
pictures shimmer and doubled the file). MP4: a constant frame rate, each picture repeated for as
long as it stays on screen (H.264 stores the repeats almost for free).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np
from PIL import Image

Frames = Iterable[tuple[np.ndarray, float]]

GIF_COLOURS = 256
COUNT_STRIDE = 2  # colours are counted on every 2nd row and column (4x faster, same palette)


def write_gif(path: str, frames: Frames) -> int:
    """Write `frames` as a looping GIF; returns how many distinct pictures it holds."""
    kept: list[bytes] = []  # each distinct picture, compressed until the palette is known
    ends: list[float] = []  # when each picture leaves the screen, in seconds
    colours = _ColourCount()
    previous: np.ndarray | None = None
    clock = 0.0
    for rgb, seconds in frames:
        clock += seconds
        if previous is not None and np.array_equal(rgb, previous):
            ends[-1] = clock
            continue
        kept.append(zlib.compress(rgb.tobytes(), 1))
        ends.append(clock)
        colours.add(rgb)
        previous = rgb
    if previous is None:
        raise ValueError("a GIF needs at least one picture")
    shape, palette = previous.shape, _PaletteMap(colours.palette())
    pictures = (palette.image(zlib.decompress(b), shape) for b in kept)
    first = next(pictures)
    first.save(
        path, format="GIF", save_all=True, append_images=pictures, duration=gif_delays(ends), loop=0
    )
    return len(kept)


def gif_delays(ends: list[float]) -> list[int]:
    """Frame durations in ms from end times in s. GIF delays count in 1/100 s: the end times are
    rounded, not the durations, so the animation does not drift.

    >>> gif_delays([0.6, 0.683, 0.767, 1.2])
    [600, 80, 90, 430]
    """
    ticks = [round(end * 100) for end in ends]
    return [10 * (tick - before) for tick, before in zip(ticks, [0, *ticks[:-1]], strict=True)]


class _PaletteMap:
    """Maps colours to their nearest palette entry (exactly to themselves when they are in
    it; Pillow's own mapping rounds colours), with a lookup table over all 2**24 colours."""

    def __init__(self, entries: np.ndarray) -> None:
        self.entries = entries
        self._index = np.zeros(1 << 24, dtype=np.uint8)
        self._known = np.zeros(1 << 24, dtype=bool)

    def image(self, raw: bytes, shape: tuple[int, ...]) -> Image.Image:
        """A "P" image of the RGB bytes `raw` of a (height, width, 3) picture."""
        packed = _packed(np.frombuffer(raw, np.uint8).reshape(-1, 3))
        new = np.unique(packed[~self._known[packed]])
        if len(new):
            colours = _unpacked(new).astype(np.int32)[:, None, :]
            distances = ((colours - self.entries.astype(np.int32)[None]) ** 2).sum(axis=-1)
            self._index[new] = distances.argmin(axis=1)
            self._known[new] = True
        image = Image.frombytes("P", (shape[1], shape[0]), self._index[packed].tobytes())
        image.putpalette(self.entries.tobytes())
        return image


def _packed(rgb: np.ndarray) -> np.ndarray:
    """(n, 3) uint8 colours as n uint32 0xRRGGBB."""
    wide = rgb.astype(np.uint32)
    return (wide[:, 0] << 16) | (wide[:, 1] << 8) | wide[:, 2]


def _unpacked(packed: np.ndarray) -> np.ndarray:
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=1).astype(
        np.uint8
    )


class _ColourCount:
    """How often each colour occurs over all pictures (sampled), for one shared palette."""

    def __init__(self) -> None:
        self._colours = np.zeros(0, dtype=np.uint32)
        self._counts = np.zeros(0, dtype=np.int64)

    def add(self, rgb: np.ndarray) -> None:
        sample = rgb[::COUNT_STRIDE, ::COUNT_STRIDE].reshape(-1, 3)
        colours, counts = np.unique(_packed(sample), return_counts=True)
        merged, inverse = np.unique(np.concatenate([self._colours, colours]), return_inverse=True)
        self._counts = np.bincount(inverse, np.concatenate([self._counts, counts])).astype(np.int64)
        self._colours = merged

    def palette(self) -> np.ndarray:
        """(GIF_COLOURS, 3) uint8: the most common colours (the rest map to the nearest of
        them: anti-aliased edges, mostly); unused entries repeat the first."""
        top = self._colours[np.argsort(-self._counts, kind="stable")[:GIF_COLOURS]]
        entries = np.repeat(_unpacked(top[:1]), GIF_COLOURS, axis=0)
        entries[: len(top)] = _unpacked(top)
        return entries


def write_mp4(path: str, frames: Frames, fps: float) -> int:
    """Write `frames` as an H.264 MP4 at `fps`; returns how many video frames it holds."""
    import imageio.v2 as imageio

    writer = imageio.get_writer(
        path,
        format="FFMPEG",
        mode="I",
        fps=fps,
        codec="libx264",
        pixelformat="yuv420p",
        macro_block_size=2,
        ffmpeg_log_level="error",
    )
    clock, written = 0.0, 0
    try:
        for rgb, seconds in frames:
            clock += seconds
            target = max(written + 1, round(clock * fps))  # each picture at least once
            even = _even_sized(rgb)
            for _ in range(target - written):
                writer.append_data(even)
            written = target
    finally:
        writer.close()
    return written


def _even_sized(frame: np.ndarray) -> np.ndarray:
    """Crop to even width and height (H.264 with yuv420p needs them)."""
    height, width = frame.shape[0] & ~1, frame.shape[1] & ~1
    return np.ascontiguousarray(frame[:height, :width])
