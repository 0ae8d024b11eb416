"""The `>>>` examples in the engine and session docstrings run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import visualtape.engine
import visualtape.session

MODULES = sorted(
    info.name
    for package in (visualtape.engine, visualtape.session)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {module_name}"
