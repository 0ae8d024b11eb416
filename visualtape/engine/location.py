"""Finding the user's source line and variable names from inside the engine.

Frames that belong to the visualtape package (engine, compat, nn) are skipped, so a record made by
`tf.multiply(y, y)` points at the user's line, not at our wrappers.

>>> user_frame() is not None
True
"""

from __future__ import annotations

import os
import sys
from types import FrameType

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
            "contextlib.py", "runpy.py", "threading.py")
        _internal_cache[filename] = internal
    return internal


def user_frame() -> FrameType | None:
    """The innermost frame outside the visualtape package (the user's code), if any."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame = frame.f_back
    return frame


def user_location() -> SourceLocation | None:
    """The user's file, line and function at this moment."""
    frame = user_frame()
    if frame is None:
        return None
    return SourceLocation(frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)


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
    for scope in (frame.f_globals, frame.f_locals):
        for name, value in list(scope.items()):
            if isinstance(value, Tensor) and not name.startswith("_"):
                names[str(value._id)] = name
    return names
