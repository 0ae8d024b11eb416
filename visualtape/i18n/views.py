"""Texts of the inspector (`visualtape.ui.inspector_text`, `visualtape.ui.inspector`), the canvas
legend (`visualtape.ui.legend`, node kinds from `visualtape.ui.theme.KIND_LABELS`) and the
canvas's gradient chips (`visualtape.ui.scene_adapter`, `visualtape.ui.presenter`)."""

from visualtape.i18n.entry import Entry

ENTRIES: tuple[Entry, ...] = (
    # --- why a gradient is None ---
    (
        "{name} was not watched: call tape.watch({name}), or make it a tf.Variable.",
        "{name}은(는) 감시되지 않았습니다: tape.watch({name})을(를) 호출하거나 "
        "tf.Variable로 만드세요.",
        "{name} は監視されていません: tape.watch({name}) を呼ぶか、tf.Variable にしてください。",
    ),
    (
        "no recorded path leads from the target to {name} (it is not used, or the ops "
        "between them ran under tape.stop_recording()).",
        "대상에서 {name}까지 기록된 경로가 없습니다 (사용되지 않았거나, 그 사이의 연산이 "
        "tape.stop_recording() 안에서 실행되었습니다).",
        "ターゲットから {name} への記録された経路がありません (使われていないか、間の演算が "
        "tape.stop_recording() の中で実行されました)。",
    ),
    (
        "{name} has an integer dtype: integers are not differentiable (use float32).",
        "{name}의 dtype이 정수입니다: 정수는 미분할 수 없습니다 (float32를 쓰세요).",
        "{name} の dtype は整数です: 整数は微分できません (float32 を使ってください)。",
    ),
    (
        "the tape was spent: a non-persistent tape is released by its first gradient call "
        "(use GradientTape(persistent=True) to call gradient again).",
        "테이프가 이미 사용되었습니다: 지속성이 없는 테이프는 첫 gradient 호출 후 해제됩니다 "
        "(gradient를 다시 부르려면 GradientTape(persistent=True)를 쓰세요).",
        "テープは使用済みです: 永続でないテープは最初の gradient 呼び出しで解放されます "
        "(もう一度 gradient を呼ぶには GradientTape(persistent=True) を使ってください)。",
    ),
    ("no gradient ({reason}).", "그래디언트 없음 ({reason}).", "勾配なし ({reason})。"),
    # --- a tensor ---
    (
        "{name} (tensor, tape {tape})",
        "{name} (텐서, 테이프 {tape})",
        "{name} (テンソル、テープ {tape})",
    ),
    ("tensor", "텐서", "テンソル"),
    ("kind: {kind}", "종류: {kind}", "種類: {kind}"),
    ("kind: {kind} · watched", "종류: {kind} · 감시됨", "種類: {kind} · 監視中"),
    (
        "shape: {shape} · dtype: {dtype}",
        "모양: {shape} · dtype: {dtype}",
        "形状: {shape} · dtype: {dtype}",
    ),
    ("value: {value}", "값: {value}", "値: {value}"),
    ("not computed yet", "아직 계산되지 않음", "まだ計算されていません"),
    ("not computed yet (∂ ?)", "아직 계산되지 않음 (∂ ?)", "まだ計算されていません (∂ ?)"),
    (
        "gradient: none at this frame",
        "그래디언트: 이 프레임에는 없음",
        "勾配: このフレームではなし",
    ),
    (
        "source: line {line} ({function})",
        "소스: {line}행 ({function})",
        "ソース: {line} 行目 ({function})",
    ),
    (
        "chain rule at this step ({op}): upstream ∂{target}/∂{output} = {upstream}",
        "이 단계의 연쇄 법칙 ({op}): 상류 그래디언트 ∂{target}/∂{output} = {upstream}",
        "このステップの連鎖律 ({op}): 上流の勾配 ∂{target}/∂{output} = {upstream}",
    ),
    ("rule: {rule}", "규칙: {rule}", "規則: {rule}"),
    # --- an op ---
    ("{op} (op, tape {tape})", "{op} (연산, 테이프 {tape})", "{op} (演算、テープ {tape})"),
    (
        "op: {op} ({symbol}) · inputs: {inputs} → output: {outputs}",
        "연산: {op} ({symbol}) · 입력: {inputs} → 출력: {outputs}",
        "演算: {op} ({symbol}) · 入力: {inputs} → 出力: {outputs}",
    ),
    ("backward rule: {rule}", "역전파 규칙: {rule}", "逆伝播の規則: {rule}"),
    ("recorded by this frame", "이 프레임까지 기록됨", "このフレームまでに記録済み"),
    (
        "not recorded yet at this frame",
        "이 프레임에서는 아직 기록되지 않음",
        "このフレームではまだ記録されていません",
    ),
    (
        "recorded while an inner gradient ran (call {call}): a nested-tape op",
        "안쪽 그래디언트를 계산하는 동안 기록됨 (호출 {call}): 중첩 테이프의 연산",
        "内側の勾配の計算中に記録 (呼び出し {call}): 入れ子のテープの演算",
    ),
    ("scope: {scope}", "스코프: {scope}", "スコープ: {scope}"),
    # --- a folded box ---
    ("{label} (folded scope)", "{label} (접힌 스코프)", "{label} (折りたたんだスコープ)"),
    ("{label} (folded repeat)", "{label} (접힌 반복)", "{label} (折りたたんだ繰り返し)"),
    ("name scope", "이름 스코프", "名前スコープ"),
    (
        "loop body repeated {repeats}×",
        "{repeats}번 반복된 루프 본문",
        "{repeats} 回繰り返されたループ本体",
    ),
    (
        "{what} · {count} ops: {ops}",
        "{what} · 연산 {count}개: {ops}",
        "{what} · 演算 {count} 個: {ops}",
    ),
    ("current op: {op}", "현재 연산: {op}", "現在の演算: {op}"),
    (
        "no op of this box is active at this frame",
        "이 프레임에서는 이 상자의 연산이 실행되지 않음",
        "このフレームでは、この箱の演算は実行されていません",
    ),
    (
        "double-click the box to expand it; double-click an op inside to fold it again",
        "상자를 두 번 클릭하면 펼쳐지고, 안의 연산을 두 번 클릭하면 다시 접힙니다",
        "箱をダブルクリックすると展開し、中の演算をダブルクリックすると再び折りたたみます",
    ),
    # --- the inspector dock ---
    ("Inspector", "검사기", "インスペクタ"),
    (
        "Click a node on the canvas to inspect its value, gradients and chain rule.",
        "캔버스의 노드를 클릭하면 값, 그래디언트, 연쇄 법칙을 볼 수 있습니다.",
        "キャンバスのノードをクリックすると、値・勾配・連鎖律が表示されます。",
    ),
    (
        "following the current step · click a node to pin it, Esc to unpin",
        "현재 단계를 따라가는 중 · 노드를 클릭하면 고정, Esc로 해제",
        "現在のステップに追従中 · ノードをクリックで固定、Esc で解除",
    ),
    (
        "pinned · Esc follows the current step again",
        "고정됨 · Esc를 누르면 다시 현재 단계를 따라감",
        "固定中 · Esc で再び現在のステップに追従",
    ),
    ("value", "값", "値"),
    ("gradient", "그래디언트", "勾配"),
    # --- the canvas: gradient chips, folded boxes ---
    ("no gradient", "그래디언트 없음", "勾配なし"),
    ("{count} ops folded", "연산 {count}개 접힘", "演算 {count} 個 折畳"),
    ("+{count} earlier", "이전 호출 +{count}", "以前の呼び出し +{count}"),
    ("… ({count} terms)", "… (항 {count}개)", "… ({count} 項)"),
    ("Σ{count} terms = {total}", "Σ 항 {count}개 = {total}", "Σ{count} 項 = {total}"),
    ("laying out…", "배치를 계산하는 중…", "レイアウトを計算中…"),
    ("recording… {count} ops", "기록하는 중… 연산 {count}개", "記録中… 演算 {count} 個"),
    # --- the legend: node kinds (theme.KIND_LABELS) and ops ---
    ("Variable", "Variable (변수)", "Variable (変数)"),
    ("constant", "상수", "定数"),
    ("watched", "감시 대상", "監視対象"),
    ("intermediate", "중간값", "中間値"),
    ("gradient op (nested tape)", "그래디언트 연산 (중첩 테이프)", "勾配の演算 (入れ子のテープ)"),
    ("op (× + ∑ …)", "연산 (× + ∑ …)", "演算 (× + ∑ …)"),
    # --- tf.function traces (tapes panel, the canvas of a run without tapes) ---
    ("tf.function traces", "tf.function 트레이스", "tf.function のトレース"),
    ("trace {n}", "트레이스 {n}", "トレース {n}"),
    ("first call", "첫 호출", "最初の呼び出し"),
    ("new input signature", "새 입력 시그니처", "新しい入力シグネチャ"),
    ("{count} op", "연산 {count}개", "演算 {count} 個"),
    ("{count} ops", "연산 {count}개", "演算 {count} 個"),
    ("line {line}", "{line}행", "{line} 行目"),
    (
        "This run recorded no GradientTape.",
        "이 실행은 GradientTape를 기록하지 않았습니다.",
        "この実行では GradientTape が記録されませんでした。",
    ),
    (
        "tf.function traced {names}:",
        "tf.function이 {names}을(를) 트레이스했습니다:",
        "tf.function が {names} をトレースしました:",
    ),
    (
        "… {count} more in the Tapes panel",
        "… 나머지 {count}개는 테이프 패널에",
        "… 残り {count} 件はテープパネルに",
    ),
    (
        "Tape {tape} recorded no ops.",
        "테이프 {tape}은(는) 연산을 하나도 기록하지 않았습니다.",
        "テープ {tape} は演算を一つも記録しませんでした。",
    ),
    (
        "A tape records the ops that use a trainable Variable or a tensor it watches "
        "(tape.watch(x) for a constant).",
        "테이프는 학습 가능한 Variable이나 감시 중인 텐서를 쓰는 연산만 기록합니다 "
        "(상수라면 tape.watch(x)).",
        "テープが記録するのは、学習可能な Variable か監視中のテンソルを使う演算だけです "
        "(定数なら tape.watch(x))。",
    ),
    (
        "The script stopped with an error: see the console.",
        "스크립트가 오류로 멈췄습니다: 콘솔을 보세요.",
        "スクリプトはエラーで停止しました: コンソールを見てください。",
    ),
    # --- values (visualtape.ui.formatting) ---
    (
        "{shape} {dtype} (summary only)\nmin {min}  max {max}  mean {mean}  std {std}",
        "{shape} {dtype} (요약만 저장됨)\n최솟값 {min}  최댓값 {max}  평균 {mean}  표준편차 {std}",
        "{shape} {dtype} (要約のみ)\n最小 {min}  最大 {max}  平均 {mean}  標準偏差 {std}",
    ),
)
