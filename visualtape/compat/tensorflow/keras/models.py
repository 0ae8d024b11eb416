"""tf.keras.models."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.nn.models import Model, Sequential

__all__ = ["Model", "Sequential"]
__getattr__ = missing_attribute("tf.keras.models", globals())
