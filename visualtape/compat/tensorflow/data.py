"""tf.data (a subset): Dataset.from_tensor_slices(...).shuffle(...).batch(...), AUTOTUNE."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.data import AUTOTUNE, Dataset, experimental

__all__ = ["AUTOTUNE", "Dataset", "experimental"]
__getattr__ = missing_attribute("tf.data", globals())
