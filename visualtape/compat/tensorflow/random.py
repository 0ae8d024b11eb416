"""tf.random: seeded draws (same seed, same numbers on every run; not TensorFlow's numbers)."""

from visualtape.compat.tensorflow._effects import normal, shuffle, truncated_normal, uniform
from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.random import set_seed

__all__ = ["normal", "set_seed", "shuffle", "truncated_normal", "uniform"]
__getattr__ = missing_attribute("tf.random", globals())
