"""The `>>>` examples in the package's docstrings (engine, session, i18n, ui) run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import visualtape.engine
import visualtape.i18n
import visualtape.session
import visualtape.ui

MODULES = sorted(
    [
        info.name
        for package in (visualtape.engine, visualtape.session, visualtape.i18n, visualtape.ui)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    ]
    + ["visualtape.i18n"]
)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {module_name}"
