"""tf.errors: the exception types scripts catch."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.errors import InvalidArgumentError, OpError, UnimplementedError


class NotFoundError(OpError):
    pass


class ResourceExhaustedError(OpError):
    pass


class OutOfRangeError(OpError):
    pass


class FailedPreconditionError(OpError):
    pass


class UnknownError(OpError):
    pass


__all__ = [
    "FailedPreconditionError",
    "InvalidArgumentError",
    "NotFoundError",
    "OpError",
    "OutOfRangeError",
    "ResourceExhaustedError",
    "UnimplementedError",
    "UnknownError",
]
__getattr__ = missing_attribute("tf.errors", globals())
