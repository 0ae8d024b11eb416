"""Folding big tape graphs: ops recorded under one name scope, and runs of a repeated loop body,
drawn as one box each (pure Python + networkx, no Qt; the canvas only draws the result).

`fold_graph(graph, expanded)` returns a smaller graph where each fold is one node (kind "fold")
and the tensors its ops produce for their own use are hidden inside it; tensors that leave the
fold (used outside, or final outputs) stay visible. `Folding.owner` maps every hidden node to its
fold, so a frame about a hidden op lights the fold up. Fold keys are stable across rebuilds
("scope:dense", "repeat:op12"), so the set of folds a user expanded survives new records.

>>> import networkx as nx
>>> g = nx.DiGraph()
>>> for i in range(4):
...     g.add_node(f"t{i}", kind="tensor", band="forward")
>>> for i, scope in ((1, "dense"), (2, "dense"), (3, None)):
...     g.add_node(f"op{i}", kind="op", op="add", scope=scope, band="forward")
...     g.add_edge(f"t{i - 1}", f"op{i}")
...     g.add_edge(f"op{i}", f"t{i}")
>>> folded, folding = fold_graph(g, threshold=0)
>>> sorted(folded.nodes), folding.owner["t1"]
(['op3', 'scope:dense', 't0', 't2', 't3'], 'scope:dense')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import networkx as nx

from visualtape.session.graph import TapeGraph

FOLD_THRESHOLD = 60  # graphs with more nodes are folded by default
MIN_REPEATS = 3  # a loop body must repeat at least this often to fold
MIN_REPEATED_OPS = 6  # ... and cover at least this many ops
MAX_BODY = 40  # longest loop body searched for


@dataclass(frozen=True)
class Fold:
    """One folded box: a name scope, or `repeats` runs of the same op sequence."""

    key: str
    kind: str  # "scope" or "repeat"
    label: str  # "dense", "×250 multiply → add"
    ops: tuple[str, ...]  # op nodes inside, in record order
    hidden: tuple[str, ...]  # every node drawn inside the box (ops and private tensors)
    repeats: int = 1
    band: str = "forward"


@dataclass(frozen=True)
class Folding:
    """The folds of one graph; `owner[node]` is the fold that hides `node`."""

    folds: tuple[Fold, ...] = ()
    owner: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def display(self, node: str) -> str:
        """The node drawn for `node`: its fold, or itself."""
        return self.owner.get(node, node)

    def fold(self, key: str) -> Fold | None:
        for fold in self.folds:
            if fold.key == key:
                return fold
        return None


def _op_sequence(graph: nx.DiGraph) -> list[str]:
    return [n for n, kind in graph.nodes(data="kind") if kind == "op"]


def _top_scope(scope: str | None) -> str | None:
    """'sequential/dense_1/MatMul' folds as 'sequential/dense_1'; '' and None do not fold."""
    return scope.strip("/") or None if scope else None


def scope_groups(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Scope -> its op nodes in record order (ops without a scope are left out)."""
    groups: dict[str, list[str]] = {}
    for node in _op_sequence(graph):
        scope = _top_scope(graph.nodes[node].get("scope"))
        if scope:
            groups.setdefault(scope, []).append(node)
    return groups


def repeated_runs(
    signatures: Sequence[object], min_repeats: int = MIN_REPEATS, max_body: int = MAX_BODY
) -> list[tuple[int, int, int]]:
    """Non-overlapping runs of a repeated body as (start, body length, repeats), by start.

    Greedy: the run covering most items wins, ties go to the shorter body.

    >>> repeated_runs(list("xabababab") + ["y"], min_repeats=3)
    [(1, 2, 4)]
    """
    n = len(signatures)
    candidates: list[tuple[int, int, int]] = []
    for body in range(1, min(max_body, n // min_repeats) + 1):
        start = 0
        while start + body < n:
            stop = start  # signatures[start..stop+body) repeats with period `body`
            while stop + body < n and signatures[stop] == signatures[stop + body]:
                stop += 1
            repeats = (stop - start + body) // body
            if repeats >= min_repeats:
                candidates.append((start, body, repeats))
            start = max(stop, start + 1) if stop > start else start + 1
    candidates.sort(key=lambda c: (-c[1] * c[2], c[1], c[0]))
    taken: list[tuple[int, int, int]] = []
    used = [False] * n
    for start, body, repeats in candidates:
        span = range(start, start + body * repeats)
        if not any(used[i] for i in span):
            taken.append((start, body, repeats))
            for i in span:
                used[i] = True
    return sorted(taken)


def _private_tensors(graph: nx.DiGraph, ops: Iterable[str]) -> list[str]:
    """Tensors that disappear into the box: those the ops produce only for each other, and
    unnamed constants only they use (the `1.0` of `x * w + 1.0` in a loop)."""
    members = set(ops)
    hidden = set()
    for op in members:
        for out in graph.succ[op]:
            users = set(graph.succ[out])
            if users and users <= members:
                hidden.add(out)
        for leaf in graph.pred[op]:
            data = graph.nodes[leaf]
            anonymous = data.get("tensor_kind") == "constant" and not data.get("name")
            alone = not graph.pred[leaf] and set(graph.succ[leaf]) <= members
            if anonymous and alone and not data.get("watched"):
                hidden.add(leaf)
    return sorted(hidden)


def _make_fold(graph: nx.DiGraph, key: str, kind: str, label: str, ops: list[str],
               repeats: int = 1) -> Fold:  # fmt: skip
    private = _private_tensors(graph, ops)
    bands = {graph.nodes[op].get("band", "forward") for op in ops}
    return Fold(
        key=key,
        kind=kind,
        label=label,
        ops=tuple(ops),
        hidden=(*ops, *private),
        repeats=repeats,
        band="forward" if "forward" in bands else "gradient",
    )


def find_folds(graph: nx.DiGraph, expanded: frozenset[str] = frozenset()) -> list[Fold]:
    """Scope folds first, then repeated loop bodies among the remaining ops."""
    folds = [
        _make_fold(graph, f"scope:{scope}", "scope", scope.rsplit("/", 1)[-1], ops)
        for scope, ops in scope_groups(graph).items()
        if f"scope:{scope}" not in expanded and len(ops) > 1
    ]
    in_scope = {op for fold in folds for op in fold.ops}
    rest = [op for op in _op_sequence(graph) if op not in in_scope]
    signatures = [(graph.nodes[op].get("op"), graph.nodes[op].get("band")) for op in rest]
    for start, body, repeats in repeated_runs(signatures):
        if body * repeats < MIN_REPEATED_OPS:
            continue
        ops = rest[start : start + body * repeats]
        key = f"repeat:{ops[0]}"
        if key in expanded:
            continue
        names = " → ".join(str(graph.nodes[op].get("op")) for op in ops[:body][:3])
        names += " …" if body > 3 else ""
        folds.append(_make_fold(graph, key, "repeat", f"×{repeats} {names}", ops, repeats))
    return folds


def fold_graph(
    graph: nx.DiGraph, expanded: frozenset[str] = frozenset(), threshold: int = FOLD_THRESHOLD
) -> tuple[nx.DiGraph, Folding]:
    """The graph with its folds collapsed (unchanged when it has at most `threshold` nodes)."""
    if graph.number_of_nodes() <= threshold:
        return graph, Folding()
    folds = find_folds(graph, expanded)
    if not folds:
        return graph, Folding()
    owner = {node: fold.key for fold in folds for node in fold.hidden}
    folded = TapeGraph(**graph.graph)
    for node, data in graph.nodes(data=True):
        key = owner.get(node)
        if key is None:
            folded.add_node(node, **data)
        elif key not in folded:
            fold = next(f for f in folds if f.key == key)
            folded.add_node(key, kind="fold", label=fold.label, band=fold.band,
                            fold_kind=fold.kind, ops=len(fold.ops),
                            repeats=fold.repeats)  # fmt: skip
    for source, target in graph.edges:
        a, b = owner.get(source, source), owner.get(target, target)
        if a != b and not folded.has_edge(a, b):
            folded.add_edge(a, b)
    _break_cycles(folded)
    return folded, Folding(tuple(folds), MappingProxyType(owner))


def _break_cycles(graph: nx.DiGraph) -> None:
    """Folding can join a scope's two ends around an outside op (a cycle): drop back edges so
    the layered layout still applies."""
    while True:
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            return
        graph.remove_edge(*cycle[-1][:2])
