"""Folding big tape graphs: name scopes and repeated loop bodies (pure logic)."""

from __future__ import annotations

import networkx as nx

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.folding import fold_graph, repeated_runs, scope_groups
from visualtape.session.layout import compute_layout
from visualtape.session.model import Session


def _loop_tape(steps: int) -> nx.DiGraph:
    with trace.collecting() as events:
        w = ve.Variable(0.5, name="w")
        x = ve.constant(1.0)
        with ve.GradientTape() as tape:
            for _ in range(steps):
                x = x * w + 1.0
        tape.gradient(x, w)
    session = Session.from_events(list(events))
    return next(iter(session.tapes.values())).graph()


def test_repeated_runs_finds_the_period_and_count() -> None:
    assert repeated_runs(list("ab" * 5)) == [(0, 2, 5)]
    assert repeated_runs(list("xyz")) == []
    assert repeated_runs(list("q") + list("abc" * 4) + list("zz")) == [(1, 3, 4)]


def test_a_loop_of_identical_steps_folds_into_one_box_with_its_count() -> None:
    graph = _loop_tape(40)
    assert graph.number_of_nodes() > 60
    folded, folding = fold_graph(graph)
    (fold,) = folding.folds
    assert fold.kind == "repeat" and fold.repeats == 40
    assert fold.label == "×40 multiply → add"
    assert folded.number_of_nodes() < 10
    assert folded.nodes[fold.key]["kind"] == "fold"
    # every op of the loop lights the same box; the loop's result stays visible outside it
    assert {folding.display(op) for op in fold.ops} == {fold.key}
    last = list(graph.successors(fold.ops[-1]))[0]
    assert last in folded and folded.has_edge(fold.key, last)
    assert len(compute_layout(folded)) == folded.number_of_nodes()


def test_small_graphs_and_expanded_folds_are_not_folded() -> None:
    graph = _loop_tape(40)
    assert fold_graph(_loop_tape(3))[1].folds == ()
    _, folding = fold_graph(graph)
    key = folding.folds[0].key
    unfolded, none = fold_graph(graph, expanded=frozenset({key}))
    assert none.folds == () and unfolded is graph


def test_ops_under_a_name_scope_fold_by_scope() -> None:
    graph = nx.DiGraph()
    graph.add_node("t0", kind="tensor", band="forward")
    for i in range(1, 40):
        scope = "model/dense" if i < 20 else "model/dense_1"
        graph.add_node(f"op{i}", kind="op", op="add", scope=scope, band="forward")
        graph.add_node(f"t{i}", kind="tensor", band="forward")
        graph.add_edge(f"t{i - 1}", f"op{i}")
        graph.add_edge(f"op{i}", f"t{i}")
    assert set(scope_groups(graph)) == {"model/dense", "model/dense_1"}
    folded, folding = fold_graph(graph, threshold=10)
    assert [f.label for f in folding.folds] == ["dense", "dense_1"]
    assert "t19" in folded  # leaves the first scope for the second: stays visible
    assert "t5" not in folded and folding.display("t5") == "scope:model/dense"
    assert nx.is_directed_acyclic_graph(folded)
