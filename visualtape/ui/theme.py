"""Colours and fonts: one place, so the canvas, legend and inspector agree.

Readable from the back of a lecture hall: canvas text is at least 12 pt, and the font family list
falls back to CJK-capable fonts so Korean and Japanese text renders (never as boxes).

Three palettes: `LIGHT` (default), `DARK`, and `PRESENTATION` (high contrast, with the
colour-blind-safe Okabe-Ito colours for the gradient calls). `apply_palette` rebinds this
module's colour names (so code that reads `theme.EDGE` at paint time follows), sets the Qt
application palette, and emits `notifier().palette_changed`. The font scale (Ctrl+= / Ctrl+-,
times the presentation factor) is `font_scale()`; widgets that size their fonts once follow
`notifier().font_scale_changed(scale)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

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
PRESENTATION_SCALE = 1.4  # the least presentation font factor (more on big screens)
FONT_SCALE_STEP = 1.15
MIN_FONT_SCALE, MAX_FONT_SCALE = 0.6, 3.0


@dataclass(frozen=True)
class NodeColours:
    fill: str
    border: str
    text: str = "#1b1b1b"


# Node kinds as the engine names them (TensorInfo.kind), plus "watched" for a watched constant.
_LIGHT_KINDS: dict[str, NodeColours] = {
    "variable": NodeColours(fill="#d8f0d2", border="#2e7d32"),
    "constant": NodeColours(fill="#eeeeee", border="#616161"),
    "watched": NodeColours(fill="#fff3c4", border="#c79100"),
    "intermediate": NodeColours(fill="#dcebfa", border="#1565c0"),
    "gradient": NodeColours(fill="#eadcf5", border="#6a1b9a"),
}
_HIGH_CONTRAST_KINDS: dict[str, NodeColours] = {
    "variable": NodeColours(fill="#c9f0dd", border="#006e4f", text="#000000"),
    "constant": NodeColours(fill="#e6e6e6", border="#303030", text="#000000"),
    "watched": NodeColours(fill="#fde9a9", border="#8a5a00", text="#000000"),
    "intermediate": NodeColours(fill="#cfe6f7", border="#004f8c", text="#000000"),
    "gradient": NodeColours(fill="#f6d9ea", border="#8e3f6e", text="#000000"),
}
KIND_LABELS: dict[str, str] = {
    "variable": "Variable",
    "constant": "constant",
    "watched": "watched",
    "intermediate": "intermediate",
    "gradient": "gradient op (nested tape)",
}
# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Yellow (#F0E442) is left out: it vanishes on white.
OKABE_ITO = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


@dataclass(frozen=True)
class Palette:
    """Every colour the UI paints with, for one theme."""

    name: str
    background: str  # canvas
    panel: str  # legend strip, line-number gutter, scrubber band
    text: str
    muted_text: str
    window: str  # Qt widgets (docks, menus)
    base: str  # text areas and lists
    edge: str
    active: str
    pending_text: str
    error: str
    current_line: str
    error_line: str
    op_fill: str
    op_border: str
    nested_frame: str
    forward_colour: str
    call_colours: tuple[str, ...]
    kind_colours: dict[str, NodeColours] = field(default_factory=lambda: dict(_LIGHT_KINDS))
    dim_opacity: float = 0.28
    dark: bool = False


LIGHT = Palette(
    name="light",
    background="#fafafa",
    panel="#eceff1",
    text="#1b1b1b",
    muted_text="#607d8b",
    window="#efefef",
    base="#ffffff",
    edge="#78909c",
    active="#ff6f00",
    pending_text="#9e9e9e",
    error="#c62828",
    current_line="#fff59d",
    error_line="#ffcdd2",
    op_fill="#ffffff",
    op_border="#37474f",
    nested_frame="#8e24aa",
    forward_colour="#546e7a",
    call_colours=("#d84315", "#1e88e5", "#2e7d32", "#8e24aa", "#00897b", "#f9a825"),
)
DARK = Palette(
    name="dark",
    background="#1e2227",
    panel="#2b3036",
    text="#e8eaed",
    muted_text="#9aa7b0",
    window="#2b2f35",
    base="#1b1e22",
    edge="#9fb3c0",
    active="#ffab40",
    pending_text="#8a8f94",
    error="#ff6b6b",
    current_line="#5a5320",
    error_line="#6b2a2a",
    op_fill="#ffffff",
    op_border="#b0bec5",
    nested_frame="#ce93d8",
    forward_colour="#90a4ae",
    call_colours=("#ff8a65", "#64b5f6", "#81c784", "#ce93d8", "#4db6ac", "#ffd54f"),
    dark=True,
)
PRESENTATION = Palette(
    name="presentation",
    background="#ffffff",
    panel="#ffffff",
    text="#000000",
    muted_text="#303030",
    window="#ffffff",
    base="#ffffff",
    edge="#303030",
    active="#000000",
    pending_text="#595959",
    error="#b00020",
    current_line="#ffe680",
    error_line="#ffb3b3",
    op_fill="#ffffff",
    op_border="#000000",
    nested_frame="#8e3f6e",
    forward_colour="#303030",
    call_colours=OKABE_ITO,
    kind_colours=dict(_HIGH_CONTRAST_KINDS),
    dim_opacity=0.35,
)
PALETTES = {p.name: p for p in (LIGHT, DARK, PRESENTATION)}

# The current palette's colours, rebound by `apply_palette` (read them as `theme.NAME`).
KIND_COLOURS: dict[str, NodeColours] = dict(_LIGHT_KINDS)
OP_FILL = LIGHT.op_fill
OP_BORDER = LIGHT.op_border
NESTED_FRAME = LIGHT.nested_frame
EDGE = LIGHT.edge
ACTIVE = LIGHT.active  # the op/tensor of the current step
PENDING_TEXT = LIGHT.pending_text  # "∂ ?": not computed yet
DIM_OPACITY = LIGHT.dim_opacity  # not recorded yet at this step
ERROR = LIGHT.error
CURRENT_LINE = LIGHT.current_line
ERROR_LINE = LIGHT.error_line
BACKGROUND = LIGHT.background
PANEL = LIGHT.panel
TEXT = LIGHT.text
MUTED_TEXT = LIGHT.muted_text
# One colour per gradient call, in call order (cycled).
CALL_COLOURS = LIGHT.call_colours
FORWARD_COLOUR = LIGHT.forward_colour


class ThemeNotifier(QObject):
    """Signals of theme changes (one instance, see `notifier()`)."""

    palette_changed = Signal(str)  # palette name
    font_scale_changed = Signal(float)  # the effective scale, 1.0 = normal


class _State:
    palette: Palette = LIGHT
    user_scale: float = 1.0
    presentation_scale: float = 1.0
    notifier: ThemeNotifier | None = None


def notifier() -> ThemeNotifier:
    """The object whose signals announce palette and font-scale changes."""
    if _State.notifier is None:
        _State.notifier = ThemeNotifier()
    return _State.notifier


def current_palette() -> Palette:
    return _State.palette


def apply_palette(palette: Palette) -> None:
    """Make `palette` current: module colours, the Qt application palette, then the signal."""
    global KIND_COLOURS, OP_FILL, OP_BORDER, NESTED_FRAME, EDGE, ACTIVE, PENDING_TEXT
    global DIM_OPACITY, ERROR, CURRENT_LINE, ERROR_LINE, BACKGROUND, PANEL, TEXT, MUTED_TEXT
    global CALL_COLOURS, FORWARD_COLOUR
    _State.palette = palette
    KIND_COLOURS = dict(palette.kind_colours)
    OP_FILL, OP_BORDER, NESTED_FRAME = palette.op_fill, palette.op_border, palette.nested_frame
    EDGE, ACTIVE, PENDING_TEXT = palette.edge, palette.active, palette.pending_text
    DIM_OPACITY, ERROR = palette.dim_opacity, palette.error
    CURRENT_LINE, ERROR_LINE = palette.current_line, palette.error_line
    BACKGROUND, PANEL, TEXT, MUTED_TEXT = (
        palette.background,
        palette.panel,
        palette.text,
        palette.muted_text,
    )
    CALL_COLOURS, FORWARD_COLOUR = palette.call_colours, palette.forward_colour
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(qt_palette(palette))
    notifier().palette_changed.emit(palette.name)


def qt_palette(palette: Palette) -> QPalette:
    """The Qt widget palette of a theme."""
    qt = QPalette()
    role = QPalette.ColorRole
    for roles, colour in (
        ((role.Window, role.Button, role.AlternateBase, role.ToolTipBase), palette.window),
        ((role.Base,), palette.base),
        ((role.WindowText, role.Text, role.ButtonText, role.ToolTipText), palette.text),
        ((role.PlaceholderText,), palette.muted_text),
        ((role.Highlight,), "#1565c0" if not palette.dark else "#3d6fa8"),
        ((role.HighlightedText,), "#ffffff"),
    ):
        for r in roles:
            qt.setColor(r, QColor(colour))
    return qt


def call_colour(call_index: int) -> QColor:
    """The colour of the `call_index`-th gradient call (0-based)."""
    return QColor(CALL_COLOURS[call_index % len(CALL_COLOURS)])


def font_scale() -> float:
    """The effective font scale: the user's zoom times the presentation factor."""
    return _State.user_scale * _State.presentation_scale


def user_font_scale() -> float:
    return _State.user_scale


def set_user_font_scale(scale: float) -> None:
    """Ctrl+= / Ctrl+- / Ctrl+0: the user's font zoom (clamped), then the signal."""
    _State.user_scale = min(MAX_FONT_SCALE, max(MIN_FONT_SCALE, scale))
    notifier().font_scale_changed.emit(font_scale())


def set_presentation_scale(scale: float) -> None:
    """The presentation mode's extra factor (1.0 outside presentation), then the signal."""
    _State.presentation_scale = scale
    notifier().font_scale_changed.emit(font_scale())


def ui_font(point_size: float = CANVAS_POINT_SIZE, bold: bool = False) -> QFont:
    """Proportional font with CJK fallbacks (unscaled: multiply by `font_scale()` to follow)."""
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
