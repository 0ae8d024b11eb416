"""tf.keras.optimizers."""

from visualtape.compat.unsupported import Namespace, missing_attribute
from visualtape.engine.nn.optimizers import SGD, Adagrad, Adam, Optimizer, RMSprop, get

legacy = Namespace(
    "tf.keras.optimizers.legacy",
    SGD=SGD,
    Adam=Adam,
    RMSprop=RMSprop,
    Adagrad=Adagrad,
    Optimizer=Optimizer,
)

__all__ = ["SGD", "Adagrad", "Adam", "Optimizer", "RMSprop", "get", "legacy"]
__getattr__ = missing_attribute("tf.keras.optimizers", globals())
