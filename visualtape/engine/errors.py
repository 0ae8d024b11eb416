"""Engine errors, named like TensorFlow's (`tf.errors.InvalidArgumentError`, ...)."""

from __future__ import annotations


class OpError(Exception):
    """An op could not run; the message names the op and the user's source line."""

    def __init__(self, message: str, op: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.op = op


class InvalidArgumentError(OpError, ValueError):
    """Bad shapes, dtypes or values for an op."""


class UnimplementedError(OpError):
    """The engine has no implementation for what was asked."""


class LookupError_(OpError, LookupError):
    """A gradient is asked for an op that has none (non-differentiable)."""
