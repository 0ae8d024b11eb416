"""The `tf` namespace: names the seeds and guides use exist and behave like TensorFlow's."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape.compat import tensorflow
from visualtape.engine import trace
from visualtape.engine.events import PrintOutput


@pytest.fixture
def tf():  # type: ignore[no-untyped-def]
    """Our `tf` namespace (what `import tensorflow as tf` gives a script), seeded."""
    tensorflow.random.set_seed(0)
    return tensorflow


def test_seed_names_exist(tf) -> None:
    for name in (
        "GradientTape",
        "Variable",
        "function",
        "multiply",
        "float32",
        "reduce_sum",
        "ones",
        "constant",
        "convert_to_tensor",
        "print",
        "random",
        "keras",
        "data",
        "cast",
        "reshape",
        "one_hot",
        "argmax",
        "equal",
        "UnconnectedGradients",
        "float64",
        "int32",
        "dtypes",
        "Tensor",
        "TensorShape",
        "errors",
        "name_scope",
        "shape",
        "stop_gradient",
        "identity",
        "where",
        "clip_by_value",
        "concat",
        "stack",
        "ones_like",
        "zeros",
        "zeros_like",
        "fill",
        "range",
        "linspace",
        "eye",
        "newaxis",
        "Module",
        "TensorSpec",
        "nn",
        "math",
        "linalg",
        "config",
    ):
        assert hasattr(tf, name), name


def test_math_aliases_and_nn(tf) -> None:
    x = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    assert tf.math.add(x, 1.0).numpy().tolist() == tf.add(x, 1.0).numpy().tolist()
    assert tf.nn.relu(x).numpy().tolist() == [[1.0, 0.0], [3.0, 0.5]]
    np.testing.assert_allclose(
        tf.reduce_sum(tf.nn.softmax(x), axis=1).numpy(), [1.0, 1.0], rtol=1e-6
    )
    assert tf.argmax(x, axis=1).numpy().tolist() == [0, 0]
    assert tf.one_hot([0, 2], 3).numpy().tolist() == [[1, 0, 0], [0, 0, 1]]
    assert tf.keras.losses.mse([[1.0, 1.0]], [[0.0, 3.0]]).numpy().tolist() == [2.5]


def test_nn_cross_entropies_match_numpy(tf) -> None:
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    labels = np.array([0, 1])
    log_p = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, tf.constant(logits))
    np.testing.assert_allclose(sparse.numpy(), -log_p[[0, 1], labels], rtol=1e-12)
    dense = tf.nn.softmax_cross_entropy_with_logits(np.eye(3)[labels], tf.constant(logits))
    np.testing.assert_allclose(dense.numpy(), -log_p[[0, 1], labels], rtol=1e-12)
    z = np.array([1.0, 0.0, 1.0])
    x = np.array([-30.0, 0.3, 40.0])
    sig = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    expected = np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))
    np.testing.assert_allclose(sig.numpy(), expected, rtol=1e-12)


def test_sparse_label_out_of_range_is_an_error(tf) -> None:
    with pytest.raises(tf.errors.InvalidArgumentError, match="label value of 3"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([3], tf.constant([[0.0, 1.0, 2.0]]))


def test_tf_print_goes_to_stderr_and_to_the_sink(tf, capsys) -> None:
    tf.print("loss:", tf.constant(0.25), [1, 2])
    assert capsys.readouterr().err == "loss: 0.25 [1, 2]\n"
    with trace.collecting() as events:
        tf.print(tf.constant([1.0, 2.0]))
    assert events == [PrintOutput(text="[1 2]\n", stream="tf.print")]


def test_tf_print_writes_floats_as_tf_does(tf, capsys) -> None:
    # TF's float printing: 6 significant digits, or 9 when 6 would not read back exactly
    # (seed 004 prints a loss of ln 10 as 2.30258512); float64 uses 15, then 17.
    tf.print(tf.constant(2.30258512), tf.constant(2.0), tf.constant([1.5, 1 / 3]))
    tf.print(tf.constant(0.1, tf.float64), tf.constant(1 / 3, tf.float64), tf.constant(np.nan))
    assert capsys.readouterr().err.splitlines() == [
        "2.30258512 2 [1.5 0.333333343]",
        "0.1 0.33333333333333331 nan",
    ]


def test_a_shape_prints_as_a_tuple_like_tf(tf) -> None:
    assert str(tf.ones((2, 2)).shape) == "(2, 2)"
    assert str(tf.constant(1.0).shape) == "()" and str(tf.ones(3).shape) == "(3,)"
    assert repr(tf.ones((2, 2)).shape) == "TensorShape([2, 2])"


def test_dtypes_and_errors(tf) -> None:
    assert tf.constant(1.0).dtype == tf.float32
    assert tf.cast(tf.constant(1.5), tf.int32).numpy() == 1
    assert issubclass(tf.errors.InvalidArgumentError, tf.errors.OpError)
    assert tf.TensorShape([2, 3]).as_list() == [2, 3]


def test_seeded_random_ops_continue_their_sequence_like_tf(tf) -> None:
    # tf.random.set_seed docs: the same op seed gives A1 then A2; set_seed restarts it.
    tf.random.set_seed(1)
    first = tf.random.uniform([2], seed=7).numpy()
    second = tf.random.uniform([2], seed=7).numpy()
    assert not np.array_equal(first, second)
    tf.random.set_seed(1)
    np.testing.assert_array_equal(tf.random.uniform([2], seed=7).numpy(), first)
    np.testing.assert_array_equal(tf.random.uniform([2], seed=7).numpy(), second)
    tf.random.set_seed(2)  # the global seed takes part
    assert not np.array_equal(tf.random.uniform([2], seed=7).numpy(), first)


def test_clip_by_value_follows_the_tf_doc_examples(tf) -> None:
    # https://www.tensorflow.org/api_docs/python/tf/clip_by_value
    t = tf.constant([[-10.0, -1.0, 0.0], [0.0, 2.0, 10.0]])
    clipped = tf.clip_by_value(t, clip_value_min=[[2.0], [1.0]], clip_value_max=100.0)
    assert clipped.numpy().tolist() == [[2.0, 2.0, 2.0], [1.0, 2.0, 10.0]]
    with pytest.raises(TypeError):
        tf.clip_by_value(tf.constant([1, 5]), 1.5, 3.5)  # int tensor, float bounds
    assert tf.clip_by_value(t, -1, 1).numpy().tolist() == [[-1.0, -1.0, 0.0], [0.0, 1.0, 1.0]]


def test_stack_and_gather_follow_tf_dtypes_and_index_rules(tf) -> None:
    assert tf.stack([1, 2.0]).dtype == tf.float32  # converted together, as TF does
    assert tf.stack([tf.constant(1.0), 2]).numpy().tolist() == [1.0, 2.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="different dtypes"):
        tf.stack([tf.constant(1.0), tf.constant(1)])
    # https://www.tensorflow.org/api_docs/python/tf/gather: indices must be in [0, size)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"-1 is not in \[0, 3\)"):
        tf.gather(tf.constant([1.0, 2.0, 3.0]), [-1])
    assert tf.gather(tf.constant([1.0, 2.0, 3.0]), [2, 0]).numpy().tolist() == [3.0, 1.0]
