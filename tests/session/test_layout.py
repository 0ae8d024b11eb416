"""Layered layout: deterministic, no overlaps, left-to-right, crossing reduction, gradient band."""

from __future__ import annotations

import random
from collections import defaultdict

import networkx as nx
import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import OpRecorded, TensorInfo
from visualtape.session import layout as layout_module
from visualtape.session.layout import (
    ROW_SPACING,
    adjacent_edges,
    assign_layers,
    compute_layout,
    count_crossings,
    graph_shape,
)
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel


def _info(tensor_id: int) -> TensorInfo:
    return TensorInfo(tensor_id, "intermediate", "float64", (), np.array(0.5))


def _random_tape(ops: int, seed: int = 0, first_id: int = 1) -> TapeModel:
    """A random DAG of unary/binary records over four leaves (hand-made events); another
    `first_id` gives the same program under other ids (a training loop's next tape)."""
    rng = random.Random(seed)
    tensors = [_info(first_id + i) for i in range(4)]
    events = []
    for r in range(1, ops + 1):
        recent = tensors[-30:]
        arity = rng.choice((1, 2))
        inputs = tuple(rng.choice(recent) for _ in range(arity))
        out = _info(first_id + len(tensors))
        events.append(OpRecorded(first_id + r, (1,), "add" if arity == 2 else "sin", inputs, out,
                                 {}, None, None, None))  # fmt: skip
        tensors.append(out)
    return Session.from_events(events).tapes[1]


def _check_geometry(graph: nx.DiGraph, positions) -> None:  # type: ignore[no-untyped-def]
    assert set(positions) == set(graph.nodes)
    assert len(set(positions.values())) == len(positions)  # no two nodes share a spot
    for u, v in graph.edges():
        assert positions[u][0] < positions[v][0]  # data flows left to right
    columns = defaultdict(list)
    for x, y in positions.values():
        columns[x].append(y)
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= ROW_SPACING - 1e-9 for a, b in zip(ys, ys[1:], strict=False))


def test_random_tape_geometry_and_determinism() -> None:
    tape = _random_tape(300)
    layout = tape.layout()
    _check_geometry(tape.graph(), layout.positions)
    again = _random_tape(300).layout()
    assert dict(again.positions) == dict(layout.positions)
    assert tape.layout() is layout  # computed once per structure
    assert layout.width == max(x for x, _ in layout.positions.values())
    assert layout.height == max(y for _, y in layout.positions.values())
    assert min(y for _, y in layout.positions.values()) == 0.0


def test_inputs_left_and_target_right() -> None:
    with trace.collecting() as events:
        x = ve.ones((2, 2))
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = ve.reduce_sum(x)
            z = y * y
        tape.gradient(z, x)
    model = next(iter(Session.from_events(events).tapes.values()))
    positions = model.layout().positions
    xs = {model.names.label(int(n[1:])): p[0] for n, p in positions.items() if n.startswith("t")}
    assert xs["x"] == 0.0 and xs["x"] < xs["y"] < xs["z"]
    assert xs["z"] == model.layout().width


def test_leaf_sits_next_to_its_first_consumer() -> None:
    graph = nx.DiGraph()
    graph.add_edges_from([("t1", "op1"), ("op1", "t2"), ("t2", "op2"), ("op2", "t3")])
    graph.add_edges_from([("t9", "op2")])  # a constant used only late
    layer = assign_layers(graph)
    assert layer["t9"] == layer["op2"] - 1 == layer["t2"]


def test_barycentre_sweeps_remove_crossings() -> None:
    graph = nx.DiGraph()
    # inserted so the initial order crosses: a->d, b->c ordering a,b over d,c... plus a chain
    graph.add_nodes_from(["a", "b", "c", "d"])
    graph.add_edges_from([("a", "d"), ("b", "c"), ("a", "e"), ("b", "f")])
    graph.add_nodes_from(["f", "e"])
    layer = assign_layers(graph)
    initial = {"a": 0.0, "b": 1.0, "c": 0.0, "d": 1.0, "e": 2.0, "f": 3.0}
    assert count_crossings(adjacent_edges(graph, layer), initial) > 0
    layout = compute_layout(graph)
    assert layout.crossings == 0
    pos = layout.positions
    assert (pos["a"][1] < pos["b"][1]) == (pos["d"][1] < pos["c"][1])


def test_nested_gradient_ops_in_a_band_below() -> None:
    with trace.collecting() as events:
        x = ve.constant(3.0)
        with ve.GradientTape() as outer:
            outer.watch(x)
            with ve.GradientTape() as inner:
                inner.watch(x)
                y = ve.sin(x) * x
            dy = inner.gradient(y, x)
        outer.gradient(dy, x)
    model = next(iter(Session.from_events(events).tapes.values()))
    graph, layout = model.graph(), model.layout()
    _check_geometry(graph, layout.positions)
    bands = nx.get_node_attributes(graph, "band")
    forward = [layout.positions[n][1] for n, b in bands.items() if b == "forward"]
    gradient = [layout.positions[n][1] for n, b in bands.items() if b == "gradient"]
    assert gradient and layout.band_top is not None
    assert min(gradient) >= layout.band_top > max(forward)


def test_layout_stays_until_records_change() -> None:
    tape = _random_tape(20)
    first = tape.layout()
    tape.names.remember(1, "renamed")  # relabelling does not move anything
    assert tape.layout() is first
    tape.add_record(OpRecorded(99, (1,), "sin", (_info(24),), _info(500), {}, None, None, None))
    assert tape.layout() is not first and "t500" in tape.layout().positions


def test_a_graph_shaped_like_a_recent_one_reuses_its_layout_under_new_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A training loop's next tape: same program, new ids. Its layout is the last one renamed
    (not computed again), identical to laying it out afresh; a graph that differs only in a
    band is laid out anew."""
    graph = _random_tape(200, seed=3).graph()
    renamed = _random_tape(200, seed=3, first_id=100_000).graph()
    assert set(graph).isdisjoint(renamed) and len(graph) == len(renamed)
    computed: list[int] = []
    real_compute = layout_module._compute_layout

    def counting_compute(g: nx.DiGraph) -> object:
        computed.append(len(g))
        return real_compute(g)

    monkeypatch.setattr(layout_module, "_compute_layout", counting_compute)
    first = compute_layout(graph)
    assert computed == [len(graph)]
    again = compute_layout(renamed)
    assert computed == [len(graph)]  # reused, not laid out again
    fresh = real_compute(renamed)
    assert again.positions == fresh.positions and again.layers == fresh.layers
    for old_key, new_key in zip(graph, renamed, strict=True):
        assert again.positions[new_key] == first.positions[old_key]
    assert (again.width, again.height, again.crossings) == (
        fresh.width,
        fresh.height,
        fresh.crossings,
    )
    banded = graph.copy()
    last_op = [n for n in graph if str(n).startswith("op")][-1]
    banded.nodes[last_op]["band"] = "gradient"
    assert graph_shape(banded) != graph_shape(graph)
    assert compute_layout(banded).positions == real_compute(banded).positions
    assert len(computed) == 2  # the banded graph was laid out anew


def test_empty_graph() -> None:
    layout = compute_layout(nx.DiGraph())
    assert len(layout) == 0 and layout.width == layout.height == 0.0


def test_5000_op_tape_layout_geometry() -> None:
    # Speed (< 1 s) is measured by benchmarks/session_scale.py, not asserted here.
    graph = _random_tape(5000).graph()
    layout = compute_layout(graph)
    _check_geometry(graph, layout.positions)
