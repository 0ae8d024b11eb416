"""Main window for lectures: the code dock's room, the title, drag and drop, recent files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui_helpers import RUN_TIMEOUT_MS, run_and_wait

from visualtape.ui.main_window import MainWindow


@pytest.fixture
def lecture_window(window: MainWindow) -> MainWindow:
    """The shared window fixture (settings go to a per-test file, see conftest.py)."""
    return window


def test_code_dock_shows_long_lines_whole(
    qtbot, lecture_window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    win = lecture_window
    script = tmp_path / "long.py"
    long_line = "y = 1  # " + "a very long explanatory comment " * 4
    script.write_text(f"{long_line}\n", encoding="utf-8")
    run_and_wait(qtbot, win, script)
    code = win.code_view
    assert code.lineWrapMode() == code.LineWrapMode.WidgetWidth  # nothing is cut off
    columns = code.viewport().width() // code.fontMetrics().horizontalAdvance("x")
    assert columns >= 55  # at the default 1600 × 1000 (was ~35)
    assert win.width() - win.docks["code"].width() - win.docks["inspector"].width() >= 550
    assert "long.py" in win.windowTitle()


def _drop(win: MainWindow, path: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), actions, mime, buttons, mods)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), actions, mime, buttons, mods)
    QApplication.sendEvent(win, drop)
    return drop


def test_dropping_a_script_runs_it_and_other_files_are_refused(  # type: ignore[no-untyped-def]
    qtbot, lecture_window: MainWindow, scripts: dict[str, Path], tmp_path: Path
) -> None:
    with qtbot.waitSignal(lecture_window.runner.run_finished, timeout=RUN_TIMEOUT_MS):
        _drop(lecture_window, scripts["persistent_tape.py"])
    assert lecture_window.player.count > 0
    text = tmp_path / "notes.txt"
    text.write_text("hi", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(lecture_window, enter)
    assert not enter.isAccepted()


def test_recent_files_menu_lists_opened_files_newest_first(  # type: ignore[no-untyped-def]
    qtbot, lecture_window: MainWindow, scripts: dict[str, Path]
) -> None:
    run_and_wait(qtbot, lecture_window, scripts["spent_tape.py"])
    run_and_wait(qtbot, lecture_window, scripts["persistent_tape.py"])
    assert lecture_window.recent.paths()[:2] == [
        str(scripts["persistent_tape.py"].resolve()),
        str(scripts["spent_tape.py"].resolve()),
    ]
    lecture_window.menus.fill_recent()
    names = [a.text() for a in lecture_window.menus.menus["Open recent"].actions()]
    assert names[:2] == ["persistent_tape.py", "spent_tape.py"]
    with qtbot.waitSignal(lecture_window.runner.run_finished, timeout=RUN_TIMEOUT_MS):
        lecture_window.menus.menus["Open recent"].actions()[1].trigger()
    assert "spent_tape.py" in lecture_window.windowTitle()
    # a new window with the same settings remembers them
    again = MainWindow(settings=lecture_window.settings)
    qtbot.addWidget(again)
    assert again.recent.paths()[0] == str(scripts["spent_tape.py"].resolve())
