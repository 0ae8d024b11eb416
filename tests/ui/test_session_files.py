"""Sessions in the window: save, reopen without re-running, a damaged file says what happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import run_and_wait

from visualtape.ui.main_window import MainWindow


@pytest.fixture
def lecture_window(window: MainWindow) -> MainWindow:
    """The shared window fixture (settings go to a per-test file, see conftest.py)."""
    return window


def graph_texts(win: MainWindow) -> list[tuple[str, ...]]:
    win.canvas.finish_animation()
    return sorted(tuple(item.display_texts()) for item in win.canvas.node_items().values())


def test_a_saved_session_reopens_with_the_same_graph_without_running(  # type: ignore[no-untyped-def]
    qtbot, lecture_window: MainWindow, scripts: dict[str, Path], tmp_path: Path
) -> None:
    win = lecture_window
    script = scripts["persistent_tape.py"]
    run_and_wait(qtbot, win, script)
    win.player.end()
    before, count = graph_texts(win), win.player.count
    session = tmp_path / "lecture.vtape"
    assert win.save_session(str(session)) > 0
    script.unlink()  # the script is gone: reopening must not need it

    fresh = MainWindow(settings=win.settings)
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.open_path(str(session))  # synchronous: nothing runs
    assert not fresh.runner.running
    fresh.player.end()
    assert fresh.player.count == count
    assert graph_texts(fresh) == before
    assert "t.gradient(z, x)" in fresh.code_view.toPlainText()  # the source came with the file
    assert "lecture.vtape" in fresh.windowTitle() and "finished" in fresh.windowTitle()
    assert fresh.message_box is None
    assert fresh.recent.paths()[0] == str(session.resolve())


def test_a_damaged_session_opens_what_it_can_and_says_so(  # type: ignore[no-untyped-def]
    qtbot, lecture_window: MainWindow, scripts: dict[str, Path], tmp_path: Path
) -> None:
    win = lecture_window
    run_and_wait(qtbot, win, scripts["persistent_tape.py"])
    session = tmp_path / "whole.vtape"
    win.save_session(str(session))
    data = session.read_bytes()
    damaged = tmp_path / "damaged.vtape"
    damaged.write_bytes(data[: len(data) * 2 // 3] + b"\xff\x00garbage")
    win.open_path(str(damaged))
    assert win.message_box is not None and win.message_box.isVisible()
    assert "damaged" in win.message_box.text()
    assert "damaged" in win.statusBar().currentMessage()
    assert "(damaged)" in win.windowTitle()
    assert win.player.count > 0  # the part before the damage is shown
    win.message_box.close()


def test_an_unreadable_session_path_is_reported(
    qtbot, lecture_window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "folder.vtape"
    folder.mkdir()
    lecture_window.open_path(str(folder))
    assert lecture_window.message_box is not None
    assert "folder.vtape" in lecture_window.message_box.text()
    lecture_window.message_box.close()
