"""GIF and MP4 encoding of timed pictures (no window): merged holds, one exact palette, delays
that do not drift, MP4 frame counts from the durations."""

from __future__ import annotations

from pathlib import Path

import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np

from visualtape.ui.animation_writers import gif_delays, write_gif, write_mp4

SIZE = (40, 60)  # height, width


def flat(colour: tuple[int, int, int]) -> np.ndarray:
    picture = np.empty((*SIZE, 3), dtype=np.uint8)
    picture[:] = colour
    return picture


def test_gif_merges_held_pictures_and_keeps_exact_colours(tmp_path: Path) -> None:
    gif = tmp_path / "a.gif"
    first, second = flat((250, 250, 250)), flat((250, 250, 250))
    second[10:20, 5:30] = (217, 72, 15)  # a highlight appears
    frames = [(first, 0.5), (first.copy(), 0.1), (second, 0.2), (second, 0.4)]
    assert write_gif(str(gif), frames) == 2
    decoded = iio.imread(str(gif), index=None)
    assert [iio.immeta(str(gif), index=i)["duration"] for i in range(2)] == [600, 600]
    assert np.array_equal(decoded[0], first) and np.array_equal(decoded[1], second)


def test_gif_maps_extra_colours_to_the_nearest_common_one(tmp_path: Path) -> None:
    gif = tmp_path / "ramp.gif"
    ramp = np.broadcast_to(np.arange(180, dtype=np.uint8).reshape(1, 60, 3), (*SIZE, 3)).copy()
    noisy = np.random.default_rng(0).integers(0, 256, size=(*SIZE, 3), dtype=np.uint8)
    write_gif(str(gif), [(ramp, 0.3), (noisy, 0.3)])  # far more than 256 colours in all
    decoded = iio.imread(str(gif), index=None)
    assert decoded.shape == (2, *SIZE, 3)
    error = np.abs(decoded.astype(int) - np.stack([ramp, noisy]).astype(int))
    assert error.mean() < 40  # nearest of 256 colours, not garbage


def test_gif_delays_round_the_clock_not_each_frame() -> None:
    ends = [(k + 1) / 30 for k in range(30)]  # 30 frames of 33.3 ms
    delays = gif_delays(ends)
    assert sum(delays) == 1000 and set(delays) <= {30, 40}


def test_mp4_repeats_pictures_for_their_duration(tmp_path: Path) -> None:
    mp4 = tmp_path / "a.mp4"
    frames = [(flat((250, 250, 250)), 0.04), (flat((20, 90, 200)), 0.56), (flat((0, 0, 0)), 0.6)]
    assert write_mp4(str(mp4), frames, fps=25) == 30  # 1 + 14 + 15 frames
    assert imageio_ffmpeg.count_frames_and_secs(str(mp4)) == (30, 1.2)
