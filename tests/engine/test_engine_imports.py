"""The engine imports numpy and the standard library only: never Qt, never the GUI's libraries."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import visualtape.engine

ENGINE_DIR = Path(visualtape.engine.__file__).parent
ALLOWED_THIRD_PARTY = {"numpy"}
# Created by the interpreter or by numpy's compiled extensions, not imported packages.
RUNTIME_MODULES = {"cython_runtime", "sitecustomize", "usercustomize"}
FORBIDDEN = (
    "PySide6",
    "shiboken6",
    "pyqtgraph",
    "PyQt5",
    "PyQt6",
    "superqt",
    "networkx",
    "matplotlib",
    "tensorflow",
    "torch",
)


def _package_of(path: Path) -> str:
    """The dotted package a source file belongs to ("visualtape.engine.ops" for ops/x.py)."""
    parts = path.relative_to(ENGINE_DIR.parent.parent).with_suffix("").parts
    return ".".join(parts if path.name == "__init__.py" else parts[:-1]).removesuffix(".__init__")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    package = _package_of(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # A relative import resolved against the file's own package: `from ..ui import x`
            # in the engine names visualtape.ui, which is not allowed.
            base = (
                importlib.util.resolve_name("." * node.level + (node.module or ""), package)
                if node.level
                else node.module or ""
            )
            names.add(base)
            if node.level and not node.module:  # `from . import ops`: each name is a module
                names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_relative_imports_are_resolved_against_the_files_package() -> None:
    logging_file = ENGINE_DIR / "logging.py"
    assert _package_of(logging_file) == "visualtape.engine"
    assert _package_of(ENGINE_DIR / "ops" / "math_ops.py") == "visualtape.engine.ops"
    assert _package_of(ENGINE_DIR / "__init__.py") == "visualtape.engine"
    package = _package_of(logging_file)
    assert importlib.util.resolve_name("..ui.main_window", package) == "visualtape.ui.main_window"


def test_engine_sources_import_only_numpy_stdlib_and_the_engine() -> None:
    offenders: dict[str, list[str]] = {}
    files = sorted(ENGINE_DIR.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        bad = sorted(
            name
            for name in _imported_modules(path)
            if not (
                name.split(".")[0] in sys.stdlib_module_names
                or name.split(".")[0] in ALLOWED_THIRD_PARTY
                or name == "__future__"
                or name == "visualtape.engine"
                or name.startswith("visualtape.engine.")
            )
        )
        if bad:
            offenders[str(path.relative_to(ENGINE_DIR))] = bad
    assert offenders == {}


def test_importing_the_engine_in_a_fresh_process_loads_no_gui_module() -> None:
    code = (
        "import json, sys\n"
        "import visualtape.engine\n"
        "from visualtape import engine as ve\n"
        "x = ve.constant(2.0)\n"
        "with ve.GradientTape() as t:\n"
        "    t.watch(x)\n"
        "    y = x * x\n"
        "assert float(t.gradient(y, x)) == 4.0\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = json.loads(result.stdout)
    gui = [m for m in loaded if m.split(".")[0] in FORBIDDEN or "Qt" in m.split(".")[0]]
    assert gui == []
    top_level = {m.split(".")[0] for m in loaded}
    unexpected = {
        m
        for m in top_level
        if m not in sys.stdlib_module_names
        and m not in ALLOWED_THIRD_PARTY
        and m not in RUNTIME_MODULES
        and m != "visualtape"
        and not m.startswith("_")
    }
    assert unexpected == set()
    ours = {m for m in loaded if m.startswith("visualtape.")}
    assert all(m.startswith("visualtape.engine") for m in ours), sorted(ours)
