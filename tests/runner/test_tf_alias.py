"""`import tensorflow` served from another package, tested in-process on a throwaway target."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from visualtape.engine import events as ev
from visualtape.runner import tf_alias
from visualtape.runner.process import ScriptRun

ALIAS = "fakeflow"  # not "tensorflow": the test must not disturb a real installation
TARGET = "vt_alias_target"


@pytest.fixture
def alias(tmp_path: Path) -> Iterator[tf_alias.ModuleAlias]:
    package = tmp_path / TARGET
    (package / "keras").mkdir(parents=True)
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """
            import types
            from . import keras
            MARK = "target"
            def constant(v):
                return ("constant", v)
            nn = types.SimpleNamespace(relu=lambda v: max(v, 0))
            """
        )
    )
    (package / "keras" / "__init__.py").write_text("from . import layers\n")
    (package / "keras" / "layers.py").write_text("class Dense:\n    pass\n")
    sys.path.insert(0, str(tmp_path))
    finder = tf_alias.install(ALIAS, TARGET)
    yield finder
    tf_alias.uninstall(finder)
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n == TARGET or n.startswith(TARGET + ".")]:
        del sys.modules[name]


def test_import_resolves_to_the_target(alias: tf_alias.ModuleAlias) -> None:
    tf = importlib.import_module(ALIAS)
    target = importlib.import_module(TARGET)
    assert tf is target and tf.MARK == "target"
    assert tf.constant(1) == ("constant", 1)
    assert tf.__spec__.name == TARGET, "the target keeps its own spec"


def test_submodules_and_from_imports(alias: tf_alias.ModuleAlias) -> None:
    layers = importlib.import_module(f"{ALIAS}.keras.layers")
    assert layers is importlib.import_module(f"{TARGET}.keras.layers")
    namespace: dict[str, object] = {}
    exec(f"from {ALIAS} import keras\nfrom {ALIAS}.keras.layers import Dense", namespace)
    assert namespace["keras"] is sys.modules[f"{TARGET}.keras"]
    assert namespace["Dense"] is layers.Dense


def test_attribute_namespaces_import_as_modules(alias: tf_alias.ModuleAlias) -> None:
    nn = importlib.import_module(f"{ALIAS}.nn")
    assert nn is importlib.import_module(TARGET).nn and nn.relu(-2) == 0


def test_unsupported_submodule_names_itself(alias: tf_alias.ModuleAlias) -> None:
    with pytest.raises(ModuleNotFoundError, match=rf"'{ALIAS}\.contrib'"):
        importlib.import_module(f"{ALIAS}.contrib")


def test_other_imports_are_untouched(alias: tf_alias.ModuleAlias) -> None:
    assert alias.find_spec("json") is None
    assert alias.find_spec(ALIAS + "x") is None
    assert importlib.import_module("json").__name__ == "json"


def test_uninstall_removes_the_alias(tmp_path: Path) -> None:
    finder = tf_alias.install(ALIAS, "json")
    assert importlib.import_module(ALIAS) is importlib.import_module("json")
    tf_alias.uninstall(finder)
    assert finder not in sys.meta_path and ALIAS not in sys.modules
    assert importlib.util.find_spec(ALIAS) is None


def test_tensorflow_in_the_child_is_visualtape(
    write_script: Callable[..., Path], run_to_end: Callable[..., ScriptRun]
) -> None:
    compat = pytest.importorskip("visualtape.compat.tensorflow")
    if getattr(compat, "__file__", None) is None:  # an empty namespace package so far
        pytest.skip("the compat layer visualtape.compat.tensorflow is not written yet")
    path = write_script(
        """
        import tensorflow as tf
        from tensorflow import keras
        import tensorflow.keras
        print(tf.__name__)
        """
    )
    run = run_to_end(path)
    text = "".join(e.text for e in run.events if isinstance(e, ev.PrintOutput))
    assert text == "visualtape.compat.tensorflow\n", run.events
    assert run.exit_code == 0


def test_the_child_installs_the_tensorflow_alias(
    write_script: Callable[..., Path], run_to_end: Callable[..., ScriptRun]
) -> None:
    path = write_script(
        """
        import sys
        finder = sys.meta_path[0]
        print(type(finder).__name__, finder.alias, finder.target)
        """
    )
    text = "".join(e.text for e in run_to_end(path).events if isinstance(e, ev.PrintOutput))
    assert text == "ModuleAlias tensorflow visualtape.compat.tensorflow\n"


def test_the_parent_has_no_alias() -> None:
    assert not any(isinstance(f, tf_alias.ModuleAlias) for f in sys.meta_path)


def test_an_unsupported_tf_api_names_the_api_and_the_script_line(
    write_script: Callable[..., Path], run_to_end: Callable[..., ScriptRun]
) -> None:
    compat = pytest.importorskip("visualtape.compat.tensorflow")
    if getattr(compat, "__file__", None) is None:
        pytest.skip("the compat layer visualtape.compat.tensorflow is not written yet")
    path = write_script("import tensorflow as tf\nx = tf.constant(1.0)\ny = tf.signal.fft(x)\n")
    run = run_to_end(path)
    (error,) = [e for e in run.events if isinstance(e, ev.ScriptError)]
    assert error.error_type == "UnsupportedAPIError" and "tf.signal.fft" in error.message
    assert (error.file, error.line) == (str(path), 3)
    assert [f.file for f in error.frames] == [str(path)]  # no compat-layer frames
    assert run.exit_code == 1
