"""Unsupported or misspelt TF APIs fail loudly, naming the API and the script line."""

from __future__ import annotations

import inspect

import pytest

from visualtape.compat import tensorflow
from visualtape.compat.unsupported import UnsupportedAPIError


@pytest.fixture
def tf():  # type: ignore[no-untyped-def]
    """Our `tf` namespace (what `import tensorflow as tf` gives a script), seeded."""
    tensorflow.random.set_seed(0)
    return tensorflow


def _line_after() -> int:
    return inspect.currentframe().f_back.f_lineno + 1  # type: ignore[union-attr]


def test_unsupported_module_attribute_names_api_and_line(tf) -> None:
    line = _line_after()
    with pytest.raises(UnsupportedAPIError) as info:
        tf.signal.fft  # noqa: B018
    message = str(info.value)
    assert "tf.signal.fft is not supported by visualtape yet" in message
    assert f"test_unsupported.py:{line + 1}" in message
    assert isinstance(info.value, AttributeError)


def test_typo_suggests_the_real_name(tf) -> None:
    with pytest.raises(
        AttributeError,
        match=r"tf\.GradientTap does not exist .*did you mean "
        r"tf\.GradientTape\?",
    ):
        tf.GradientTap  # noqa: B018


def test_real_but_missing_keras_layer_is_not_called_a_typo(tf) -> None:
    with pytest.raises(UnsupportedAPIError, match="tf.keras.layers.Conv2D is not supported"):
        tf.keras.layers.Conv2D  # noqa: B018


@pytest.mark.parametrize(
    "path",
    [
        "nn.conv2d",
        "math.lgamma",
        "random.poisson",
        "data.TFRecordDataset",
        "keras.callbacks.EarlyStopping",
        "errors.AbortedError",
    ],
)
def test_submodules_raise_with_full_path(tf, path: str) -> None:
    owner = tf
    *parents, last = path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    with pytest.raises(UnsupportedAPIError, match=f"tf.{path}"):
        getattr(owner, last)


def test_fit_explains_what_to_do_instead(tf) -> None:
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    with pytest.raises(NotImplementedError, match="GradientTape"):
        model.fit([[1.0]], [[1.0]])


def test_dunder_probes_are_plain_attribute_errors(tf) -> None:
    assert not hasattr(tf, "__wrapped__")
    assert tf.__version__ == "2.x-visualtape"
