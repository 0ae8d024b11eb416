"""Variables are watched, constants are not

With Variables t1 and t2, t4 = t1 * t2 + t2 gives dt4/dt1 = t2 = [10, 20, 30],
dt4/dt2 = t1 + 1 = [2, 3, 4] (two paths add up) and dt4/dt3 = [1, 1, 1].
Then t1 becomes a constant: the tape never watched it, so its gradient is None.
"""

import tensorflow as tf

t1 = tf.Variable([1, 2, 3], dtype=tf.float32)
t2 = tf.Variable([10, 20, 30], dtype=tf.float32)

# Record the forward pass / 순전파를 기록합니다 / 順伝播を記録します
with tf.GradientTape() as tape:
    t3 = t1 * t2
    t4 = t3 + t2

d_t1, d_t2, d_t3 = tape.gradient(t4, [t1, t2, t3])
print("d_t1 =", d_t1.numpy())  # = t2
# t2 reaches t4 twice (through t3 and directly): the two gradients add
# t2는 두 경로로 t4에 닿으므로 기울기가 더해집니다
# t2 は二つの経路で t4 に届くので勾配が足されます
print("d_t2 =", d_t2.numpy())
print("d_t3 =", d_t3.numpy())  # t3 is only added, so ones

# A constant is an input that training never updates, so the tape does not
# watch it (no tape.watch call here) and has nothing to say about it: None.
# 상수는 갱신되지 않는 입력이라 테이프가 추적하지 않습니다 → None
# 定数は更新されない入力なのでテープは追跡しません → None
c1 = tf.constant([1, 2, 3], dtype=tf.float32)
with tf.GradientTape() as tape:
    c3 = c1 * t2
    c4 = c3 + t2

d_c1, d_t2_again = tape.gradient(c4, [c1, t2])
print("d_c1 =", d_c1)
print("d_t2 =", d_t2_again.numpy())

assert d_t1.numpy().tolist() == [10.0, 20.0, 30.0]
assert d_t2.numpy().tolist() == [2.0, 3.0, 4.0]
assert d_t3.numpy().tolist() == [1.0, 1.0, 1.0]
assert d_c1 is None
assert d_t2_again.numpy().tolist() == [2.0, 3.0, 4.0]
