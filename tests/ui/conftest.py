"""Fixtures of the UI tests (helpers live in ui_helpers.py)."""

from pathlib import Path

import pytest
from ui_helpers import scripts, window  # noqa: F401  (pytest fixtures)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recent files, language and theme go to a per-test file, never ~/.config/visualtape."""
    monkeypatch.setenv("VISUALTAPE_SETTINGS", str(tmp_path / "settings.ini"))
