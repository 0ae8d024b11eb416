"""tf.function: when does it trace, when does it only run?

A Python print runs while tf.function traces the function (building its
graph); tf.print runs on every call. Same dtype and shape: one trace.
A new shape traces again, and every new Python number traces again too:
pass tensors, not Python numbers, to a tf.function.
"""

import tensorflow as tf


@tf.function
def double(x):
    # Python side effect: only while tracing / 트레이싱할 때만 실행 / トレース時だけ実行
    print("  tracing with", x)
    # Graph op: every call / 호출할 때마다 실행 / 呼び出しのたびに実行
    tf.print("  running with", x)
    return x * 2


def call(label, argument):
    print(label)
    double(argument)
    count = double.experimental_get_tracing_count()
    print("  traces so far:", count)
    return count


counts = [
    call("float32 scalar 1.0:", tf.constant(1.0)),
    call("float32 scalar 2.0 (same signature, no new trace):", tf.constant(2.0)),
    call("float32 vector, a new shape (retrace):", tf.constant([1.0, 2.0])),
    call("Python int 3 (retrace):", 3),
    call("Python int 4 (retrace again):", 4),
    call("Python int 3 again (already traced):", 3),
]

print("tracing counts:", counts)
assert counts == [1, 1, 2, 3, 4, 4]
