"""tf.keras.initializers."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.nn.initializers import (
    Constant,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    Initializer,
    LecunNormal,
    Ones,
    RandomNormal,
    RandomUniform,
    VarianceScaling,
    Zeros,
    constant,
    get,
    glorot_normal,
    glorot_uniform,
    he_normal,
    he_uniform,
    ones,
    random_normal,
    random_uniform,
    zeros,
)

__all__ = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Initializer",
    "LecunNormal", "Ones", "RandomNormal", "RandomUniform", "VarianceScaling", "Zeros",
    "constant", "get", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "ones",
    "random_normal", "random_uniform", "zeros",
]
__getattr__ = missing_attribute("tf.keras.initializers", globals())
