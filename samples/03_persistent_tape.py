"""Persistent tape: two gradients from one recording

A normal tape frees its recording after the first gradient() call.
With persistent=True the same recording answers several questions:
dz/dx = 4x^3 = 108 at x = 3, and dy/dx = 2x = 6. Watch the tapes panel:
both gradient calls sit under one tape, which is never marked spent.
"""

import tensorflow as tf

x = tf.constant(3.0)

# persistent=True keeps the recording after gradient()
# 지속성 테이프는 여러 번 gradient()를 호출할 수 있습니다
# 永続テープは gradient() を何度でも呼べます
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y

dz_dx = tape.gradient(z, x)  # 4 * x**3 = 108.0
dy_dx = tape.gradient(y, x)  # 2 * x = 6.0

# Drop the reference so the recording can be freed
# 테이프에 대한 참조를 삭제합니다 / テープへの参照を削除します
del tape

print("dz/dx =", dz_dx.numpy())
print("dy/dx =", dy_dx.numpy())

assert dz_dx.numpy() == 108.0
assert dy_dx.numpy() == 6.0
