"""The canvas legend: one row per entry, and a call label too long for a row keeps its `#n`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QFontMetricsF, QHelpEvent
from PySide6.QtWidgets import QToolTip

from visualtape.ui import theme
from visualtape.ui.legend import LegendWidget, fitted

GAN_CALL = "gradient(gen_loss, [dense/kernel, dense/bias, dense_1/kernel, dense_1/bias]) #1"
ROW = 26  # the legend's row height at scale 1, below a 4 px top margin


def _legend(qtbot, width: int, calls: list[str]) -> LegendWidget:  # type: ignore[no-untyped-def]
    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.set_kinds(frozenset({"intermediate", "op"}))
    legend.set_calls(calls)
    legend.resize(width, legend.height())
    legend.show()
    qtbot.waitExposed(legend)
    return legend


def _rightmost_ink(legend: LegendWidget, top: int, bottom: int) -> int:
    """The rightmost pixel column with text or swatch between rows `top` and `bottom`."""
    image = legend.grab().toImage()
    background = image.pixelColor(image.width() - 1, 0).lightness()
    for x in range(image.width() - 1, -1, -1):
        column = (image.pixelColor(x, y).lightness() for y in range(top, bottom))
        if any(abs(lightness - background) > 80 for lightness in column):
            return x
    return -1


def test_a_call_label_longer_than_a_row_is_cut_in_the_middle_and_keeps_its_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    legend = _legend(qtbot, 640, [GAN_CALL, "gradient(disc_loss, [dense_2/kernel]) #2"])
    shown = legend.rows()
    assert shown[:2] == ["intermediate", "op (× + ∑ …)"]
    assert shown[3] == "gradient(disc_loss, [dense_2/kernel]) #2"  # fits: drawn whole
    cut = shown[2]
    assert cut.startswith("gradient(gen_loss, [dense/") and cut.endswith("dense_1/bias]) #1")
    assert "…" in cut and len(cut) < len(GAN_CALL)
    assert legend.height() == 4 + 3 * ROW + 4  # styles, the GAN call, the other call: 3 rows
    assert _rightmost_ink(legend, 4 + ROW, 4 + 2 * ROW) < legend.width() - 6  # '#1' not clipped


def test_the_whole_label_of_a_cut_entry_is_its_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    legend = _legend(qtbot, 640, [GAN_CALL])
    on_the_call = QPoint(200, 4 + ROW + ROW // 2)
    legend.event(QHelpEvent(QEvent.Type.ToolTip, on_the_call, legend.mapToGlobal(on_the_call)))
    assert QToolTip.text() == GAN_CALL
    QToolTip.hideText()


def test_fitted_keeps_short_labels_and_the_call_number() -> None:
    metrics = QFontMetricsF(theme.ui_font(11))
    assert fitted("gradient(z, x) #1", metrics, 1000) == "gradient(z, x) #1"
    room = metrics.horizontalAdvance("gradient(gen_loss, [dense/kernel")
    cut = fitted(GAN_CALL, metrics, room)
    assert cut.endswith(" #1") and "…" in cut and metrics.horizontalAdvance(cut) <= room
    plain = fitted("intermediate", metrics, metrics.horizontalAdvance("inter…ate"))
    assert plain.startswith("inte") and plain.endswith("ate") and "…" in plain  # no number
