"""The scenes of the tapes a canvas showed: built from a `SceneSpec` once, kept for the
KEPT_SCENES most recent tapes (switching back never rebuilds), and handed over to the next tape
of a training loop when it draws the same picture (`same_shape_keys`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QGraphicsScene

from visualtape.ui.canvas_edges import EdgeItem, EdgeLayer, edge_layers
from visualtape.ui.canvas_items import FoldItem, NodeItem, OpItem, TensorItem
from visualtape.ui.scene_spec import SceneSpec, same_shape_keys

KEPT_SCENES = 8  # scenes of recently shown tapes kept for instant switching (long trainings)


@dataclass
class TapeScene:
    """The items of one tape's scene, kept so switching tapes never rebuilds."""

    scene: QGraphicsScene
    spec: SceneSpec
    nodes: dict[str, NodeItem] = field(default_factory=dict)
    edges: dict[tuple[str, str], EdgeItem] = field(default_factory=dict)
    layers: list[EdgeLayer] = field(default_factory=list)
    active_edges: set[tuple[str, str]] = field(default_factory=set)
    looks_serial: int | None = None  # the FrameLooks the items show now


class SceneCache:
    """Scenes by tape id, the most recently shown last."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._tapes: dict[int, TapeScene] = {}

    def get(self, tape_id: int) -> TapeScene | None:
        return self._tapes.get(tape_id)

    def scene_for(self, spec: SceneSpec, shown: TapeScene | None) -> tuple[TapeScene, bool]:
        """(the scene for `spec`, whether it was built new): the tape's own scene if it was
        built from this very spec, else the `shown` scene re-keyed when it draws the same
        picture, else a new one."""
        built = self._tapes.pop(spec.tape_id, None)
        if built is None and shown is not None and self._adopt(shown, spec):
            built = shown
        fresh = built is None or built.spec != spec
        if fresh:
            if built is not None:
                built.scene.deleteLater()
            built = build_scene(spec, self._parent)
        assert built is not None
        self._tapes[spec.tape_id] = built
        while len(self._tapes) > KEPT_SCENES:
            self._tapes.pop(next(iter(self._tapes))).scene.deleteLater()
        return built, fresh

    def _adopt(self, built: TapeScene, spec: SceneSpec) -> bool:
        """Hand `built` to `spec`'s tape when it draws the same picture under other keys (each
        training step records the same program on a new tape): re-keying its items takes ~1 ms
        where building them takes 15-30, which kept the live plots stalling. The old tape's
        scene is rebuilt if it is shown again."""
        mapping = same_shape_keys(built.spec, spec)
        if mapping is None:
            return False
        self._tapes.pop(built.spec.tape_id, None)
        new_nodes = {node.key: node for node in spec.nodes}
        built.nodes = {mapping[key]: item for key, item in built.nodes.items()}
        for key, item in built.nodes.items():
            item.spec = new_nodes[key]
        built.edges = {(mapping[s], mapping[t]): arrow for (s, t), arrow in built.edges.items()}
        built.active_edges = {(mapping[s], mapping[t]) for s, t in built.active_edges}
        built.looks_serial = None  # the next looks are the new tape's: restyle every item
        built.spec = spec
        return True

    def clear(self) -> None:
        for built in self._tapes.values():
            built.scene.deleteLater()
        self._tapes = {}


def build_scene(spec: SceneSpec, parent: QObject) -> TapeScene:
    """Items for every node and edge of `spec` (arrows enter the scene only while active)."""
    scene = QGraphicsScene(parent)
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    built = TapeScene(scene=scene, spec=spec)
    for node in spec.nodes:
        item: NodeItem = (
            OpItem(node)
            if node.is_op
            else FoldItem(node)
            if node.kind == "fold"
            else TensorItem(node)
        )
        built.nodes[node.key] = item
        scene.addItem(item)
    pairs = []
    for edge in spec.edges:
        source, target = built.nodes.get(edge.source), built.nodes.get(edge.target)
        if source is None or target is None:
            continue
        pairs.append((source, target))
        # Not in the scene until active: hidden items would still cost every region query.
        built.edges[(edge.source, edge.target)] = EdgeItem(source, target)
    built.layers = edge_layers(pairs)
    for layer in built.layers:
        scene.addItem(layer)
    # NoIndex while adding (fast first show), then a BSP index: at readable zoom only a
    # corner of a big graph is painted, and the index finds it without asking every item.
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
    # Generous margins: gradient chips grow wider than their boxes as calls run, and
    # fitInView cannot show what lies outside the scene rect.
    rect = scene.itemsBoundingRect().adjusted(-600, -300, 600, 400)
    scene.setSceneRect(rect)
    return built
