"""Engine test fixtures: every test must leave no tape recording and no trace sink attached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from visualtape.engine import recording, trace


@pytest.fixture(autouse=True)
def _engine_left_clean() -> Iterator[None]:
    assert recording.recording.get() == (), "a tape was left recording by an earlier test"
    assert trace.sink is None, "a trace sink was left attached by an earlier test"
    yield
    assert recording.recording.get() == (), "this test left a tape recording"
    assert trace.sink is None, "this test left a trace sink attached"
    assert recording.active_gradient_call.get() is None
