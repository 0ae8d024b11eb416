<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="227" />
        <source>Double-click a sample, or use File ▸ Open script… (Ctrl+O).
Then step with ← →, play with Space, jump with Home / End.</source>
        <translation>예제를 두 번 클릭하거나 파일 ▸ 스크립트 열기… (Ctrl+O)를 쓰세요.
← →로 한 단계씩, Space로 재생, Home / End로 처음과 끝으로 이동합니다.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="241" />
        <source>Could not open {path}: {error}</source>
        <translation>{path}을(를) 열 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="249" />
        <source>Open script</source>
        <translation>스크립트 열기</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="249" />
        <source>Python scripts (*.py)</source>
        <translation>파이썬 스크립트 (*.py)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="256" />
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="256" />
        <location filename="../main_window.py" line="263" />
        <source>Sessions (*.vtape)</source>
        <translation>세션 (*.vtape)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="263" />
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="273" />
        <source>Saved {count} events to {path}</source>
        <translation>이벤트 {count}개를 {path}에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="295" />
        <source>The session file is damaged: the part before the damage is shown.</source>
        <translation>세션 파일이 손상되었습니다: 손상 이전 부분을 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="320" />
        <source>running…</source>
        <translation>실행 중…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="337" />
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="337" />
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="339" />
        <source>damaged</source>
        <translation>손상됨</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="345" />
        <source>■ exit code {code} in {seconds} s</source>
        <translation>■ 종료 코드 {code}, {seconds} 초</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="27" />
        <source>Samples</source>
        <translation>예제</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="28" />
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="29" />
        <source>Inspector</source>
        <translation>검사기</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="30" />
        <source>Tapes</source>
        <translation>테이프</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="31" />
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="32" />
        <source>Plots</source>
        <translation>그래프</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="33" />
        <source>Parameter space</source>
        <translation>매개변수 공간</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="35" />
        <source>Light</source>
        <translation>밝은 테마</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="36" />
        <source>Dark</source>
        <translation>어두운 테마</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="78" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="80" />
        <source>Open script…</source>
        <translation>스크립트 열기…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="84" />
        <source>Open session…</source>
        <translation>세션 열기…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="88" />
        <source>Open recent</source>
        <translation>최근 파일</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="91" />
        <source>Save session…</source>
        <translation>세션 저장…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="93" />
        <location filename="../export.py" line="243" />
        <location filename="../export.py" line="257" />
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="96" />
        <source>Frame as PNG…</source>
        <translation>현재 프레임을 PNG로…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="98" />
        <source>Frame as SVG…</source>
        <translation>현재 프레임을 SVG로…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="99" />
        <source>Animation as GIF…</source>
        <translation>애니메이션을 GIF로…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="100" />
        <source>Animation as MP4…</source>
        <translation>애니메이션을 MP4로…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="102" />
        <source>Steps as numbered PNGs…</source>
        <translation>단계별 PNG 묶음으로…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="105" />
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="109" />
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="111" />
        <source>Run / Rerun</source>
        <translation>실행 / 다시 실행</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="114" />
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="119" />
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="121" />
        <source>Fit graph</source>
        <translation>그래프 맞추기</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="123" />
        <source>Zoom graph in</source>
        <translation>그래프 확대</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="127" />
        <source>Zoom graph out</source>
        <translation>그래프 축소</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="132" />
        <source>Larger text</source>
        <translation>글자 크게</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="135" />
        <source>Smaller text</source>
        <translation>글자 작게</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="138" />
        <source>Normal text size</source>
        <translation>기본 글자 크기</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="143" />
        <source>Presentation mode</source>
        <translation>발표 모드</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="155" />
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="166" />
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="177" />
        <source>Keep in presentation mode</source>
        <translation>발표 모드에서도 표시</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="198" />
        <source>(no recent files)</source>
        <translation>(최근 파일 없음)</translation>
    </message>
    <message>
        <location filename="../export.py" line="253" />
        <source>Steps A:B (0-based, B excluded; empty for all {count}):</source>
        <translation>단계 A:B (0부터, B 제외; 비우면 전체 {count}개):</translation>
    </message>
    <message>
        <location filename="../export.py" line="270" />
        <source>Nothing to export yet.</source>
        <translation>아직 내보낼 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../export.py" line="287" />
        <source>Exported {what}</source>
        <translation>내보냄: {what}</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <location filename="../player_bar.py" line="31" />
        <source>First frame (Home)</source>
        <translation>첫 프레임 (Home)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="32" />
        <source>Previous part (PgUp)</source>
        <translation>이전 부분 (PgUp)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="33" />
        <source>Step back (←)</source>
        <translation>한 단계 뒤로 (←)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="34" />
        <source>Play / pause (Space)</source>
        <translation>재생 / 일시정지 (Space)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="35" />
        <source>Step (→)</source>
        <translation>한 단계 앞으로 (→)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="36" />
        <source>Next part (PgDown)</source>
        <translation>다음 부분 (PgDown)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="37" />
        <source>Last frame (End)</source>
        <translation>마지막 프레임 (End)</translation>
    </message>
    <message>
        <location filename="../player_bar.py" line="158" />
        <source>{fps} steps/s</source>
        <translation>초당 {fps} 단계</translation>
    </message>
</context>
<context>
    <name>SampleGallery</name>
    <message>
        <location filename="../gallery.py" line="90" />
        <source>Sample scripts</source>
        <translation>예제 스크립트</translation>
    </message>
    <message>
        <location filename="../gallery.py" line="91" />
        <source>Run selected sample</source>
        <translation>선택한 예제 실행</translation>
    </message>
    <message>
        <location filename="../gallery.py" line="92" />
        <source>Run the highlighted sample (Enter)</source>
        <translation>강조된 예제를 실행 (Enter)</translation>
    </message>
    <message>
        <location filename="../gallery.py" line="94" />
        <source>Double-click a sample to run it.</source>
        <translation>예제를 두 번 클릭하면 실행됩니다.</translation>
    </message>
    <message>
        <location filename="../gallery.py" line="97" />
        <source>No samples found in {directory}. Use File ▸ Open script…</source>
        <translation>{directory}에 예제가 없습니다. 파일 ▸ 스크립트 열기…를 쓰세요</translation>
    </message>
</context>
<context>
    <name>TapesPanel</name>
    <message>
        <location filename="../tapes_panel.py" line="20" />
        <source>tape {id}</source>
        <translation>테이프 {id}</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="21" />
        <source>persistent</source>
        <translation>지속</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="23" />
        <source>non-persistent</source>
        <translation>비지속</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="27" />
        <source>nested in tape {id}</source>
        <translation>테이프 {id} 안에 중첩</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="32" />
        <source>{count} op</source>
        <translation>연산 {count}개</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="34" />
        <source>{count} ops</source>
        <translation>연산 {count}개</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="38" />
        <source>spent</source>
        <translation>사용됨</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="41" />
        <source>line {line}</source>
        <translation>{line}행</translation>
    </message>
    <message>
        <location filename="../tapes_panel.py" line="53" />
        <source>running…</source>
        <translation>실행 중…</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Click a node on the canvas to inspect its value, gradients and chain rule.</source>
        <translation>캔버스에서 노드를 클릭하면 값, 그래디언트, 연쇄 법칙을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>following the current step · click a node to pin it, Esc to unpin</source>
        <translation>현재 단계를 따라감 · 노드를 클릭하면 고정, Esc로 해제</translation>
    </message>
    <message>
        <source>pinned · Esc follows the current step again</source>
        <translation>고정됨 · Esc를 누르면 다시 현재 단계를 따라감</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>검사기</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>그래디언트</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시정지됨</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>실행 중…</translation>
    </message>
</context>
<context>
    <name>Plots</name>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>logged step</source>
        <translation>기록된 스텝</translation>
    </message>
    <message>
        <source>No training in this run</source>
        <translation>이번 실행에는 학습이 없습니다</translation>
    </message>
    <message>
        <source>Plots appear when a script trains: one curve per scalar Variable as it is updated (&lt;code&gt;w.assign_sub(...)&lt;/code&gt;, an optimizer), the loss of every &lt;code&gt;tape.gradient&lt;/code&gt; in a loop, and metrics the script logs with &lt;code&gt;tf.summary.scalar("accuracy", acc, step=epoch)&lt;/code&gt;.</source>
        <translation>스크립트가 학습하면 그래프가 나타납니다: 갱신되는 스칼라 Variable마다 곡선 하나(&lt;code&gt;w.assign_sub(...)&lt;/code&gt;, 옵티마이저), 반복문 안 모든 &lt;code&gt;tape.gradient&lt;/code&gt;의 손실, &lt;code&gt;tf.summary.scalar("accuracy", acc, step=epoch)&lt;/code&gt;로 기록한 지표.</translation>
    </message>
</context>
<context>
    <name>ParameterSpaceView</name>
    <message>
        <source>No loss surface: define &lt;code&gt;loss_surface(w_grid, b_grid)&lt;/code&gt; in the script (evaluated when it ends) or call &lt;code&gt;visualtape.engine.logging.loss_surface&lt;/code&gt;.</source>
        <translation>손실 곡면이 없습니다: 스크립트에 &lt;code&gt;loss_surface(w_grid, b_grid)&lt;/code&gt;를 정의하거나(스크립트가 끝날 때 계산) &lt;code&gt;visualtape.engine.logging.loss_surface&lt;/code&gt;를 호출하세요.</translation>
    </message>
    <message>
        <source>Loss surface over ({x}, {y}), from the script</source>
        <translation>({x}, {y})에 대한 손실 곡면 (스크립트에서)</translation>
    </message>
    <message>
        <source>The parameter-space view needs two scalar trainable Variables (such as w and b).</source>
        <translation>파라미터 공간 보기에는 학습 가능한 스칼라 Variable이 두 개(예: w와 b) 필요합니다.</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>could not start {path}: {error}</source>
        <translation>{path}을(를) 시작할 수 없음: {error}</translation>
    </message>
    <message>
        <source>stopping the script…</source>
        <translation>스크립트를 멈추는 중…</translation>
    </message>
    <message>
        <source>session file damaged: {error}</source>
        <translation>세션 파일 손상: {error}</translation>
    </message>
</context>
</TS>