"""A non-persistent tape can answer only once

The first gradient() call works (dz/dx = 108) and releases the tape.
The second call raises RuntimeError: we catch it and print TensorFlow's
message, so the lecture shows the error without stopping the script.
"""

import tensorflow as tf

x = tf.constant(3.0)

# An ordinary (non-persistent) tape / 일반 테이프 / 通常のテープ
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    z = y * y

dz_dx = tape.gradient(z, x)
print("dz/dx =", dz_dx.numpy())

# The recording is gone now: asking again is an error
# 첫 gradient() 호출 뒤 기록이 해제됩니다 / 最初の gradient() の後で記録は解放されます
try:
    dy_dx = tape.gradient(y, x)
except RuntimeError as error:
    message = str(error)
    print("RuntimeError:", message)
else:
    raise AssertionError("a non-persistent tape answered twice")

assert dz_dx.numpy() == 108.0
assert "persistent" in message
