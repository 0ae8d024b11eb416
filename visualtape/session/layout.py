"""Layered left-to-right layout of a tape graph (inputs left, targets right).

A small Sugiyama-style pipeline: longest-path layers (leaf tensors pulled next to their first
consumer), barycentre sweeps to reduce crossings (the best ordering seen is kept, counted with a
Fenwick tree), then y coordinates pulled towards neighbours with a minimum gap. Ops an outer tape
recorded while an inner tape computed a gradient (band "gradient") are ordered separately and
placed in a band below the forward ops. Deterministic: ties break by graph insertion order, which
is record order.

NOTE: no layout dependency is added. Graphviz `dot` needs a system binary (and pygraphviz a C
build), grandalf is unmaintained and slower than this for 10k nodes; networkx's
`multipartite_layout` does not minimise crossings.

>>> import networkx as nx
>>> g = nx.DiGraph([("t1", "op1"), ("op1", "t2")])
>>> compute_layout(g).positions["t2"]
(2.0, 0.0)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx

LAYER_SPACING = 1.0
ROW_SPACING = 1.0
BAND_GAP = 1.5
SWEEPS = 6


@dataclass(frozen=True)
class Layout:
    """Node positions in abstract units: x = layer × 1.0, y = row × 1.0 (y grows downwards).

    `band_top` is the y where the gradient band (nested-tape gradient ops) starts, or None.
    """

    positions: Mapping[str, tuple[float, float]]
    layers: Mapping[str, int]
    width: float
    height: float
    band_top: float | None = None
    crossings: int = 0

    def __len__(self) -> int:
        return len(self.positions)


def assign_layers(graph: nx.DiGraph) -> dict[str, int]:
    """Longest path from the inputs; leaves sit one layer left of their earliest consumer."""
    layer: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        preds = graph.pred[node]
        layer[node] = max((layer[p] + 1 for p in preds), default=0)
    for node in graph:
        if not graph.pred[node] and graph.succ[node]:
            layer[node] = max(0, min(layer[s] for s in graph.succ[node]) - 1)
    return layer


def _bands(graph: nx.DiGraph) -> dict[str, int]:
    """0 for forward nodes, 1 for the gradient band."""
    return {n: 1 if band == "gradient" else 0 for n, band in graph.nodes(data="band")}


def _initial_order(graph: nx.DiGraph, layer: dict[str, int], band: dict) -> list[list[str]]:
    """Per (band, layer) the nodes in insertion order; rows indexed band * depth + layer."""
    depth = max(layer.values(), default=0) + 1
    rows: list[list[str]] = [[] for _ in range(2 * depth)]
    for node in graph:
        rows[band[node] * depth + layer[node]].append(node)
    return rows


def _sweep(rows: list[list[str]], pos: dict[str, float], neighbours: dict, forward: bool) -> None:
    """Reorder each row by the barycentre of its neighbours' current positions."""
    order = range(len(rows)) if forward else range(len(rows) - 1, -1, -1)
    for r in order:
        row = rows[r]
        if len(row) < 2:
            continue
        keyed = []
        for i, node in enumerate(row):
            adj = neighbours[node]
            bary = sum([pos[n] for n in adj]) / len(adj) if adj else pos[node]
            keyed.append((bary, i, node))
        keyed.sort()
        for i, (_, _, node) in enumerate(keyed):
            row[i] = node
            pos[node] = float(i)


def adjacent_edges(graph: nx.DiGraph, layer: dict[str, int]) -> dict[int, list[tuple[str, str]]]:
    """Edges joining layer k to layer k + 1, per k (long edges are left out of crossing counts)."""
    by_layer: dict[int, list[tuple[str, str]]] = {}
    for u, v in graph.edges():
        if layer[v] == layer[u] + 1:
            by_layer.setdefault(layer[u], []).append((u, v))
    return by_layer


def count_crossings(by_layer: dict[int, list[tuple[str, str]]], pos: dict[str, float]) -> int:
    """Crossings among edges between adjacent layers (a Fenwick tree per layer pair)."""
    total = 0
    for edges in by_layer.values():
        pairs = sorted((pos[u], pos[v]) for u, v in edges)
        targets = sorted({p[1] for p in pairs})
        rank = {t: i + 1 for i, t in enumerate(targets)}
        size = len(targets)
        tree = [0] * (size + 1)
        for seen, (_, target) in enumerate(pairs):
            k = j = rank[target]
            below = 0  # earlier edges ending at or above this target
            while j > 0:
                below += tree[j]
                j -= j & -j
            total += seen - below
            while k <= size:
                tree[k] += 1
                k += k & -k
    return total


def _order(
    graph: nx.DiGraph, layer: dict[str, int], band: dict[str, int]
) -> tuple[list[list[str]], int]:
    rows = _initial_order(graph, layer, band)
    pos = {node: float(i) for row in rows for i, node in enumerate(row)}
    preds = _same_band(graph, graph.pred, band)
    succs = _same_band(graph, graph.succ, band)
    adjacent = adjacent_edges(graph, layer)
    best = [list(r) for r in rows]
    best_crossings = count_crossings(adjacent, pos)
    for sweep in range(SWEEPS):
        if best_crossings == 0:
            break
        _sweep(rows, pos, preds if sweep % 2 == 0 else succs, forward=sweep % 2 == 0)
        crossings = count_crossings(adjacent, pos)
        if crossings < best_crossings:
            best, best_crossings = [list(r) for r in rows], crossings
    return best, best_crossings


def _place_row(row: list[str], y: dict[str, float], neighbours: dict) -> None:
    """Move a row's nodes towards their neighbours' mean y, keeping order and ROW_SPACING."""
    desired = []
    for node in row:
        adj = [y[n] for n in neighbours[node] if n in y]
        desired.append(sum(adj) / len(adj) if adj else y[node])
    placed = list(desired)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + ROW_SPACING)
    shift = sum(d - p for d, p in zip(desired, placed, strict=True)) / len(placed)
    for node, value in zip(row, placed, strict=True):
        y[node] = value + shift


def _same_band(graph: nx.DiGraph, adjacency: Mapping, band: dict[str, int]) -> dict:
    return {n: [m for m in adjacency[n] if band[m] == band[n]] for n in graph}


def _assign_y(graph: nx.DiGraph, rows: list[list[str]], band: dict[str, int]) -> dict[str, float]:
    y = {node: i * ROW_SPACING for row in rows for i, node in enumerate(row)}
    preds = _same_band(graph, graph.pred, band)
    succs = _same_band(graph, graph.succ, band)
    for neighbours, order in ((preds, rows), (succs, rows[::-1]), (preds, rows)):
        for row in order:
            if row:
                _place_row(row, y, neighbours)
    return y


# Recent layouts by graph shape. A training loop records the same program on a new tape every
# step: same nodes in the same order under new ids, so its layout is the last one, renamed.
SHAPES_KEPT = 8
_by_shape: dict[tuple, tuple[list[str], Layout]] = {}
_by_shape_lock = threading.Lock()  # big graphs are laid out in a worker thread


def graph_shape(graph: nx.DiGraph) -> tuple:
    """Everything the layout reads, with nodes as their insertion index instead of their key:
    bands, and every node's successors and predecessors in adjacency order (which fixes the
    topological order and the sweeps' tie-breaks). Equal shapes get equal layouts."""
    index = {node: i for i, node in enumerate(graph)}
    bands = tuple(band == "gradient" for _, band in graph.nodes(data="band"))
    succ = tuple(tuple(index[m] for m in graph.succ[n]) for n in graph)
    pred = tuple(tuple(index[m] for m in graph.pred[n]) for n in graph)
    return bands, succ, pred


def compute_layout(graph: nx.DiGraph) -> Layout:
    """Positions for every node of `graph` (a tape graph from `visualtape.session.graph`);
    a graph shaped like a recent one reuses its layout under the new keys.

    >>> a = compute_layout(nx.DiGraph([("t1", "op1"), ("op1", "t2")]))
    >>> compute_layout(nx.DiGraph([("t7", "op5"), ("op5", "t8")])).positions["t8"]
    (2.0, 0.0)
    """
    shape = graph_shape(graph)
    with _by_shape_lock:
        known = _by_shape.pop(shape, None)
    if known is None:
        layout = _compute_layout(graph)
    else:
        layout = _renamed(known[1], dict(zip(known[0], graph, strict=True)))
    with _by_shape_lock:
        _by_shape[shape] = (list(graph), layout)
        while len(_by_shape) > SHAPES_KEPT:
            del _by_shape[next(iter(_by_shape))]
    return layout


def _renamed(layout: Layout, new_key: dict[str, str]) -> Layout:
    positions = {new_key[n]: p for n, p in layout.positions.items()}
    layers = {new_key[n]: layer for n, layer in layout.layers.items()}
    return Layout(
        MappingProxyType(positions),
        MappingProxyType(layers),
        layout.width,
        layout.height,
        layout.band_top,
        layout.crossings,
    )


def _compute_layout(graph: nx.DiGraph) -> Layout:
    if graph.number_of_nodes() == 0:
        return Layout(MappingProxyType({}), MappingProxyType({}), 0.0, 0.0)
    layer = assign_layers(graph)
    band = _bands(graph)
    rows, crossings = _order(graph, layer, band)
    y = _assign_y(graph, rows, band)
    depth = len(rows) // 2
    forward = [n for row in rows[:depth] for n in row]
    gradient = [n for row in rows[depth:] for n in row]
    top = min((y[n] for n in forward), default=0.0)
    bottom = max((y[n] - top for n in forward), default=-BAND_GAP)
    band_top, shift = None, 0.0
    if gradient:
        band_top = bottom + BAND_GAP
        shift = band_top - min(y[n] for n in gradient)
    positions = {n: (layer[n] * LAYER_SPACING, y[n] - top) for n in forward}
    positions.update({n: (layer[n] * LAYER_SPACING, y[n] + shift) for n in gradient})
    return Layout(
        positions=MappingProxyType(positions),
        layers=MappingProxyType(layer),
        width=max(p[0] for p in positions.values()),
        height=max(p[1] for p in positions.values()),
        band_top=band_top,
        crossings=crossings,
    )
