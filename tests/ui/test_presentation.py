"""Presentation mode (F5), text size (Ctrl+= / Ctrl+-), light and dark themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import run_and_wait

from visualtape.ui import theme
from visualtape.ui.canvas_view import MIN_FIT_ZOOM
from visualtape.ui.main_window import MainWindow
from visualtape.ui.presentation import screen_font_scale


@pytest.fixture
def lecture_window(qtbot, window: MainWindow, scripts: dict[str, Path]) -> MainWindow:  # type: ignore[no-untyped-def]
    """The shared window, after running the persistent-tape script."""
    run_and_wait(qtbot, window, scripts["persistent_tape.py"])
    return window


def test_f5_toggles_presentation_with_pinned_docks_big_fonts_and_okabe_ito(
    qtbot, lecture_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    win = lecture_window
    caption_size = win.player_bar.caption.font().pointSizeF()
    code_size = win.code_view.font().pointSizeF()
    win.menus.pin_actions["code"].setChecked(True)  # the lecturer keeps the code on screen
    zoom = win.canvas.zoom_factor()
    qtbot.keyClick(win, Qt.Key.Key_F5)
    assert win.presentation.active and win.isFullScreen()
    # the graph's text grows with the rest: fitted at no less than the scaled minimum zoom
    scale = screen_font_scale(win.screen().availableGeometry().height())
    presented = win.canvas.zoom_factor()
    assert presented >= MIN_FIT_ZOOM * scale - 1e-9 and presented > zoom
    assert win.docks["code"].isVisible()
    assert not any(d.isVisible() for n, d in win.docks.items() if n != "code")
    assert not win.menuBar().isVisible()
    assert win.player_bar.caption.font().pointSizeF() >= caption_size * 1.4
    assert win.code_view.font().pointSizeF() >= code_size * 1.4
    assert theme.CALL_COLOURS[:2] == ("#D55E00", "#0072B2")  # Okabe-Ito
    # keyboard only: arrows, Home/End
    win.player.home()
    qtbot.keyClick(win, Qt.Key.Key_Right)
    assert win.player.index == 1
    qtbot.keyClick(win, Qt.Key.Key_End)
    assert win.player.at_end
    qtbot.keyClick(win, Qt.Key.Key_F5)  # the shortcut works with the menu bar hidden
    assert not win.presentation.active and not win.isFullScreen()
    assert win.docks["inspector"].isVisible() and win.menuBar().isVisible()
    assert win.player_bar.caption.font().pointSizeF() == pytest.approx(caption_size)
    assert win.canvas.zoom_factor() < presented  # the normal window's fit again
    assert theme.current_palette() is theme.LIGHT
    assert win.settings.value("presentation/pinned") in (["code"], "code")


def test_screen_font_scale_grows_with_the_screen() -> None:
    assert screen_font_scale(1080) == theme.PRESENTATION_SCALE
    assert screen_font_scale(2160) == pytest.approx(2 * theme.PRESENTATION_SCALE)


def test_ctrl_plus_and_minus_scale_text_everywhere(
    qtbot,  # type: ignore[no-untyped-def]
    lecture_window: MainWindow,
) -> None:
    win = lecture_window
    widgets = [win.code_view, win.console, win.tapes_panel, win.player_bar.caption]
    before = [w.font().pointSizeF() for w in widgets]
    with qtbot.waitSignal(theme.notifier().font_scale_changed) as blocker:
        qtbot.keyClick(win, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [pytest.approx(theme.FONT_SCALE_STEP)]
    after = [w.font().pointSizeF() for w in widgets]
    assert all(a > b for a, b in zip(after, before, strict=True))
    qtbot.keyClick(win, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert win.code_view.font().pointSizeF() < before[0]
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.code_view.font().pointSizeF() == pytest.approx(before[0])


def test_dark_and_light_themes_from_the_view_menu(
    qtbot,  # type: ignore[no-untyped-def]
    lecture_window: MainWindow,
) -> None:
    win = lecture_window
    win.menus.theme_actions["dark"].trigger()
    assert theme.current_palette() is theme.DARK
    assert win.canvas.backgroundBrush().color().name() == theme.DARK.background
    window_colour = QApplication.palette().window().color()
    assert window_colour.lightness() < 80
    win.canvas.finish_animation()
    image = win.canvas.viewport().grab().toImage()
    assert image.pixelColor(3, 3).lightness() < 80  # the canvas really paints dark
    win.menus.theme_actions["light"].trigger()
    assert theme.current_palette() is theme.LIGHT
    assert QApplication.palette().window().color().lightness() > 200
    assert win.settings.value("view/theme") == "light"
