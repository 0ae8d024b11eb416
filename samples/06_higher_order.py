"""Higher-order gradients with nested tapes

The inner tape differentiates y = x^3 (dy/dx = 3x^2 = 3 at x = 1).
Because that gradient is computed inside the outer tape, the outer tape
records the backward ops too, and can differentiate them again:
d2y/dx2 = 6x = 6.
"""

import tensorflow as tf

# A trainable Variable is watched automatically
# 변수는 자동으로 watch 됩니다 / 変数は自動的に watch されます
x = tf.Variable(1.0)

with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        y = x * x * x
    # Computed inside `outer`, so this gradient is itself recorded
    # 이 그래디언트 연산도 바깥 테이프에 기록됩니다
    # この勾配計算も外側のテープに記録されます
    dy_dx = inner.gradient(y, x)

d2y_dx2 = outer.gradient(dy_dx, x)

print("dy/dx   =", dy_dx.numpy())
print("d2y/dx2 =", d2y_dx2.numpy())

assert dy_dx.numpy() == 3.0
assert d2y_dx2.numpy() == 6.0
