"""Tensor, Variable and dtype behaviour as TensorFlow users know it."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

from visualtape import engine as ve

# --- construction and dtypes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dtype"),
    [
        (3.0, "float32"),
        ([1.0, 2.0], "float32"),
        (3, "int32"),
        ([[1, 2]], "int32"),
        (True, "bool"),
        (np.float64(1.5), "float64"),
        (np.arange(3), "int64"),
        (np.ones(2, dtype=np.float16), "float16"),
    ],
)
def test_constant_default_dtypes_follow_tf(value: object, dtype: str) -> None:
    assert ve.constant(value).dtype == dtype


def test_constant_with_dtype_and_shape() -> None:
    t = ve.constant(1, dtype="float64", shape=(2, 3))
    assert t.dtype == np.float64 and t.dtype == "float64"
    assert t.shape == (2, 3) and t.shape.as_list() == [2, 3] and t.shape.rank == 2
    assert repr(t.shape) == "TensorShape([2, 3])"
    np.testing.assert_array_equal(t.numpy(), np.ones((2, 3)))


def test_constant_copies_its_numpy_input() -> None:
    source = np.array([1.0, 2.0])
    t = ve.constant(source)
    source[0] = 99.0
    assert t.numpy()[0] == 1.0


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_numpy_operand_of_an_op_is_copied_not_frozen(side: str) -> None:
    # TF copies a numpy operand: the user's array stays writable, and changing it (or the
    # array it is a view of) later changes neither the result nor the gradient.
    data = np.ones(4, dtype=np.float32)
    batch = data[:3]
    w = ve.Variable(2.0)
    with ve.GradientTape() as tape:
        y = w * batch if side == "left" else batch * w
    assert batch.flags.writeable and data.flags.writeable
    data *= 10.0
    batch[0] = -1.0
    assert y.numpy().tolist() == [2.0, 2.0, 2.0]
    assert float(tape.gradient(y, w)) == 3.0


def test_tensor_values_are_read_only_and_numpy_returns_a_copy() -> None:
    t = ve.constant([1.0, 2.0])
    copy = t.numpy()
    copy[0] = 5.0
    assert t.numpy()[0] == 1.0
    with pytest.raises(ValueError):
        np.asarray(t)[0] = 5.0


def test_scalar_numpy_is_a_numpy_scalar() -> None:
    value = ve.constant(2.5).numpy()
    assert isinstance(value, np.float32) and value == 2.5


def test_python_scalars_adopt_the_tensor_dtype() -> None:
    x64 = ve.constant(1.5, dtype="float64")
    assert (x64 * 2.0).dtype == "float64"
    assert (2 + x64).dtype == "float64"
    assert (2.0 - ve.constant(1.0)).dtype == "float32"
    assert (ve.constant(3) + 1).dtype == "int32"
    assert (ve.constant(3, dtype="int64") * 2).dtype == "int64"


def test_mixed_float_dtypes_raise_invalid_argument_like_tf() -> None:
    a = ve.constant(1.0)
    b = ve.constant(1.0, dtype="float64")
    with pytest.raises(ve.InvalidArgumentError, match="float32.*float64|float64.*float32"):
        a * b
    with pytest.raises(ve.InvalidArgumentError):
        ve.add(ve.constant([1, 2]), ve.constant([1.0, 2.0]))


def test_float_scalar_on_an_integer_tensor_raises_type_error() -> None:
    with pytest.raises(TypeError):
        ve.constant(3) * 2.5


def test_integer_true_division_gives_float64_like_tf() -> None:
    result = ve.constant([1, 2]) / ve.constant([2, 4])
    assert result.dtype == "float64"
    np.testing.assert_array_equal(result.numpy(), [0.5, 0.5])


def test_invalid_float_results_are_silent_like_tf() -> None:
    # TF returns nan/inf without a word; numpy's RuntimeWarnings must not reach the user.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(ve.log(ve.constant(-1.0)).numpy())
        assert np.isinf((ve.constant(1.0) / ve.constant(0.0)).numpy())
        assert np.isinf(ve.exp(ve.constant(1000.0)).numpy())


def test_dtype_objects_compare_like_tf() -> None:
    dtype = ve.constant(1.0).dtype
    assert dtype == "float32" and dtype == np.float32 and dtype == ve.as_dtype("float32")
    assert dtype.is_floating and not dtype.is_integer
    assert repr(dtype) == "tf.float32"
    assert str(dtype) == "<dtype: 'float32'>"


# --- operators ------------------------------------------------------------------------------------


def test_arithmetic_operators_and_reflected_forms() -> None:
    x = ve.constant([2.0, 4.0])
    cases = {
        "add": (x + 1, [3, 5]),
        "radd": (1 + x, [3, 5]),
        "sub": (x - 1, [1, 3]),
        "rsub": (1 - x, [-1, -3]),
        "mul": (x * 2, [4, 8]),
        "rmul": (2 * x, [4, 8]),
        "div": (x / 2, [1, 2]),
        "rdiv": (8 / x, [4, 2]),
        "pow": (x**2, [4, 16]),
        "rpow": (2**x, [4, 16]),
        "neg": (-x, [-2, -4]),
        "abs": (abs(-x), [2, 4]),
        "pos": (+x, [2, 4]),
        "floordiv": (x // 3, [0, 1]),
        "mod": (x % 3, [2, 1]),
    }
    for name, (got, want) in cases.items():
        np.testing.assert_array_equal(got.numpy(), want, err_msg=name)
        assert got.dtype == "float32", name


def test_matmul_operator_and_reflected_matmul() -> None:
    a = ve.constant([[1.0, 2.0]])
    b = ve.constant([[3.0], [4.0]])
    assert (a @ b).numpy().tolist() == [[11.0]]
    assert (np.array([[1.0, 2.0]], dtype=np.float32) @ b).numpy().tolist() == [[11.0]]


def test_numpy_arrays_defer_to_tensor_operators() -> None:
    x = ve.constant([1.0, 2.0], dtype="float64")
    result = np.array([10.0, 20.0]) * x
    assert isinstance(result, ve.Tensor)
    np.testing.assert_array_equal(result.numpy(), [10.0, 40.0])


def test_comparisons_give_bool_tensors() -> None:
    x = ve.constant([1.0, 2.0, 3.0])
    assert (x > 1.5).numpy().tolist() == [False, True, True]
    assert (x == 2.0).numpy().tolist() == [False, True, False]
    assert (x != 2.0).numpy().tolist() == [True, False, True]
    assert ((x > 1.5) & (x < 2.5)).numpy().tolist() == [False, True, False]
    assert (~(x > 1.5)).numpy().tolist() == [True, False, False]
    assert bool(ve.constant(2.0) > 1.0)


def test_tensors_are_unhashable_but_have_refs() -> None:
    x = ve.constant(1.0)
    with pytest.raises(TypeError):
        hash(x)
    table = {x.ref(): "x"}
    assert table[x.ref()] == "x" and x.ref().deref() is x


def test_indexing_iteration_and_length() -> None:
    x = ve.constant([[1.0, 2.0], [3.0, 4.0]])
    assert len(x) == 2
    assert [row.numpy().tolist() for row in x] == [[1.0, 2.0], [3.0, 4.0]]
    assert x[1][0].numpy() == 3.0 and x[-1, -1].numpy() == 4.0
    with pytest.raises(TypeError):
        len(ve.constant(1.0))


def test_scalar_conversions() -> None:
    assert float(ve.constant(2.5)) == 2.5
    assert int(ve.constant(7)) == 7
    assert [10, 20, 30][ve.constant(1)] == 20
    assert f"{ve.constant(2.0):.2f}" == "2.00"


def test_out_of_range_index_raises_invalid_argument() -> None:
    with pytest.raises(ve.InvalidArgumentError):
        ve.constant([1.0, 2.0])[5]


def test_matmul_shape_mismatch_reads_like_tf_and_names_the_line() -> None:
    # TF: "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]" (numpy's own
    # message speaks of gufunc core dimensions).
    line = inspect.currentframe().f_lineno + 2  # type: ignore[union-attr]
    with pytest.raises(ve.InvalidArgumentError) as raised:
        ve.matmul(ve.ones((2, 3)), ve.ones((2, 3)))
    message = str(raised.value)
    assert message.startswith("Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]")
    assert "inner dimensions 3 and 2 differ" in message and "[Op:MatMul]" in message
    assert f"(at test_tensor.py:{line})" in message
    with pytest.raises(ve.InvalidArgumentError, match="after the transposes"):
        ve.matmul(ve.ones((2, 3)), ve.ones((3, 2)), transpose_a=True)
    assert ve.matmul(ve.ones((2, 3)), ve.ones((2, 3)), transpose_b=True).shape == (2, 2)


def test_convert_to_tensor_returns_tensors_unchanged() -> None:
    x = ve.constant(1.0)
    assert ve.convert_to_tensor(x) is x
    assert ve.convert_to_tensor([1.0, 2.0]).dtype == "float32"
    with pytest.raises(ValueError):
        ve.convert_to_tensor(x, dtype="float64")


# --- Variables -----------------------------------------------------------------------------------


def test_variable_name_trainable_and_value() -> None:
    v = ve.Variable([1.0, 2.0], name="w")
    assert v.name == "w:0" and v.trainable
    assert ve.Variable(0.0).name == "Variable:0"
    assert not ve.Variable(0.0, trainable=False).trainable
    assert isinstance(v.read_value(), ve.Tensor) and not isinstance(v.read_value(), ve.Variable)
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])


def test_variable_assign_methods_update_in_place_and_return_the_variable() -> None:
    v = ve.Variable([1.0, 2.0])
    assert v.assign([5.0, 6.0]) is v
    np.testing.assert_array_equal(v.numpy(), [5.0, 6.0])
    v.assign_add([1.0, 1.0])
    np.testing.assert_array_equal(v.numpy(), [6.0, 7.0])
    v.assign_sub(ve.constant([0.5, 0.5]))
    np.testing.assert_array_equal(v.numpy(), [5.5, 6.5])
    assert v.dtype == "float32"


def test_variable_assign_keeps_dtype_and_shape() -> None:
    v = ve.Variable(1.0)
    v.assign(3)
    assert v.dtype == "float32" and float(v) == 3.0
    with pytest.raises(ValueError, match="shape"):
        v.assign([1.0, 2.0])


def test_values_read_before_an_assign_do_not_change() -> None:
    v = ve.Variable([1.0, 2.0])
    before = v.read_value()
    doubled = v * 2.0
    v.assign([10.0, 20.0])
    np.testing.assert_array_equal(before.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(doubled.numpy(), [2.0, 4.0])


def test_variable_from_a_callable_initial_value() -> None:
    v = ve.Variable(lambda: ve.zeros((2,)))
    np.testing.assert_array_equal(v.numpy(), [0.0, 0.0])


def test_variable_in_arithmetic_gives_plain_tensors() -> None:
    v = ve.Variable(2.0)
    result = v * 3.0
    assert type(result) is ve.Tensor and float(result) == 6.0


def test_python_ints_beyond_int32_become_int64_as_in_tf() -> None:
    assert ve.constant(2**40).dtype == "int64" and int(ve.constant(2**40)) == 2**40
    assert ve.constant([1, 10**10]).numpy().tolist() == [1, 10**10]
    assert ve.Variable(3_000_000_000).numpy() == 3_000_000_000
    assert ve.constant([1, 2]).dtype == "int32"


def test_comparing_with_none_or_unbroadcastable_shapes_is_false_not_an_error() -> None:
    # TF's tensor_equals: students write `if grad == None:`
    t = ve.constant([1.0, 2.0])
    assert (t == None) is False and (t != None) is True  # noqa: E711
    assert bool(t == ve.constant([1.0, 2.0, 3.0])) is False
    assert bool(t != ve.constant([1.0, 2.0, 3.0])) is True
    assert (t == ve.constant([1.0, 5.0])).numpy().tolist() == [True, False]


def test_a_python_float_beside_an_int_tensor_is_refused_like_tf() -> None:
    with pytest.raises(TypeError, match="Cannot convert 2.0 to EagerTensor of dtype int32"):
        ve.range(3) * 2.0
    assert (ve.range(3) * 2).numpy().tolist() == [0, 2, 4]


@pytest.mark.parametrize("op", ["sqrt", "exp", "log", "sin", "cos", "tanh", "sigmoid"])
def test_float_only_ops_refuse_integer_tensors_like_tf(op: str) -> None:
    fn = getattr(ve, op)
    with pytest.raises(ve.InvalidArgumentError, match="Value for attr 'T' of int32"):
        fn(ve.constant([2, 4]))
    assert fn(ve.constant([2.0, 4.0])).dtype == "float32"
