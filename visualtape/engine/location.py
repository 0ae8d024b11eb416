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
from types import BuiltinFunctionType, CodeType, FrameType, MethodType, ModuleType

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


def user_frame(depth: int = 1) -> FrameType | None:
    """The innermost frame outside the visualtape package (the user's code), if any.

    The walk starts `depth` frames up (1: the caller); the frames below it must be
    visualtape's own. `sys._getframe(depth)` skips them without making frame objects, which
    reading `f_back` would (Python 3.11 makes them lazily).
    """
    frame: FrameType | None = sys._getframe(depth)
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


def user_location(depth: int = 1) -> SourceLocation | None:
    """The user's file, line and function at this moment (during a tf.function replay: the
    line of the function body the running node was traced from).

    `depth`: the frame the search starts from (1: the caller); the frames below it must be
    visualtape's own.
    """
    replayed = replayed_location.get()
    if replayed is not None:
        return replayed
    frame = user_frame(depth + 1)  # (runs for every op recorded with a sink attached)
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
        _scan(scope.copy(), names)  # (a copy: another thread may change the namespace)
    return names


def _scan(scope: dict[str, object], names: dict[str, str]) -> None:
    """Add the tensors of one namespace to `names`; later bindings of an id win."""
    skip = _never_tensors
    for name, value in scope.items():
        kind = type(value)
        if kind in skip:
            continue
        if isinstance(value, Tensor):
            if not name.startswith("_"):
                names[str(value._id)] = name
        elif _never_a_tensor(kind):
            if len(skip) >= _MAX_NEVER_TENSORS:
                skip.clear()
            skip.add(kind)


# NOTE: the scan above runs at every gradient call and tape exit with a sink attached, over the
# whole module namespace of the user's script. `isinstance` on a non-tensor also looks up the
# object's `__class__` (a proxy may claim to be a Tensor), which made the scan the costliest
# part of a small program's events. Types whose instances cannot claim another class are
# remembered and skipped by one set lookup; the answer stays exactly isinstance's.
_never_tensors: set[type] = set()
_MAX_NEVER_TENSORS = 1000
# The attribute lookups of these types find `__class__` on the type first (a data descriptor),
# so it is always the instance's own type (unlike, say, weakref.proxy's).
_PLAIN_GETATTRIBUTE = tuple(
    vars(kind)["__getattribute__"]
    for kind in (object, type, ModuleType, MethodType, BuiltinFunctionType, int, float, complex)
    + (str, bytes, list, tuple, dict, set, frozenset, range, slice)
)


def _never_a_tensor(kind: type) -> bool:
    """Whether no instance of `kind` can pass `isinstance(instance, Tensor)`."""
    if issubclass(kind, Tensor):
        return False
    for klass in kind.__mro__:
        if klass is object:
            continue
        if "__class__" in klass.__dict__:
            return False
        getattribute = klass.__dict__.get("__getattribute__")
        if getattribute is not None and getattribute not in _PLAIN_GETATTRIBUTE:
            return False
    return True
