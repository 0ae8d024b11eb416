"""Jacobian: every output's gradient, one row each

gradient() sums over the outputs; jacobian() keeps them apart. For
y = x * x the Jacobian is diagonal (2x on the diagonal), and the gradient of
y is its column sums. For z = sum(x) * x every output depends on every input.
"""

import tensorflow as tf

x = tf.constant([1.0, 2.0, 3.0])

# Three questions, so a persistent tape / 질문이 세 개라 persistent / 質問が三つで persistent
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = tf.reduce_sum(x) * x

# One row per output element / 출력 원소마다 한 행 / 出力の要素ごとに一行
jac_y = tape.jacobian(y, x)
jac_z = tape.jacobian(z, x)
grad_y = tape.gradient(y, x)
del tape

print("dy/dx (Jacobian):\n", jac_y.numpy())
print("dz/dx (Jacobian):\n", jac_z.numpy())
# gradient() adds the rows together / gradient()는 행을 더합니다 / gradient() は行を足します
print("gradient of y:", grad_y.numpy())

assert jac_y.numpy().tolist() == [[2.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 6.0]]
# z_i = s * x_i with s = 6, so dz_i/dx_j = s * [i == j] + x_i
assert jac_z.numpy().tolist() == [[7.0, 1.0, 1.0], [2.0, 8.0, 2.0], [3.0, 3.0, 9.0]]
assert grad_y.numpy().tolist() == jac_y.numpy().sum(axis=0).tolist()
