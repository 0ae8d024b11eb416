"""Titles of the sample gallery: the first docstring line of each `samples/*.py`, translated.

A sample whose title is not here is listed in English (the test suite checks that every
sample shipped in `samples/` is).
"""

from visualtape.i18n.entry import Entry

ENTRIES: tuple[Entry, ...] = (
    (
        "First gradient: dz/dx through a sum and a square",
        "첫 그래디언트: 합과 제곱을 거치는 dz/dx",
        "はじめての勾配: 和と二乗を通る dz/dx",
    ),
    (
        "Gradient with respect to an intermediate value (dz/dy)",
        "중간값에 대한 그래디언트 (dz/dy)",
        "中間値に対する勾配 (dz/dy)",
    ),
    (
        "Persistent tape: two gradients from one recording",
        "지속성 테이프: 한 번의 기록으로 두 그래디언트",
        "永続テープ: 1 回の記録から 2 つの勾配",
    ),
    (
        "A non-persistent tape can answer only once",
        "지속성이 없는 테이프는 한 번만 답할 수 있다",
        "永続でないテープは 1 回しか答えられない",
    ),
    (
        "Python control flow: the tape records only what actually ran",
        "파이썬 제어 흐름: 테이프는 실제로 실행된 연산만 기록한다",
        "Python の制御フロー: テープは実際に実行された演算だけを記録する",
    ),
    (
        "Higher-order gradients with nested tapes",
        "중첩 테이프로 구하는 고계도 그래디언트",
        "入れ子のテープで求める高次勾配",
    ),
    (
        "Variables are watched, constants are not",
        "Variable은 감시되고, 상수는 감시되지 않는다",
        "Variable は監視され、定数は監視されない",
    ),
    (
        "Linear regression by hand: GradientTape + assign_sub",
        "직접 만드는 선형 회귀: GradientTape + assign_sub",
        "手書きの線形回帰: GradientTape + assign_sub",
    ),
    (
        "Classification with train_step / test_step and tf.function",
        "train_step / test_step과 tf.function으로 분류하기",
        "train_step / test_step と tf.function による分類",
    ),
    (
        "A tiny GAN: two tapes, two losses, two optimizers",
        "작은 GAN: 테이프 둘, 손실 둘, 옵티마이저 둘",
        "小さな GAN: 2 つのテープ、2 つの損失、2 つのオプティマイザ",
    ),
    (
        "tf.function: when does it trace, when does it only run?",
        "tf.function: 언제 트레이싱하고, 언제 실행만 할까?",
        "tf.function: いつトレースし、いつ実行だけするのか?",
    ),
    (
        "Jacobian: every output's gradient, one row each",
        "야코비안: 출력마다 그래디언트를 한 행씩",
        "ヤコビアン: 出力ごとの勾配を 1 行ずつ",
    ),
)
