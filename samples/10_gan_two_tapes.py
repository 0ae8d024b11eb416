"""A tiny GAN: two tapes, two losses, two optimizers

Real samples come from N(4, 0.5). The generator turns noise into numbers,
the discriminator scores real vs fake. One forward pass is recorded on two
tapes at once; each tape differentiates its own loss. Watch the mean of the
generated samples walk from about 0 toward 4.
"""

import tensorflow as tf

tf.random.set_seed(1)
Dense = tf.keras.layers.Dense
generator = tf.keras.Sequential([Dense(16, activation="relu"), Dense(1)])
discriminator = tf.keras.Sequential([Dense(16, activation="relu"), Dense(1)])
cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)
gen_optimizer = tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.5)
disc_optimizer = tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.5)
BATCH = 64


@tf.function
def train_step(real):
    noise = tf.random.normal((BATCH, 1))
    # One forward pass, recorded by two tapes
    # 한 번의 순전파를 두 테이프가 기록합니다 / 一度の順伝播を二つのテープが記録します
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real, training=True)
        fake_logits = discriminator(fake, training=True)
        # The generator wants its fakes called real (label 1)
        # 생성자는 가짜가 진짜로 판정되길 원합니다 / 生成器は偽物を本物と判定させたい
        gen_loss = cross_entropy(tf.ones_like(fake_logits), fake_logits)
        real_loss = cross_entropy(tf.ones_like(real_logits), real_logits)
        disc_loss = real_loss + cross_entropy(tf.zeros_like(fake_logits), fake_logits)
    # Each tape differentiates its own loss
    # 각 테이프는 자기 손실만 미분합니다 / 各テープは自分の損失だけを微分します
    gen_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
    disc_grads = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
    gen_optimizer.apply_gradients(zip(gen_grads, generator.trainable_variables))
    disc_optimizer.apply_gradients(zip(disc_grads, discriminator.trainable_variables))
    return gen_loss, disc_loss


def generated_mean():
    return float(tf.reduce_mean(generator(tf.random.normal((1000, 1)))))


start_mean = generated_mean()
print(f"start: generated mean {start_mean:.3f}")
for step in range(1, 301):
    real = tf.random.normal((BATCH, 1), mean=4.0, stddev=0.5)
    gen_loss, disc_loss = train_step(real)
    if step % 50 == 0:
        losses = f"gen loss {float(gen_loss):.3f}, disc loss {float(disc_loss):.3f}"
        print(f"step {step}: {losses}, generated mean {generated_mean():.3f}")

final_mean = generated_mean()
print(f"final: generated mean {final_mean:.3f} (target 4.0)")
assert abs(final_mean - 4.0) < abs(start_mean - 4.0)
