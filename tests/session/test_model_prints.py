"""Printed output kept by the session: bounded, and never silently lost to a listener.

A listener reads `Session.prints` as its docstring says: it remembers `prints_dropped +
len(prints)` from its last read and shows the entries after it. Prints trimmed before a
listener saw them leave one `OutputOmitted` in their place, which says how many lines are gone.
"""

from __future__ import annotations

from visualtape.engine.events import PrintOutput
from visualtape.session.model import OutputOmitted, Session


class Listener:
    """Reads new prints the way the console does, and marks them seen like the runner."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.read = 0
        self.shown: list[str] = []

    def refresh(self) -> None:
        prints = self.session.prints
        total = self.session.prints_dropped + len(prints)
        new = min(total - self.read, len(prints))
        self.shown += [entry.text for entry in prints[len(prints) - new :]]
        self.read = total
        self.session.mark_prints_seen()


def _lines(first: int, end: int) -> list[PrintOutput]:
    return [PrintOutput(f"line {i}\n") for i in range(first, end)]


def _replay(shown: list[str]) -> list[int | str]:
    """Shown texts as line numbers, markers as 'skip <n>'."""
    replay: list[int | str] = []
    for text in shown:
        if text.startswith("line "):
            replay.append(int(text.split()[1]))
        else:
            replay.append(f"skip {text.split()[1]}")
    return replay


def test_prints_trimmed_before_a_refresh_leave_a_marker_in_their_place() -> None:
    session = Session(max_prints=10)
    listener = Listener(session)
    session.extend(_lines(0, 3))
    listener.refresh()
    session.extend(_lines(3, 40))  # trimmed twice before the next refresh
    listener.refresh()
    session.extend(_lines(40, 42))  # trims the marker too: it was seen, so no new one
    listener.refresh()
    assert _replay(listener.shown) == [0, 1, 2, "skip 28", *range(31, 42)]
    assert listener.shown[3] == "[visualtape: 28 lines of output not shown]\n"
    assert not any(isinstance(entry, OutputOmitted) for entry in session.prints)


def test_prints_a_listener_already_saw_are_trimmed_without_a_marker() -> None:
    session = Session(max_prints=10)
    listener = Listener(session)
    for event in _lines(0, 100):
        session.add(event)
        listener.refresh()
    assert _replay(listener.shown) == list(range(100))
    assert not any(isinstance(entry, OutputOmitted) for entry in session.prints)
    assert len(session.prints) <= 10 and session.prints_dropped + len(session.prints) == 100


def test_only_the_unseen_part_of_a_trimmed_run_is_counted() -> None:
    session = Session(max_prints=10)
    listener = Listener(session)
    session.extend(_lines(0, 7))
    listener.refresh()
    session.extend(_lines(7, 11))  # 11 > 10: the oldest 6 go, all of them seen
    session.extend(_lines(11, 17))  # 11 again: 6 go, only 7..11 unseen
    listener.refresh()
    assert _replay(listener.shown) == [*range(7), "skip 5", *range(12, 17)]


def test_a_session_nobody_listened_to_counts_every_trimmed_line_in_one_marker() -> None:
    session = Session.from_events([PrintOutput("two\nlines\n"), *_lines(0, 99)], max_prints=10)
    markers = [entry for entry in session.prints if isinstance(entry, OutputOmitted)]
    assert len(markers) == 1 and session.prints[0] is markers[0]
    real = len(session.prints) - 1
    assert markers[0].lines == 2 + 99 - real  # the two-line print counts as two lines
    assert session.prints_dropped + len(session.prints) == 100
    assert [entry.text for entry in session.prints[1:]] == [
        f"line {i}\n" for i in range(99 - real, 99)
    ]
