"""Presentation mode (F5): full screen, docks and menu hidden, larger caption and legend, and the
graph fitted to the whole screen at up to 2.5× magnification (so its text grows with it without
boxes overlapping); Esc leaves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from visualtape.ui import theme
from visualtape.ui.canvas import NORMAL_FIT_ZOOM, PRESENTATION_FIT_ZOOM

if TYPE_CHECKING:
    from visualtape.ui.main_window import MainWindow


class PresentationMode:
    """Remembers which docks were visible so leaving restores the lecturer's layout."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._visible: dict[str, bool] = {}
        self.active = False

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        window = self._window
        self._visible = {name: dock.isVisible() for name, dock in window.docks.items()}
        for dock in window.docks.values():
            dock.hide()
        window.canvas.max_fit_zoom = PRESENTATION_FIT_ZOOM
        window.canvas.legend.set_scale(theme.PRESENTATION_SCALE)
        window.player_bar.caption.setFont(theme.ui_font(15 * theme.PRESENTATION_SCALE))
        window.menuBar().hide()
        window.showFullScreen()
        window.canvas.fit()
        self.active = True

    def leave(self) -> None:
        if not self.active:
            return
        window = self._window
        window.showNormal()
        window.menuBar().show()
        window.canvas.max_fit_zoom = NORMAL_FIT_ZOOM
        window.canvas.legend.set_scale(1.0)
        window.player_bar.caption.setFont(theme.ui_font(15))
        for name, dock in window.docks.items():
            dock.setVisible(self._visible.get(name, True))
        window.canvas.fit()
        self.active = False
