"""The player model: which timeline frame is shown. Pure Python, no Qt.

What the window displays is a pure function of `Player.index`; a QTimer (in `PlayerBar`) only
calls `tick()`. Listeners are plain callables, so the model is testable without a GUI.

>>> p = Player(); p.set_timeline(5, (SegmentSpan(0, 3, "forward"), SegmentSpan(3, 5, "∂ #1")))
>>> p.index  # follows the newest frame
4
>>> p.home(); p.step(1); p.index
1
>>> p.next_segment(); p.index
3
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)  # frames per second
DEFAULT_SPEED = 2.0


@dataclass(frozen=True)
class SegmentSpan:
    """Frames `start <= i < stop` form one part of the timeline (forward, gradient call k...)."""

    start: int
    stop: int
    label: str
    call_index: int | None = None  # None for the forward pass


class Player:
    """Current frame index, segment jumps, play/pause state and speed."""

    def __init__(self) -> None:
        self._count = 0
        self._index = 0
        self._segments: tuple[SegmentSpan, ...] = ()
        self._playing = False
        self._speed = DEFAULT_SPEED
        self._follow = True  # stay on the newest frame while a live run appends frames
        self._listeners: list[Callable[[], None]] = []

    # --- observation -----------------------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after any change of index, timeline, play state or speed."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    @property
    def index(self) -> int:
        return self._index

    @property
    def count(self) -> int:
        return self._count

    @property
    def segments(self) -> tuple[SegmentSpan, ...]:
        return self._segments

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def at_end(self) -> bool:
        return self._index >= self._count - 1

    def current_segment(self) -> SegmentSpan | None:
        for segment in self._segments:
            if segment.start <= self._index < segment.stop:
                return segment
        return None

    @property
    def following(self) -> bool:
        """Whether the player stays on the newest frame as a live run appends frames."""
        return self._follow

    # --- timeline --------------------------------------------------------------------------
    def set_timeline(self, count: int, segments: tuple[SegmentSpan, ...]) -> None:
        """A new or grown timeline. Follows the newest frame unless the user moved away."""
        self._count = max(0, count)
        self._segments = segments
        last = max(0, self._count - 1)
        self._index = last if self._follow else min(self._index, last)
        self._changed()

    def reset(self) -> None:
        """Forget the timeline (a new run starts) and follow it from the start."""
        self._playing = False
        self._follow = True
        self.set_timeline(0, ())

    # --- navigation ------------------------------------------------------------------------
    def seek(self, index: int) -> None:
        """Show frame `index` (clamped)."""
        clamped = min(max(0, index), max(0, self._count - 1))
        self._follow = self._count > 0 and clamped == self._count - 1 and self._follow
        if clamped != self._index:
            self._index = clamped
            self._changed()

    def step(self, delta: int) -> None:
        self._follow = False
        self.seek(self._index + delta)

    def home(self) -> None:
        self._follow = False
        self.seek(0)

    def end(self) -> None:
        self._follow = True
        self.seek(self._count - 1)

    def next_segment(self) -> None:
        """Jump to the first frame of the next segment (or the last frame)."""
        later = [s.start for s in self._segments if s.start > self._index]
        self._follow = False
        self.seek(min(later) if later else self._count - 1)

    def previous_segment(self) -> None:
        """Jump to the start of this segment, or of the previous one when already there."""
        earlier = [s.start for s in self._segments if s.start < self._index]
        self._follow = False
        self.seek(max(earlier) if earlier else 0)

    # --- playback --------------------------------------------------------------------------
    def play(self) -> None:
        if self.at_end:
            self.seek(0)
        self._playing = self._count > 1
        self._changed()

    def pause(self) -> None:
        self._playing = False
        self._changed()

    def toggle_play(self) -> None:
        self.pause() if self._playing else self.play()

    def set_speed(self, frames_per_second: float) -> None:
        self._speed = max(0.1, float(frames_per_second))
        self._changed()

    def tick(self) -> None:
        """One timer tick while playing: advance a frame, stopping at the end."""
        if not self._playing:
            return
        self._follow = False
        self.seek(self._index + 1)
        if self.at_end:
            self.pause()

    @property
    def interval_ms(self) -> int:
        """Timer interval for the current speed."""
        return max(1, round(1000.0 / self._speed))
