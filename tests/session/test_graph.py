"""Tape graphs: nodes, attributes and edges built from real engine events."""

from __future__ import annotations

import networkx as nx
import numpy as np
from programs import nested_second_derivative

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.graph import op_nodes, tensor_nodes
from visualtape.session.model import Session


def _session(program) -> Session:  # type: ignore[no-untyped-def]
    with trace.collecting() as events:
        program()
    return Session.from_events(events)


def _seeds() -> None:
    x = ve.ones((2, 2))
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = ve.reduce_sum(x)
        z = y * y
    tape.gradient(z, x)


def _by_name(graph: nx.DiGraph) -> dict[str, str]:
    return {data["name"]: node for node, data in graph.nodes(data=True) if data.get("name")}


def test_nodes_and_attributes() -> None:
    tape = next(iter(_session(_seeds).tapes.values()))
    graph = tape.graph()
    assert len(tensor_nodes(graph)) == 3 and len(op_nodes(graph)) == 2
    names = _by_name(graph)
    x, y, z = names["x"], names["y"], names["z"]
    assert graph.nodes[x]["tensor_kind"] == "constant" and graph.nodes[x]["watched"]
    assert graph.nodes[y]["tensor_kind"] == "intermediate" and not graph.nodes[y]["watched"]
    assert graph.nodes[x]["shape"] == (2, 2) and graph.nodes[x]["dtype"] == "float32"
    np.testing.assert_allclose(graph.nodes[z]["value"], 16.0)
    first, second = op_nodes(graph)
    assert graph.nodes[first]["op"] == "reduce_sum" and graph.nodes[second]["op"] == "multiply"
    assert graph.nodes[first]["location"].line > 0
    assert graph.nodes[first]["gradient_call_id"] is None
    assert all(graph.nodes[n]["band"] == "forward" for n in graph)


def test_edges_carry_input_positions() -> None:
    tape = next(iter(_session(_seeds).tapes.values()))
    graph = tape.graph()
    names = _by_name(graph)
    ops = op_nodes(graph)
    assert graph.edges[names["x"], ops[0]]["index"] == 0
    assert graph.edges[names["y"], ops[1]]["indices"] == (0, 1)  # y * y
    assert graph.has_edge(ops[1], names["z"]) and graph.has_edge(ops[0], names["y"])
    assert nx.is_directed_acyclic_graph(graph)


def test_node_ids_follow_the_convention() -> None:
    tape = next(iter(_session(_seeds).tapes.values()))
    graph = tape.graph()
    for node, data in graph.nodes(data=True):
        if data["kind"] == "tensor":
            assert node == f"t{data['tensor_id']}"
        else:
            assert node == f"op{data['record_id']}"


def test_nested_tape_gradient_ops_are_marked() -> None:
    session = _session(nested_second_derivative)
    outer, inner = session.tapes.values()
    graph = outer.graph()
    inner_call = inner.gradient_calls[0].id
    marked = [n for n in op_nodes(graph) if graph.nodes[n]["gradient_call_id"] == inner_call]
    assert marked and all(graph.nodes[n]["band"] == "gradient" for n in marked)
    x = _by_name(graph)["x"]
    assert graph.nodes[x]["band"] == "forward"  # used by the forward op too
    assert inner.graph().number_of_nodes() == 3  # x, the multiply, y


def test_graph_is_cached_until_the_tape_changes() -> None:
    with trace.collecting() as events:
        x = ve.constant(2.0)
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
    session = Session()
    split = next(i for i, e in enumerate(events) if type(e).__name__ == "OpRecorded")
    session.extend(events[:split])
    model = next(iter(session.tapes.values()))
    empty = model.graph()
    assert model.graph() is empty
    session.extend(events[split:])
    assert model.graph() is not empty and len(op_nodes(model.graph())) == 1
    del y


def test_names_arriving_later_relabel_nodes() -> None:
    tape = next(iter(_session(_seeds).tapes.values()))
    before = tape.graph()
    tape.names.remember(tape.records[0].output.id, "total")
    after = tape.graph()
    assert after is not before
    assert after.nodes[f"t{tape.records[0].output.id}"]["label"] == "total"


def test_unnamed_constants_read_as_their_value_or_const() -> None:
    """`0.5 * w` is labelled `0.5 × w`, not `t2 × w`; an unnamed array constant is `const`."""

    def program() -> None:
        w = ve.Variable(2.0, name="w")
        with ve.GradientTape() as tape:
            half = 0.5 * w  # noqa: F841 (named for the session)
            ve.reduce_sum(ve.constant(np.ones(3, np.float32)) * w)
        tape.gradient(half, w)

    graph = next(iter(_session(program).tapes.values())).graph()
    labels = [data["label"] for _, data in graph.nodes(data=True) if data["kind"] == "tensor"]
    assert labels[:2] == ["0.5", "w"] and "half" in labels
    assert "const" in labels and "const × w" in labels


def test_a_dropped_tape_graph_is_freed_without_the_cyclic_gc() -> None:
    """The GUI makes no full GC pass while a script trains: a tape graph must not be a
    reference cycle, or every evicted step's graph (and its values) would stay until the end."""
    import gc
    import weakref

    from visualtape.session.graph import build_graph

    graph = build_graph(next(iter(_session(_seeds).tapes.values())))
    for u, v in graph.edges:  # use every view that networkx would cache on the graph
        _ = graph.edges[u, v], graph.in_edges(v), graph.out_edges(u), graph.degree(u)
    _ = graph.in_degree(v), graph.out_degree(u), graph.nodes[u], graph.pred[v], graph.succ[u]
    ref = weakref.ref(graph)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del graph, u, v
        assert ref() is None
    finally:
        if was_enabled:
            gc.enable()
