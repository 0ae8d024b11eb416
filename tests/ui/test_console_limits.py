"""Nothing a script prints freezes the console or vanishes from it without a trace.

A line of a megabyte is cut for display (the session keeps it whole) and appends in well under a
second; output the session trimmed before the console saw it leaves a marker in its place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtGui import QTextFormat
from PySide6.QtWidgets import QApplication
from ui_helpers import run_and_wait

from visualtape.engine.events import PrintOutput
from visualtape.session.model import Session
from visualtape.ui import run_controller
from visualtape.ui.console import MAX_LINE_CHARS, MAX_TEXT_LINES, ConsoleView
from visualtape.ui.main_window import MainWindow

APPENDS: dict[str, Callable[[ConsoleView, str], None]] = {
    "stdout": lambda console, text: console.append_output(text),
    "stderr": lambda console, text: console.append_output(text, "stderr"),
    "error": lambda console, text: console.append_error(text),
    "note": lambda console, text: console.append_note(text),
}


@pytest.fixture
def console(qtbot) -> ConsoleView:  # type: ignore[no-untyped-def]
    view = ConsoleView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def _lines(console: ConsoleView) -> list[str]:
    return console.toPlainText().split("\n")


@pytest.mark.parametrize("kind", list(APPENDS))
def test_a_megabyte_line_appends_quickly_and_says_how_much_was_cut(
    console: ConsoleView, kind: str
) -> None:
    started = time.perf_counter()
    APPENDS[kind](console, "M" * 1_000_000)
    QApplication.processEvents()  # the layout and the paint of the new line
    assert time.perf_counter() - started < 1.0
    cut = 1_000_000 - MAX_LINE_CHARS
    assert _lines(console) == ["M" * MAX_LINE_CHARS + f"… [{cut:,} more characters]"]


def test_only_the_long_lines_of_a_text_are_cut(console: ConsoleView) -> None:
    console.append_error("Traceback:\n" + "M" * (MAX_LINE_CHARS + 1) + "\nValueError: end\n")
    assert _lines(console) == [
        "Traceback:",
        "M" * MAX_LINE_CHARS + "… [1 more character]",
        "ValueError: end",
    ]


def test_a_text_of_too_many_lines_keeps_its_head_and_its_tail(console: ConsoleView) -> None:
    rows = [f"row {i}" for i in range(MAX_TEXT_LINES + 500)]
    console.append_output("\n".join(rows))
    lines = _lines(console)
    half = MAX_TEXT_LINES // 2
    assert lines == [*rows[:half], "… [500 more lines]", *rows[-half:]]


def test_an_error_of_many_long_lines_appends_quickly(console: ConsoleView) -> None:
    started = time.perf_counter()
    console.append_error("\n".join(["M" * 5_000] * 3_000))  # one block of these took 7 s
    QApplication.processEvents()
    assert time.perf_counter() - started < 1.0
    assert console.blockCount() == MAX_TEXT_LINES + 1  # one block a line, and the cut


def test_appending_stays_cheap_as_the_console_fills(console: ConsoleView) -> None:
    def seconds_for_200_appends() -> float:
        started = time.perf_counter()
        for _ in range(200):
            console.append_output("E" * 500, "stderr")
        QApplication.processEvents()
        return time.perf_counter() - started

    first = seconds_for_200_appends()
    for _ in range(10):
        seconds_for_200_appends()
    assert seconds_for_200_appends() < max(5 * first, 0.5)


def test_prints_trimmed_between_two_refreshes_leave_a_marker_in_order(
    window: MainWindow,
) -> None:
    runner = window.runner
    runner.run_started.emit("flood.py")  # as a run starts: the console clears
    runner.session = session = Session(max_prints=100)
    session.extend(PrintOutput(f"line {i}\n") for i in range(30))
    runner._announce()  # noqa: SLF001 - a refresh, as the poll timer makes it
    session.extend(PrintOutput(f"line {i}\n") for i in range(30, 1000))
    runner._announce()  # noqa: SLF001
    lines = _lines(window.console)[1:]  # after the "▶ flood.py" note
    markers = [line for line in lines if not line.startswith("line ")]
    assert len(markers) == 1
    at = lines.index(markers[0])
    first_kept = int(lines[at + 1].split()[1])
    assert lines == [
        *(f"line {i}" for i in range(30)),
        f"[visualtape: {first_kept - 30:,} lines of output not shown]",
        *(f"line {i}" for i in range(first_kept, 1000)),
    ]


def test_a_flooding_script_shows_every_gap_in_its_output(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_controller, "Session", partial(Session, max_prints=300))
    script = tmp_path / "flood.py"
    script.write_text("for i in range(12_000):\n    print('line', i)\n", encoding="utf-8")
    run_and_wait(qtbot, window, script)
    accounted, markers = 0, 0
    for line in _lines(window.console)[1:-1]:  # between the ▶ note and the exit code
        if line.startswith("line "):
            assert int(line.split()[1]) == accounted
            accounted += 1
        else:
            assert line.startswith("[visualtape: ") and line.endswith(" lines of output not shown]")
            accounted += int(line.split()[1].replace(",", ""))
            markers += 1
    assert accounted == 12_000 and markers >= 1


def test_a_script_with_a_megabyte_line_and_error_keeps_the_window_responsive(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    script = tmp_path / "huge_lines.py"
    script.write_text(
        "print('x' * 1_000_000)\nraise ValueError('M' * 1_000_000)\n", encoding="utf-8"
    )
    run_and_wait(qtbot, window, script)
    text = window.console.toPlainText()
    assert f"ValueError: {'M' * (MAX_LINE_CHARS - 12)}… [" in text
    assert " more characters]" in text and max(map(len, text.split("\n"))) < MAX_LINE_CHARS + 50
    assert len(window.runner.session.errors[0].message) == 1_000_000  # the session keeps it all


def test_printed_output_keeps_the_plain_colour_after_coloured_lines(console: ConsoleView) -> None:
    console.append_note("▶ run")
    console.append_error("boom")
    console.append_output("printed")
    plain = console.document().lastBlock()
    assert plain.text() == "printed"
    assert not plain.charFormat().hasProperty(QTextFormat.Property.ForegroundBrush)
    fragment = next(iter(plain)).fragment()
    assert not fragment.charFormat().hasProperty(QTextFormat.Property.ForegroundBrush)
