"""A Keras-like training stack on the engine: layers, models, losses, optimizers, metrics.

Every layer and loss runs its ops inside a `name_scope` (e.g. "dense_1"), so the graph view can
fold a layer into one box.
"""

from visualtape.engine.nn import (
    activations,
    crossentropy,
    functional,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
)

__all__ = [
    "activations",
    "crossentropy",
    "functional",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "optimizers",
]
