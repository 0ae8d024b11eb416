"""`tf.summary`: scalars go to visualtape's live plots (no event files are written).

>>> writer = create_file_writer("logs")
>>> with writer.as_default():
...     scalar("accuracy", 0.5, step=1)
False
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from visualtape.engine.logging import summary_scalar as scalar

__all__ = ["SummaryWriter", "create_file_writer", "scalar"]


class SummaryWriter:
    """Stands for TensorBoard's writer: scalars go to visualtape whether or not it is default."""

    def __init__(self, logdir: str) -> None:
        self.logdir = logdir

    @contextlib.contextmanager
    def as_default(self, step: Any = None) -> Iterator[SummaryWriter]:
        yield self

    def flush(self) -> None:
        """Nothing is buffered."""

    def close(self) -> None:
        """Nothing to close."""


def create_file_writer(logdir: str, **_options: Any) -> SummaryWriter:
    return SummaryWriter(str(logdir))
