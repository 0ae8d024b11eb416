"""A big tape still recording is rebuilt each time it doubles, not at every refresh."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import ScriptFinished, TapeClosed
from visualtape.session.model import Session
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.code_view import CodeView
from visualtape.ui.inspector import Inspector
from visualtape.ui.player import Player
from visualtape.ui.player_bar import PlayerBar
from visualtape.ui.presenter import LIVE_REBUILD_RECORDS, TapePresenter
from visualtape.ui.tapes_panel import TapesPanel


def _recording(ops: int) -> list[object]:
    """Events of a tape recording `ops` ops (its TapeClosed left out: still recording)."""
    with trace.collecting() as events:
        x = ve.constant(1.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = x
            for _ in range(ops):
                y = y + 1.0
    return [e for e in events if not isinstance(e, TapeClosed)]


def test_a_recording_big_tape_is_rebuilt_only_when_it_doubles_or_ends(
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    events = _recording(4 * LIVE_REBUILD_RECORDS)
    tape_opened, ops = events[:2], events[2:]  # (TapeOpened, TensorWatched), then OpRecorded
    player, canvas = Player(), GraphCanvas()
    presenter = TapePresenter(
        player, canvas, PlayerBar(player), CodeView(), Inspector(), TapesPanel()
    )
    root = QWidget()
    qtbot.addWidget(root)
    canvas.setParent(root)
    built: list[int] = []
    real_update = presenter._update_scene
    monkeypatch.setattr(
        presenter,
        "_update_scene",
        lambda tape: (built.append(len(tape.records)), real_update(tape)),
    )
    session = Session()
    presenter.reset(session, None)
    step = LIVE_REBUILD_RECORDS // 4
    deferred_notes: list[str] = []
    for start in range(0, len(ops), step):  # refreshes while the script records
        session.extend(tape_opened if start == 0 else [])
        session.extend(ops[start : start + step])
        builds = len(built)
        presenter.refresh()
        if len(built) == builds:  # kept the last build: the canvas says why
            deferred_notes.append(canvas.busy_text)
    (tape,) = session.tapes.values()  # (tape ids count up through the whole test run)
    count = len(tape.records)
    assert count == 4 * LIVE_REBUILD_RECORDS
    # builds: every refresh up to the threshold, then at each doubling; never one per refresh
    later = [n for n in built if n > LIVE_REBUILD_RECORDS]
    assert later and all(b >= 2 * a for a, b in zip(later, later[1:], strict=False))
    assert len(built) < count // step
    assert deferred_notes and all(note.startswith("recording…") for note in deferred_notes)
    session.extend([TapeClosed(tape_id=tape.id), ScriptFinished(exit_code=0, seconds=1.0)])
    presenter.refresh()
    assert built[-1] == count  # the finished tape is shown whole
    # big graphs are laid out in a worker: let it finish while the canvas still exists
    qtbot.waitUntil(lambda: not presenter._jobs and not canvas.busy_text, timeout=30_000)
