"""Colours and fonts: one place, so the canvas, legend and inspector agree.

Readable from the back of a lecture hall: canvas text is at least 12 pt, and the font family list
falls back to CJK-capable fonts so Korean and Japanese comments in scripts render.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

UI_FAMILIES = (
    "Noto Sans",
    "DejaVu Sans",
    "Noto Sans CJK KR",
    "Noto Sans CJK JP",
    "WenQuanYi Micro Hei",
    "sans-serif",
)
MONO_FAMILIES = (
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "Noto Sans Mono CJK KR",
    "Noto Sans Mono CJK JP",
    "WenQuanYi Micro Hei Mono",
    "monospace",
)

CANVAS_POINT_SIZE = 13
CODE_POINT_SIZE = 12
PRESENTATION_SCALE = 1.4


@dataclass(frozen=True)
class NodeColours:
    fill: str
    border: str
    text: str = "#1b1b1b"


# Node kinds as the engine names them (TensorInfo.kind), plus "watched" for a watched constant.
KIND_COLOURS: dict[str, NodeColours] = {
    "variable": NodeColours(fill="#d8f0d2", border="#2e7d32"),
    "constant": NodeColours(fill="#eeeeee", border="#616161"),
    "watched": NodeColours(fill="#fff3c4", border="#c79100"),
    "intermediate": NodeColours(fill="#dcebfa", border="#1565c0"),
    "gradient": NodeColours(fill="#eadcf5", border="#6a1b9a"),
}
KIND_LABELS: dict[str, str] = {
    "variable": "Variable",
    "constant": "constant",
    "watched": "watched",
    "intermediate": "intermediate",
    "gradient": "gradient op (nested tape)",
}
OP_FILL = "#ffffff"
OP_BORDER = "#37474f"
NESTED_FRAME = "#8e24aa"
EDGE = "#78909c"
ACTIVE = "#ff6f00"  # the op/tensor of the current step
PENDING_TEXT = "#9e9e9e"  # "∂ ?": not computed yet
DIM_OPACITY = 0.28  # not recorded yet at this step
ERROR = "#c62828"
CURRENT_LINE = "#fff59d"
ERROR_LINE = "#ffcdd2"
BACKGROUND = "#fafafa"

# One colour per gradient call, in call order (cycled).
CALL_COLOURS = ("#d84315", "#1e88e5", "#2e7d32", "#8e24aa", "#00897b", "#f9a825")
FORWARD_COLOUR = "#546e7a"


def call_colour(call_index: int) -> QColor:
    """The colour of the `call_index`-th gradient call (0-based)."""
    return QColor(CALL_COLOURS[call_index % len(CALL_COLOURS)])


def ui_font(point_size: float = CANVAS_POINT_SIZE, bold: bool = False) -> QFont:
    """Proportional font with CJK fallbacks."""
    font = QFont()
    font.setFamilies(list(UI_FAMILIES))
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def mono_font(point_size: float = CODE_POINT_SIZE) -> QFont:
    """Monospace font with CJK fallbacks (code view, number grids)."""
    font = QFont()
    font.setFamilies(list(MONO_FAMILIES))
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(point_size)
    return font
