"""The seed tutorials' programs (TF autodiff guide, Variables vs constants) and their numbers.

Each test runs the tutorial's code on our engine and checks the numbers the tutorial documents
and the text a `print` shows, as TensorFlow prints it.
"""

from __future__ import annotations

import numpy as np
import pytest

from visualtape import engine as ve


def test_gradient_of_sum_squared_wrt_input(capsys: pytest.CaptureFixture[str]) -> None:
    x = ve.ones((2, 2))
    with ve.GradientTape() as t:
        t.watch(x)
        y = ve.reduce_sum(x)
        z = ve.multiply(y, y)
    print("y : ", y)
    print("z : ", z)
    dz_dx = t.gradient(z, x)
    for i in [0, 1]:
        for j in [0, 1]:
            assert dz_dx[i][j].numpy() == 8.0
    print("dz_dx : ", dz_dx)
    assert capsys.readouterr().out == (
        "y :  tf.Tensor(4.0, shape=(), dtype=float32)\n"
        "z :  tf.Tensor(16.0, shape=(), dtype=float32)\n"
        "dz_dx :  tf.Tensor(\n[[8. 8.]\n [8. 8.]], shape=(2, 2), dtype=float32)\n"
    )


def test_gradient_wrt_intermediate_value(capsys: pytest.CaptureFixture[str]) -> None:
    x = ve.ones((2, 2))
    with ve.GradientTape() as t:
        t.watch(x)
        y = ve.reduce_sum(x)
        z = ve.multiply(y, y)
    dz_dy = t.gradient(z, y)
    assert dz_dy.numpy() == 8.0
    print("dz_dy : ", dz_dy)
    assert capsys.readouterr().out == "dz_dy :  tf.Tensor(8.0, shape=(), dtype=float32)\n"


def test_persistent_tape_two_gradients(capsys: pytest.CaptureFixture[str]) -> None:
    x = ve.constant(3.0)
    with ve.GradientTape(persistent=True) as t:
        t.watch(x)
        y = x * x
        z = y * y
    dz_dx = t.gradient(z, x)  # 108.0 (4*x^3 at x = 3)
    dy_dx = t.gradient(y, x)  # 6.0
    del t
    print("dz_dx : ", dz_dx)
    print("dy_dx : ", dy_dx)
    assert capsys.readouterr().out == (
        "dz_dx :  tf.Tensor(108.0, shape=(), dtype=float32)\n"
        "dy_dx :  tf.Tensor(6.0, shape=(), dtype=float32)\n"
    )


def _f(x: ve.Tensor, y: int) -> ve.Tensor | float:
    output: ve.Tensor | float = 1.0
    for i in range(y):
        if i > 1 and i < 5:
            output = ve.multiply(output, x)
    return output


def _grad(x: ve.Tensor, y: int) -> ve.Tensor:
    with ve.GradientTape() as t:
        t.watch(x)
        out = _f(x, y)
    return t.gradient(out, x)


def test_control_flow_is_recorded_as_it_runs(capsys: pytest.CaptureFixture[str]) -> None:
    x = ve.convert_to_tensor(2.0)
    assert _grad(x, 6).numpy() == 12.0
    assert _grad(x, 5).numpy() == 12.0
    assert _grad(x, 4).numpy() == 4.0
    print(_grad(x, 6).numpy())
    print(_grad(x, 4).numpy())
    assert capsys.readouterr().out == "12.0\n4.0\n"


def test_higher_order_gradient_with_nested_tapes(capsys: pytest.CaptureFixture[str]) -> None:
    x = ve.Variable(1.0)
    with ve.GradientTape() as t:
        with ve.GradientTape() as t2:
            y = x * x * x
        dy_dx = t2.gradient(y, x)
    d2y_dx2 = t.gradient(dy_dx, x)
    assert dy_dx.numpy() == 3.0
    assert d2y_dx2.numpy() == 6.0
    print(dy_dx.numpy())
    print(d2y_dx2.numpy())
    assert capsys.readouterr().out == "3.0\n6.0\n"


def test_variables_product_gradients(capsys: pytest.CaptureFixture[str]) -> None:
    t1 = ve.Variable([1, 2, 3], dtype="float32")
    t2 = ve.Variable([10, 20, 30], dtype="float32")
    with ve.GradientTape() as tape:
        t3 = t1 * t2
    print(t1.numpy())
    print(t3.numpy())
    gradients = tape.gradient(t3, [t1, t2])
    print(type(gradients))
    print("d_t1", gradients[0])
    print("d_t2", gradients[1])
    assert capsys.readouterr().out == (
        "[1. 2. 3.]\n[10. 40. 90.]\n<class 'list'>\n"
        "d_t1 tf.Tensor([10. 20. 30.], shape=(3,), dtype=float32)\n"
        "d_t2 tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)\n"
    )


def test_variables_sum_of_product_gradients() -> None:
    t1 = ve.Variable([1, 2, 3], dtype="float32")
    t2 = ve.Variable([10, 20, 30], dtype="float32")
    with ve.GradientTape() as tape:
        t3 = t1 * t2
        t4 = t3 + t2
    d_t1, d_t2, d_t3 = tape.gradient(t4, [t1, t2, t3])
    np.testing.assert_array_equal(d_t1.numpy(), [10.0, 20.0, 30.0])
    np.testing.assert_array_equal(d_t2.numpy(), [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(d_t3.numpy(), [1.0, 1.0, 1.0])
    assert d_t1.dtype == "float32"


def test_constant_input_gets_no_gradient(capsys: pytest.CaptureFixture[str]) -> None:
    t1 = ve.constant([1, 2, 3], dtype="float32")
    t2 = ve.Variable([10, 20, 30], dtype="float32")
    with ve.GradientTape() as tape:
        t3 = t1 * t2
        t4 = t3 + t2  # noqa: F841 (the tutorial computes it but differentiates t3)
    gradients = tape.gradient(t3, [t1, t2])
    print("d_t1", gradients[0])
    print("d_t2", gradients[1])
    assert capsys.readouterr().out == (
        "d_t1 None\nd_t2 tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)\n"
    )


def test_printed_variables_look_like_tf(capsys: pytest.CaptureFixture[str]) -> None:
    print(ve.Variable([1, 2, 3], dtype="float32"))
    print(ve.Variable(1.0))
    assert capsys.readouterr().out == (
        "<tf.Variable 'Variable:0' shape=(3,) dtype=float32, "
        "numpy=array([1., 2., 3.], dtype=float32)>\n"
        "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>\n"
    )


def test_repr_of_tensors_looks_like_tf() -> None:
    assert repr(ve.constant(108.0)) == "<tf.Tensor: shape=(), dtype=float32, numpy=108.0>"
    assert repr(ve.constant([1.0, 2.0])) == (
        "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>"
    )
    assert repr(ve.ones((2, 2))) == (
        "<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\n"
        "array([[1., 1.],\n       [1., 1.]], dtype=float32)>"
    )
    assert repr(ve.constant([1, 2])) == (
        "<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>"
    )


def test_linear_regression_sgd_reaches_the_line() -> None:
    # The Variables-vs-constants note: y = 3x + 1 learnt by per-sample SGD from w = b = -1.
    ve.random.set_seed(0)
    x_data = ve.random.normal(shape=(1000,), dtype="float32")
    y_data = 3 * x_data + 1
    w, b = ve.Variable(-1.0), ve.Variable(-1.0)
    learning_rate = 0.01
    for x, y in zip(x_data, y_data, strict=True):
        with ve.GradientTape() as tape:
            prediction = w * x + b
            loss = (prediction - y) ** 2
        gradients = tape.gradient(loss, [w, b])
        w = ve.Variable(w - learning_rate * gradients[0])
        b = ve.Variable(b - learning_rate * gradients[1])
    assert float(w) == pytest.approx(3.0, abs=1e-3)
    assert float(b) == pytest.approx(1.0, abs=1e-3)
