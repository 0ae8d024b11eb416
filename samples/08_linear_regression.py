"""Linear regression by hand: GradientTape + assign_sub

1,000 points on y = 3x + 1 (plus a little noise). w and b start at -1 and
plain gradient descent (learning rate 0.01) walks them to 3 and 1.
Watch the loss fall and the (w, b) path slide down the loss surface.
"""

import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
x_data = tf.random.normal((1000,), dtype=tf.float32)
noise = tf.random.normal((1000,), stddev=0.1, dtype=tf.float32)
y_data = 3.0 * x_data + 1.0 + noise

w = tf.Variable(-1.0, name="w")
b = tf.Variable(-1.0, name="b")
learning_rate = 0.01


def loss_surface(w_grid, b_grid):
    """Mean squared error at every (w, b) of two same-shaped numpy grids (np.meshgrid).

    Hook for the live loss-surface plot, which draws the (w, b) path on top; training
    does not use it. The square is expanded, so big grids stay cheap.
    """
    x, y = x_data.numpy().astype("float64"), y_data.numpy().astype("float64")
    w, b = np.asarray(w_grid, dtype="float64"), np.asarray(b_grid, dtype="float64")
    sxx, sx, sxy, sy, syy = (np.mean(v) for v in (x * x, x, x * y, y, y * y))
    return w * w * sxx + 2 * w * b * sx + b * b - 2 * w * sxy - 2 * b * sy + syy


# Plain gradient descent / 경사하강법 / 勾配降下法
for step in range(301):
    # Record the forward pass / 순전파를 기록합니다 / 順伝播を記録します
    with tf.GradientTape() as tape:
        prediction = w * x_data + b
        loss = tf.reduce_mean(tf.square(prediction - y_data))
    dw, db = tape.gradient(loss, [w, b])
    # Update in place; the Variables stay the same objects
    # 변수를 제자리에서 갱신합니다 / 変数をその場で更新します
    w.assign_sub(learning_rate * dw)
    b.assign_sub(learning_rate * db)
    if step % 50 == 0:
        print(f"step {step:3d}  loss {loss.numpy():.4f}  w {w.numpy():.3f}  b {b.numpy():.3f}")

print(f"final: w = {w.numpy():.3f}, b = {b.numpy():.3f}")
assert abs(w.numpy() - 3.0) < 0.05
assert abs(b.numpy() - 1.0) < 0.05
