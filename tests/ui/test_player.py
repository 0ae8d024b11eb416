"""The player model is pure: index, segments, play/pause and speed, no Qt needed."""

from __future__ import annotations

from visualtape.ui.player import Player, SegmentSpan

SEGMENTS = (
    SegmentSpan(0, 2, "forward"),
    SegmentSpan(2, 6, "∂ #1", 0),
    SegmentSpan(6, 9, "∂ #2", 1),
)


def player() -> Player:
    p = Player()
    p.set_timeline(9, SEGMENTS)
    return p


def test_follows_the_newest_frame_until_the_user_moves() -> None:
    p = player()
    assert p.index == 8
    p.set_timeline(12, SEGMENTS)
    assert p.index == 11
    p.step(-1)
    p.set_timeline(15, SEGMENTS)
    assert p.index == 10  # the user moved: stay put
    p.end()
    p.set_timeline(20, SEGMENTS)
    assert p.index == 19


def test_steps_clamp_and_home_end() -> None:
    p = player()
    p.home()
    p.step(-1)
    assert p.index == 0
    p.step(3)
    assert p.index == 3
    p.step(100)
    assert p.index == 8 and p.at_end
    p.home()
    assert p.index == 0


def test_segment_jumps() -> None:
    p = player()
    p.home()
    p.next_segment()
    assert p.index == 2 and p.current_segment() == SEGMENTS[1]
    p.next_segment()
    assert p.index == 6
    p.next_segment()
    assert p.index == 8
    p.previous_segment()
    assert p.index == 6
    p.step(1)
    p.previous_segment()
    assert p.index == 6
    p.previous_segment()
    assert p.index == 2


def test_play_ticks_to_the_end_then_stops() -> None:
    p = player()
    p.play()  # at the end: playing restarts from the first frame
    assert p.playing and p.index == 0
    ticks = 0
    while p.playing:
        p.tick()
        ticks += 1
    assert p.index == 8 and ticks == 8
    p.tick()
    assert p.index == 8


def test_speed_sets_the_timer_interval() -> None:
    p = player()
    p.set_speed(4.0)
    assert p.interval_ms == 250
    p.set_speed(0.0)
    assert p.speed > 0


def test_listeners_hear_every_change_and_can_leave() -> None:
    p = player()
    heard: list[int] = []

    def listener() -> None:
        heard.append(p.index)

    p.subscribe(listener)
    p.home()
    p.step(1)
    p.unsubscribe(listener)
    p.step(1)
    assert heard == [0, 1]


def test_empty_timeline() -> None:
    p = Player()
    p.step(1)
    p.play()
    assert p.index == 0 and not p.playing and p.current_segment() is None
    p.reset()
    assert p.count == 0
