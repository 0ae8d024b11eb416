"""Fixtures of the UI tests (helpers live in ui_helpers.py)."""

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_helpers import scripts, window  # noqa: F401  (pytest fixtures)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recent files, language and theme go to a per-test file, never ~/.config/visualtape."""
    monkeypatch.setenv("VISUALTAPE_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture(autouse=True)
def collect_garbage_between_tests() -> Iterator[None]:
    """No automatic GC while Qt runs a test; collect after its windows are gone.

    Automatic collection can fire inside a Qt call (QObject::disconnect) and finalise a widget
    that needs the lock that call holds: a deadlock. The app does the same with pyqtgraph's
    GarbageCollector (see visualtape.ui.app.launch).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
