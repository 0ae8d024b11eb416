"""Recent files (scripts and sessions) kept in QSettings, newest first, for File ▸ Recent."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10
_KEY = "recent/files"


def default_settings() -> QSettings:
    """The user's visualtape settings (organisation and application both "visualtape"), or the
    INI file named by $VISUALTAPE_SETTINGS (tests point it at a temporary file)."""
    override = os.environ.get("VISUALTAPE_SETTINGS")
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings("visualtape", "visualtape")


class RecentFiles:
    """The list of recently opened paths, stored under `recent/files`."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[str]:
        """Newest first; files that no longer exist are left out."""
        return [p for p in string_list(self._settings.value(_KEY, [])) if Path(p).exists()]

    def add(self, path: str) -> None:
        """Put `path` (resolved) first, dropping duplicates and the oldest beyond MAX_RECENT."""
        resolved = str(Path(path).resolve())
        kept = [p for p in self.paths() if p != resolved]
        self._settings.setValue(_KEY, [resolved, *kept][:MAX_RECENT])
        self._settings.sync()

    def clear(self) -> None:
        self._settings.remove(_KEY)
        self._settings.sync()


def string_list(stored: object) -> list[str]:
    """A list setting as QSettings hands it back: a list, a lone string, or nothing."""
    if isinstance(stored, str):  # QSettings returns a lone entry as a string
        return [stored]
    if isinstance(stored, list | tuple):
        return [item for item in stored if isinstance(item, str)]
    return []
