"""English, Korean and Japanese UI: Qt catalogues switched at runtime, the pure-Python `tr`,
and CJK text that renders as glyphs (not as boxes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel
from test_i18n_views import assert_glyphs

from visualtape import i18n
from visualtape.ui import theme
from visualtape.ui.app import install_language, startup_language
from visualtape.ui.export import image_to_rgb
from visualtape.ui.main_window import MainWindow

EXPECTED = {
    "ko": {"&File": "파일(&F)", "&View": "보기(&V)", "Samples": "예제", "Code": "코드",
           "play": "재생 / 일시정지 (Space)", "header": "예제 스크립트"},
    "ja": {"&File": "ファイル(&F)", "&View": "表示(&V)", "Samples": "サンプル", "Code": "コード",
           "play": "再生 / 一時停止 (Space)", "header": "サンプルスクリプト"},
}  # fmt: skip


@pytest.fixture
def lecture_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    install_language("en")


def _ink(image: QImage) -> int:
    return int((image_to_rgb(image).min(axis=-1) < 128).sum())


def rendered(text: str) -> np.ndarray:
    """`text` drawn in the UI font, as an RGB array."""
    image = QImage(400, 60, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    painter.setFont(theme.ui_font(20))
    painter.drawText(10, 40, text)
    painter.end()
    return image_to_rgb(image)


def test_catalogues_exist_for_every_language() -> None:
    for code in ("ko", "ja"):
        assert i18n.qm_path(code).is_file() and i18n.qm_path(code).with_suffix(".ts").is_file()
    assert i18n.language_for_locale("ko_KR") == "ko" and i18n.language_for_locale("C") == "en"


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_menus_docks_and_buttons_switch_language_at_runtime(
    qtbot,  # type: ignore[no-untyped-def]
    lecture_window: MainWindow,
    code: str,
) -> None:
    win = lecture_window
    win.menus.language_actions[code].trigger()
    expected = EXPECTED[code]
    assert win.menus.menus["&File"].title() == expected["&File"]
    assert win.menus.menus["&View"].title() == expected["&View"]
    assert win.docks["gallery"].windowTitle() == expected["Samples"]
    assert win.docks["code"].toggleViewAction().text() == expected["Code"]
    assert win.player_bar.buttons["play"].toolTip() == expected["play"]
    assert win.gallery.header.text() == expected["header"]
    assert i18n.current_language() == code
    assert startup_language(win.settings) == code  # remembered for the next start
    # the text really renders: the menu bar has ink where the titles are, unlike boxes
    qtbot.waitUntil(lambda: _ink(win.menuBar().grab().toImage()) > 200)
    header = win.gallery.header.grab().toImage()
    assert _ink(header) > 150  # the translated gallery header is drawn in glyphs
    assert_glyphs(win.gallery.header, win.gallery.header.text())  # its own, not boxes
    save = os.environ.get("VISUALTAPE_SHOTS")
    if save:
        win.grab().save(str(Path(save) / f"language_{code}.png"))
    win.menus.language_actions["en"].trigger()
    assert win.menus.menus["&File"].title() == "&File"


TRAINING_TEXTS = {
    "ko": {"hint": "캔버스에서 노드를", "tab": "값", "pause": "일시정지", "stop": "중지",
           "placeholder": "이번 실행에는 학습이 없습니다", "loss": "손실", "note": "파라미터 공간"},
    "ja": {"hint": "キャンバスのノード", "tab": "値", "pause": "一時停止", "stop": "停止",
           "placeholder": "この実行には学習がありません", "loss": "損失", "note": "パラメータ空間"},
}  # fmt: skip


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_inspector_plots_and_run_controls_switch_language(
    lecture_window: MainWindow, code: str
) -> None:
    win = lecture_window
    win.menus.language_actions[code].trigger()
    expected = TRAINING_TEXTS[code]
    assert expected["hint"] in win.inspector.plain_text()
    assert win.inspector._arrays.tabText(0) == expected["tab"]
    assert win.training_controls.pause_button.text() == expected["pause"]
    assert win.training_controls.stop_button.text() == expected["stop"]
    assert expected["placeholder"] in win.plots.placeholder.text()
    assert win.plots.panes["losses"].getPlotItem().titleLabel.text == expected["loss"]
    assert expected["note"] in win.param_space.note.text()
    win.menus.language_actions["en"].trigger()  # and back
    assert win.training_controls.pause_button.text() == "Pause"
    assert "No training in this run" in win.plots.placeholder.text()
    assert win.inspector._arrays.tabText(1) == "gradient"


@pytest.mark.parametrize("sample", ["파일 열기 예제", "ファイルを開く"])
def test_cjk_text_renders_as_glyphs_not_boxes(
    qtbot,  # type: ignore[no-untyped-def]
    sample: str,
) -> None:
    label = QLabel(sample)
    qtbot.addWidget(label)
    label.setFont(theme.ui_font(20))
    assert label.fontMetrics().inFontUcs4(ord(sample[0])) or _has_fallback(sample)
    drawn = rendered(sample)
    assert (drawn.min(axis=-1) < 128).sum() > 150
    # Missing glyphs all draw the same box; real glyphs of different characters differ.
    box = rendered("\U0010fffd")  # an unassigned code point: the missing-glyph box
    first, second = rendered(sample[0]), rendered(sample[1])
    assert sample[0] != sample[1]
    assert not np.array_equal(first, second)
    assert not np.array_equal(first, box) and not np.array_equal(second, box)


def _has_fallback(sample: str) -> bool:
    from PySide6.QtGui import QFont, QFontDatabase

    return any(
        family in QFontDatabase.families() and QFont(family) is not None
        for family in theme.UI_FAMILIES
        if "CJK" in family
    )


def test_pure_python_tr_follows_the_language() -> None:
    text = "not computed yet"
    i18n.set_language("ja")
    try:
        assert i18n.tr(text) == "まだ計算されていません"
        assert i18n.tr("an uncatalogued sentence") == "an uncatalogued sentence"
    finally:
        i18n.set_language("en")
    assert i18n.tr(text) == text


def test_why_none_explanations_follow_the_ui_language() -> None:
    from visualtape import i18n
    from visualtape.ui.inspector_text import explain_none

    try:
        for code in ("ko", "ja"):
            i18n.set_language(code)
            text = explain_none("not_watched", "x")
            assert "tape.watch(x)" in text and "was not watched" not in text
            assert any(ord(ch) > 0x3000 for ch in text)  # Hangul / kana / kanji
    finally:
        i18n.set_language("en")
    assert explain_none("not_watched", "x").startswith("x was not watched")
