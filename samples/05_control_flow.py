"""Python control flow: the tape records only what actually ran

f(x, n) multiplies by x on the loop steps i = 2, 3, 4 that fall below n.
The tape sees plain ops, never the for/if themselves, so each call builds
a different graph: x^3 for n = 6 and 5 (gradient 3x^2 = 12), x^2 for n = 4
(gradient 2x = 4).
"""

import tensorflow as tf


def f(x, n):
    output = 1.0
    for i in range(n):
        # Only steps 2, 3 and 4 multiply / i가 2~4일 때만 곱합니다 / i が 2~4 のときだけ掛けます
        if 1 < i < 5:
            output = tf.multiply(output, x)
    return output


def grad(x, n):
    # Record one run of f / f의 실행을 기록합니다 / f の実行を記録します
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = f(x, n)
    return tape.gradient(out, x)


x = tf.convert_to_tensor(2.0)

results = {}
for n in [6, 5, 4]:
    results[n] = grad(x, n).numpy()
    print(f"n = {n}: df/dx at x = 2 is {results[n]}")

assert results[6] == 12.0
assert results[5] == 12.0
assert results[4] == 4.0
