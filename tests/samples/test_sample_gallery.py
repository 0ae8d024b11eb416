"""The gallery as a whole: expected files, lecture-sized, titled, trilingual, each one tested."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sample_exec import SAMPLES_DIR

EXPECTED = [
    "01_basic_gradient.py",
    "02_intermediate_gradient.py",
    "03_persistent_tape.py",
    "04_non_persistent_error.py",
    "05_control_flow.py",
    "06_higher_order.py",
    "07_variables_vs_constants.py",
    "08_linear_regression.py",
    "09_classification.py",
    "10_gan_two_tapes.py",
    "11_function_retracing.py",
    "12_jacobian.py",
]
MAX_LINES = 60  # a lecturer projects the whole file
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA = re.compile(r"[\u3040-\u30ff]")
# Test files that check numbers (not this file, nor the exit-status smoke test).
NUMBER_TESTS = ["test_sample_tape_basics.py", "test_sample_training.py"]

SAMPLES = sorted(p for p in SAMPLES_DIR.glob("*.py") if not p.name.startswith("_"))


def test_the_gallery_has_the_expected_samples() -> None:
    names = [p.name for p in SAMPLES]
    assert [n for n in EXPECTED if n not in names] == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_is_a_titled_lecture_page(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES
    tree = ast.parse(source)
    doc = ast.get_docstring(tree)
    assert doc, "the docstring's first line is the gallery title"
    title, blank, *body = doc.splitlines()
    assert 0 < len(title) <= 70 and blank == ""
    assert 2 <= len(body) <= 4, "two to four lines on what to watch for"
    assert "import tensorflow as tf" in source
    comments = [line for line in source.splitlines() if line.strip().startswith("#")]
    assert any(HANGUL.search(c) for c in comments), "key comments translated to Korean"
    assert any(KANA.search(c) for c in comments), "key comments translated to Japanese"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_has_a_test_of_its_numbers(path: Path) -> None:
    here = Path(__file__).parent
    tests = "".join((here / name).read_text(encoding="utf-8") for name in NUMBER_TESTS)
    assert f'run_sample("{path.stem}")' in tests, f"no test checks what {path.name} prints"


def test_readme_lists_every_sample() -> None:
    readme = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in SAMPLES if f"`{p.name}`" not in readme] == []
