"""Finding the user's source line and variable names from inside the engine.

Frames that belong to the visualtape package (engine, compat, nn) are skipped, so a record made by
`tf.multiply(y, y)` points at the user's line, not at our wrappers.

>>> user_frame() is not None
True
"""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from types import CodeType, FrameType

from visualtape.engine.events import SourceLocation
from visualtape.engine.tensor import Tensor

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_INTERNAL_PREFIXES = (_PACKAGE_DIR + os.sep, "<frozen ", "<string>")


_internal_cache: dict[str, bool] = {}


def _is_internal(filename: str) -> bool:
    """Frames of visualtape itself and of stdlib plumbing (contextlib, runpy, threading)."""
    internal = _internal_cache.get(filename)
    if internal is None:
        internal = filename.startswith(_INTERNAL_PREFIXES) or os.path.basename(filename) in (
            "contextlib.py",
            "runpy.py",
            "threading.py",
        )
        _internal_cache[filename] = internal
    return internal


def user_frame() -> FrameType | None:
    """The innermost frame outside the visualtape package (the user's code), if any."""
    frame: FrameType | None = sys._getframe(1)
    cached = _internal_cache.get  # the walk runs per recorded op when a sink is attached
    while frame is not None:
        filename = frame.f_code.co_filename
        internal = cached(filename)
        if internal is None:
            internal = _is_internal(filename)
        if not internal:
            break
        frame = frame.f_back
    return frame


# (code, line) -> its SourceLocation: one frozen object per line of user code, shared by every
# event made there (a loop body's ops share theirs). Cleared when large (e.g. exec'd code).
_locations: dict[tuple[CodeType, int], SourceLocation] = {}
_MAX_LOCATIONS = 10_000


# A tf.function replay runs no Python body: it sets the line each traced node came from.
replayed_location: ContextVar[SourceLocation | None] = ContextVar(
    "visualtape_replayed_location", default=None
)


def user_location() -> SourceLocation | None:
    """The user's file, line and function at this moment (during a tf.function replay: the
    line of the function body the running node was traced from)."""
    replayed = replayed_location.get()
    if replayed is not None:
        return replayed
    frame = user_frame()
    if frame is None:
        return None
    code = frame.f_code
    key = (code, frame.f_lineno)
    location = _locations.get(key)
    if location is None:
        if len(_locations) >= _MAX_LOCATIONS:
            _locations.clear()
        location = _locations[key] = SourceLocation(code.co_filename, key[1], code.co_name)
    return location


def describe(location: SourceLocation | None) -> str:
    """'file.py:12' for error messages (empty when unknown)."""
    if location is None:
        return ""
    return f"{os.path.basename(location.file)}:{location.line}"


def tensor_names_in_user_frame() -> dict[str, str]:
    """Map str(tensor id) -> local variable name for tensors visible in the user's frame."""
    frame = user_frame()
    if frame is None:
        return {}
    names: dict[str, str] = {}
    scopes = [frame.f_globals, frame.f_locals]
    if scopes[1] is scopes[0]:  # module-level code: one dict, scanned once
        del scopes[1]
    for scope in scopes:
        for name, value in list(scope.items()):
            if isinstance(value, Tensor) and not name.startswith("_"):
                names[str(value._id)] = name
    return names
