"""Presentation mode (F5): full screen, menu and docks hidden (except the docks the lecturer
pinned), the high-contrast colour-blind-safe palette, fonts scaled to the screen, and the graph
fitted to the whole screen at up to 2.5× magnification (never below the normal floor times the
presentation font factor: a big graph is shown readable around the active step). Keyboard
only: ←/→ step, Space plays, Home/End, PgUp/PgDown jump between parts, Ctrl+= / Ctrl+- resize
text, F5 or Esc leave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from visualtape.ui import theme
from visualtape.ui.canvas_view import MIN_FIT_ZOOM, NORMAL_FIT_ZOOM, PRESENTATION_FIT_ZOOM
from visualtape.ui.recent import string_list

if TYPE_CHECKING:
    from visualtape.ui.main_window import MainWindow

REFERENCE_HEIGHT = 1080  # a screen this tall (logical pixels) gets PRESENTATION_SCALE
_PINNED_KEY = "presentation/pinned"


def screen_font_scale(screen_height: int) -> float:
    """The presentation font factor for a screen `screen_height` logical pixels tall.

    >>> screen_font_scale(1080), screen_font_scale(2160), screen_font_scale(600)
    (1.4, 2.8, 1.4)
    """
    return round(theme.PRESENTATION_SCALE * max(1.0, screen_height / REFERENCE_HEIGHT), 3)


class PresentationMode:
    """Remembers the docks' visibility and the theme so leaving restores the lecturer's layout."""

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        self._window = window
        self._settings = settings
        self._visible: dict[str, bool] = {}
        self._palette = theme.LIGHT
        stored = string_list(settings.value(_PINNED_KEY, []))
        self.pinned: set[str] = {name for name in stored if name in window.docks}
        self.active = False

    def set_pinned(self, name: str, pinned: bool) -> None:
        """Keep dock `name` on screen in presentation mode (remembered in the settings)."""
        if pinned:
            self.pinned.add(name)
        else:
            self.pinned.discard(name)
        self._settings.setValue(_PINNED_KEY, sorted(self.pinned))
        if self.active:
            self._window.docks[name].setVisible(pinned)

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        window = self._window
        self._visible = {name: dock.isVisible() for name, dock in window.docks.items()}
        self._palette = theme.current_palette()
        for name, dock in window.docks.items():
            dock.setVisible(name in self.pinned)
        window.canvas.max_fit_zoom = PRESENTATION_FIT_ZOOM
        window.menuBar().hide()
        window.statusBar().hide()
        theme.apply_palette(theme.PRESENTATION)
        screen = window.screen()
        height = screen.availableGeometry().height() if screen is not None else REFERENCE_HEIGHT
        scale = screen_font_scale(height)
        theme.set_presentation_scale(scale)
        window.canvas.min_fit_zoom = MIN_FIT_ZOOM * scale  # canvas text as big as the rest
        window.showFullScreen()
        window.canvas.fit()
        self.active = True

    def leave(self) -> None:
        if not self.active:
            return
        window = self._window
        window.showNormal()
        window.menuBar().show()
        window.statusBar().show()
        window.canvas.max_fit_zoom = NORMAL_FIT_ZOOM
        window.canvas.min_fit_zoom = MIN_FIT_ZOOM
        theme.set_presentation_scale(1.0)
        chosen = str(self._settings.value("view/theme", self._palette.name))
        theme.apply_palette(theme.PALETTES.get(chosen, self._palette))
        for name, dock in window.docks.items():
            dock.setVisible(self._visible.get(name, True))
        window.canvas.fit()
        self.active = False
