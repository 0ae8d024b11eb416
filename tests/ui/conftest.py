"""Fixtures of the UI tests (helpers live in ui_helpers.py)."""

from ui_helpers import scripts, window  # noqa: F401  (pytest fixtures)
