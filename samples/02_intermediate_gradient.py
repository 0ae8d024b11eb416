"""Gradient with respect to an intermediate value (dz/dy)

Same computation as the first sample, but we ask for the gradient with
respect to y, a value produced inside the tape: dz/dy = 2 * y = 8.0.
The backward walk still goes on through reduce_sum (x is watched, as in
TensorFlow), but only y's gradient is returned.
"""

import tensorflow as tf

x = tf.ones((2, 2))

# Record the forward pass / 순전파를 기록합니다 / 順伝播を記録します
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.reduce_sum(x)
    z = tf.multiply(y, y)

print("y =", y.numpy())
print("z =", z.numpy())

# Any recorded tensor can be a source, not only the inputs
# 중간값 y에 대한 도함수를 구합니다 / 中間値 y に対する微分を求めます
dz_dy = tape.gradient(z, y)
print("dz/dy =", dz_dy.numpy())

assert dz_dy.numpy() == 8.0
