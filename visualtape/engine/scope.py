"""Name scopes: records made inside `name_scope("dense_1")` carry that scope for folding.

>>> from visualtape.engine.recording import scopes
>>> with name_scope("dense_1"):
...     scopes.get()
('dense_1',)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from visualtape.engine.recording import scopes


@contextlib.contextmanager
def name_scope(name: str) -> Iterator[str]:
    """Nest a scope name for every op recorded inside the block."""
    token = scopes.set(scopes.get() + (str(name),))
    try:
        yield "/".join(scopes.get())
    finally:
        scopes.reset(token)
