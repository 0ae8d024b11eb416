"""tf.keras.layers."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.nn.functional import Input
from visualtape.engine.nn.layers import Activation, Dense, Flatten, InputLayer, Layer, Reshape

__all__ = ["Activation", "Dense", "Flatten", "Input", "InputLayer", "Layer", "Reshape"]
__getattr__ = missing_attribute("tf.keras.layers", globals())
