"""The tapes panel updates incrementally and always shows what a fresh panel would."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidgetItem

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel
from visualtape.session.timeline import call_label
from visualtape.ui.tapes_panel import TapesPanel


def training_events(steps: int) -> list[object]:
    with trace.collecting() as events:
        w = ve.Variable(0.5, name="w")
        for _ in range(steps):
            with ve.GradientTape() as tape:
                loss = ve.square(w * 2.0 - 1.0)
            w.assign_sub(0.1 * tape.gradient(loss, w))
    return list(events)


def show(panel: TapesPanel, session: Session) -> None:
    tapes = list(session.tapes.values())
    labels = {
        call.id: call_label(call, session.name_table) for t in tapes for call in t.gradient_calls
    }
    panel.set_tapes(tapes, labels, tapes[-1].id if tapes else None)


def test_only_new_or_changed_tapes_are_rewritten(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Following a run, a refresh writes only tapes that are new or whose lines changed: the
    others keep their item and their call items, and end as a fresh panel shows them."""
    events = training_events(6)
    live, session = TapesPanel(), Session()
    qtbot.addWidget(live)
    filled: list[int] = []
    fill = live._fill

    def counting(item: QTreeWidgetItem, tape: TapeModel, labels: dict[int, str]) -> None:
        filled.append(tape.id)
        fill(item, tape, labels)

    monkeypatch.setattr(live, "_fill", counting)
    before: dict[int, tuple[QTreeWidgetItem, list[QTreeWidgetItem], list[str]]] = {}
    kept = 0
    for count, event in enumerate(events, start=1):  # the panel follows the run event by event
        session.add(event)
        if count % 7 and count != len(events):
            continue
        filled.clear()
        show(live, session)
        now = {tape_id: lines(item) for tape_id, (item, _) in live._items.items()}
        changed = {t for t in now if t not in before or now[t][2] != before[t][2]}
        assert now.keys() - before.keys() <= set(filled) <= changed  # new ones are written
        assert len(filled) == len(set(filled))
        for tape_id in now.keys() - changed:  # unchanged: the very same items, not rewritten
            item, children, _ = before[tape_id]
            assert now[tape_id][0] is item
            assert len(now[tape_id][1]) == len(children)
            assert all(a is b for a, b in zip(now[tape_id][1], children, strict=True))
            kept += len(children)
        before = now
    assert kept >= 10  # finished tapes with their gradient calls really stayed untouched
    fresh = TapesPanel()
    qtbot.addWidget(fresh)
    show(fresh, session)
    assert live.rows() == fresh.rows()
    assert len(live.rows()) == 12  # six tapes, one gradient call each
    assert live.currentItem() is live._items[max(session.tapes)][0]


def lines(item: QTreeWidgetItem) -> tuple[QTreeWidgetItem, list[QTreeWidgetItem], list[str]]:
    """A tape's item, its call items and every text it shows."""
    children = [child for i in range(item.childCount()) if (child := item.child(i)) is not None]
    return item, children, [item.text(0)] + [child.text(0) for child in children]


def test_evicted_tapes_disappear(qtbot) -> None:  # type: ignore[no-untyped-def]
    session = Session.from_events(training_events(5))
    panel = TapesPanel()
    qtbot.addWidget(panel)
    show(panel, session)
    first = min(session.tapes)
    del session.tapes[first]  # as the session's eviction does for long trainings
    show(panel, session)
    assert first not in panel._items and len(panel.rows()) == 8
    assert not any(row.startswith(f"tape {first} ") for row in panel.rows())


def test_the_current_tape_shows_with_its_gradient_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Following a training run, the newest tape's calls are in view, not cut off below it."""
    panel = TapesPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 160)
    panel.show()
    qtbot.waitExposed(panel)
    show(panel, Session.from_events(training_events(30)))
    item = panel.currentItem()
    assert item is not None and item.childCount() == 1
    viewport = panel.viewport().rect()
    assert viewport.contains(panel.visualItemRect(item.child(0)))
    assert viewport.contains(panel.visualItemRect(item))
