"""First gradient: dz/dx through a sum and a square

The tape records two ops: reduce_sum (y = 4) and multiply (z = y * y = 16).
Watch the backward pass: dz/dy = 2y = 8, and the sum hands that 8 to every
element of x, so dz/dx is a 2x2 matrix of 8.0.
"""

import tensorflow as tf

x = tf.ones((2, 2))

# Record the forward pass / 순전파를 기록합니다 / 順伝播を記録します
with tf.GradientTape() as tape:
    # x is a constant, so the tape must be told to watch it
    # 상수는 직접 watch 해야 합니다 / 定数は明示的に watch します
    tape.watch(x)
    y = tf.reduce_sum(x)
    z = tf.multiply(y, y)

print("y =", y.numpy())
print("z =", z.numpy())

# Derivative of z with respect to the input x
# 입력 x에 대한 z의 도함수 / 入力 x に対する z の微分
dz_dx = tape.gradient(z, x)
print("dz/dx =", dz_dx.numpy().tolist())

for i in [0, 1]:
    for j in [0, 1]:
        assert dz_dx[i][j].numpy() == 8.0
