"""Make `import tensorflow` resolve to `visualtape.compat.tensorflow` (installed in the child only).

A `sys.meta_path` finder answers for the alias name and every dotted name under it, so
`import tensorflow as tf`, `import tensorflow.keras` and `from tensorflow import keras` all land
on our namespace, whether or not real TensorFlow is installed. A submodule maps to the target's
submodule when there is one, else to the attribute of the same name (e.g. a `keras` namespace
object); a name with neither raises `ModuleNotFoundError` naming the unsupported module.

>>> alias = ModuleAlias("tensorflow", "visualtape.compat.tensorflow")
>>> alias.target_name("tensorflow.keras.layers")
'visualtape.compat.tensorflow.keras.layers'
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

TENSORFLOW_TARGET = "visualtape.compat.tensorflow"


class ModuleAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finder and loader that serves `alias[.sub...]` from `target[.sub...]`."""

    def __init__(self, alias: str, target: str) -> None:
        self.alias = alias
        self.target = target
        # id(resolved object) -> its own __spec__, which the import system overwrites.
        self._original_specs: dict[int, object] = {}

    def target_name(self, fullname: str) -> str:
        """The target module name that stands for `fullname`."""
        return self.target + fullname[len(self.alias) :]

    def _covers(self, fullname: str) -> bool:
        return fullname == self.alias or fullname.startswith(self.alias + ".")

    # --- MetaPathFinder ---------------------------------------------------------------------

    def find_spec(
        self,
        fullname: str,
        path: object = None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not self._covers(fullname):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    # --- Loader -----------------------------------------------------------------------------

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        resolved = self._resolve(spec.name)
        # The import system stamps our alias spec onto the object; remember what to restore.
        self._original_specs[id(resolved)] = getattr(resolved, "__spec__", None)
        return resolved  # type: ignore[return-value]

    def exec_module(self, module: types.ModuleType) -> None:
        original = self._original_specs.pop(id(module), None)
        if original is not None:
            with contextlib.suppress(AttributeError):
                setattr(module, "__spec__", original)  # noqa: B010 - not a ModuleSpec to mypy
        if isinstance(module, types.ModuleType) and not hasattr(module, "__path__"):
            # Lets `import tensorflow.x.y` look below a plain (non-package) target module.
            module.__path__ = []

    def _resolve(self, fullname: str) -> object:
        """The module (or namespace object) that `fullname` stands for."""
        target = self.target_name(fullname)
        try:
            return importlib.import_module(target)
        except ModuleNotFoundError as error:
            if error.name != target:
                raise  # something inside the target failed to import: keep that error
        parent_name, _, attribute = fullname.rpartition(".")
        if parent_name:
            parent = sys.modules.get(parent_name) or importlib.import_module(parent_name)
            if hasattr(parent, attribute):
                return getattr(parent, attribute)
        raise ModuleNotFoundError(
            f"visualtape does not support the module {fullname!r} "
            f"(there is no {target!r} in its TensorFlow compatibility layer)",
            name=fullname,
        )


def install(alias: str = "tensorflow", target: str = TENSORFLOW_TARGET) -> ModuleAlias:
    """Put an alias finder first on `sys.meta_path` and forget any already-imported alias."""
    finder = ModuleAlias(alias, target)
    for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
        del sys.modules[name]
    sys.meta_path.insert(0, finder)
    return finder


def uninstall(finder: ModuleAlias) -> None:
    """Remove `finder` and the alias entries it put into `sys.modules` (tests)."""
    if finder in sys.meta_path:
        sys.meta_path.remove(finder)
    alias = finder.alias
    for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
        del sys.modules[name]
