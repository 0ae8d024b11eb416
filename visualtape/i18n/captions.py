"""Caption texts of the timeline (`visualtape.session.timeline`, `visualtape.session.chainrule`):
the seed, backward and result captions, the ops' backward rules and the segment names.

The maths (∂, ×, ÷, =, →, numbers) stays as it is; only the words are translated. In the rules
"upstream" is the gradient arriving from the op's output (상류 / 上流 as in the tutorials).
"""

from visualtape.i18n.entry import Entry

ENTRIES: tuple[Entry, ...] = (
    # --- frames and segments ---
    ("forward", "순전파", "順伝播"),
    (
        "forward · recorded gradient ops (call {call})",
        "순전파 · 기록된 그래디언트 연산 (호출 {call})",
        "順伝播 · 記録された勾配の演算 (呼び出し {call})",
    ),
    ("seed: {parts} = {seeds}", "시드: {parts} = {seeds}", "シード: {parts} = {seeds}"),
    ("result: {parts}", "결과: {parts}", "結果: {parts}"),
    (
        "{kind} failed: {error_type}: {message}",
        "{kind} 실패: {error_type}: {message}",
        "{kind} 失敗: {error_type}: {message}",
    ),
    # why a result is None, in a few words (the inspector says it in a sentence)
    ("not watched", "감시되지 않음", "監視されていない"),
    ("unconnected", "연결되지 않음", "つながっていない"),
    ("integer dtype", "정수 dtype", "整数 dtype"),
    ("spent", "이미 사용된 테이프", "使用済みのテープ"),
    # --- one backward step ---
    ("{head}: not tracked", "{head}: 추적하지 않음", "{head}: 追跡していない"),
    (
        "{head} = {chain}: upstream {upstream}, {rule} → {contribution}",
        "{head} = {chain}: 상류 그래디언트 {upstream}, {rule} → {contribution}",
        "{head} = {chain}: 上流の勾配 {upstream}、{rule} → {contribution}",
    ),
    (
        "{head} += {chain}: upstream {upstream}, {rule} → {contribution}",
        "{head} += {chain}: 상류 그래디언트 {upstream}, {rule} → {contribution}",
        "{head} += {chain}: 上流の勾配 {upstream}、{rule} → {contribution}",
    ),
    (
        "{rule}, summed over the broadcast axes",
        "{rule}, 브로드캐스트된 축을 따라 합산",
        "{rule}、ブロードキャストされた軸で合計",
    ),
    ("{kind}(failed) #{number}", "{kind}(실패) #{number}", "{kind}(失敗) #{number}"),
    ("(running total {total})", "(누적 합 {total})", "(ここまでの合計 {total})"),
    ("{name} [input {position}]", "{name} [입력 {position}]", "{name} [入力 {position}]"),
    (
        "{op}: no input needs a gradient",
        "{op}: 그래디언트가 필요한 입력이 없음",
        "{op}: 勾配が必要な入力はありません",
    ),
    # --- values too big to print ---
    ("{shape} array (mean {mean})", "{shape} 배열 (평균 {mean})", "{shape} 配列 (平均 {mean})"),
    ("{shape} array, all {value}", "{shape} 배열, 모두 {value}", "{shape} 配列、すべて {value}"),
    ("{shape} array", "{shape} 배열", "{shape} 配列"),
    ("scalar", "스칼라", "スカラー"),
    # --- the ops' backward rules (VJPs) in words ---
    (
        "upstream passes through unchanged (∂/∂input = 1)",
        "상류 그래디언트가 그대로 전달됨 (∂/∂입력 = 1)",
        "上流の勾配がそのまま伝わる (∂/∂入力 = 1)",
    ),
    (
        "first input: +upstream; second input: −upstream",
        "첫 번째 입력: +상류; 두 번째 입력: −상류",
        "1 つ目の入力: +上流; 2 つ目の入力: −上流",
    ),
    ("upstream × the other input", "상류 × 다른 쪽 입력", "上流 × もう一方の入力"),
    (
        "a: upstream ÷ b; b: −upstream · a ÷ b²",
        "a: 상류 ÷ b; b: −상류 · a ÷ b²",
        "a: 上流 ÷ b; b: −上流 · a ÷ b²",
    ),
    (
        "a: upstream @ bᵀ; b: aᵀ @ upstream",
        "a: 상류 @ bᵀ; b: aᵀ @ 상류",
        "a: 上流 @ bᵀ; b: aᵀ @ 上流",
    ),
    (
        "base: upstream · p · x^(p−1); exponent: upstream · x^p · ln x",
        "밑: 상류 · p · x^(p−1); 지수: 상류 · x^p · ln x",
        "底: 上流 · p · x^(p−1); 指数: 上流 · x^p · ln x",
    ),
    ("−upstream", "−상류", "−上流"),
    (
        "upstream passes through unchanged",
        "상류 그래디언트가 그대로 전달됨",
        "上流の勾配がそのまま伝わる",
    ),
    ("upstream × 2x", "상류 × 2x", "上流 × 2x"),
    ("upstream ÷ (2√x)", "상류 ÷ (2√x)", "上流 ÷ (2√x)"),
    ("upstream × exp(x)", "상류 × exp(x)", "上流 × exp(x)"),
    ("upstream ÷ x", "상류 ÷ x", "上流 ÷ x"),
    ("upstream × cos(x)", "상류 × cos(x)", "上流 × cos(x)"),
    ("upstream × −sin(x)", "상류 × −sin(x)", "上流 × −sin(x)"),
    ("upstream × (1 − tanh²(x))", "상류 × (1 − tanh²(x))", "上流 × (1 − tanh²(x))"),
    ("upstream × σ(x)(1 − σ(x))", "상류 × σ(x)(1 − σ(x))", "上流 × σ(x)(1 − σ(x))"),
    (
        "upstream where x > 0, else 0",
        "x > 0인 곳은 상류, 나머지는 0",
        "x > 0 の所は上流、それ以外は 0",
    ),
    ("upstream × sign(x)", "상류 × sign(x)", "上流 × sign(x)"),
    (
        "upstream copied back to every summed element",
        "상류 그래디언트가 합산된 모든 원소로 복사됨",
        "上流の勾配が和を取った全要素へコピーされる",
    ),
    (
        "upstream ÷ n, copied back to every averaged element",
        "상류 ÷ n이 평균을 낸 모든 원소로 복사됨",
        "上流 ÷ n が平均を取った全要素へコピーされる",
    ),
    (
        "upstream reshaped back to the input's shape",
        "상류 그래디언트를 입력의 모양으로 되돌림",
        "上流の勾配を入力の形状に戻す",
    ),
    ("upstream transposed back", "상류 그래디언트를 다시 전치함", "上流の勾配を転置して戻す"),
    (
        "upstream goes to the larger input",
        "상류 그래디언트는 더 큰 입력으로 감",
        "上流の勾配は大きい方の入力へ",
    ),
    (
        "upstream goes to the smaller input",
        "상류 그래디언트는 더 작은 입력으로 감",
        "上流の勾配は小さい方の入力へ",
    ),
    ("the VJP of {op}", "{op}의 VJP", "{op} の VJP"),
)
