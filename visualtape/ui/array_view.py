"""An array shown in the inspector: a grid of numbers when small, a heatmap with a colour scale
when large. Numbers and the scale's ticks follow the font scale."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from visualtape.ui import theme
from visualtape.ui.formatting import format_scalar
from visualtape.ui.plot_style import scale_axis

GRID_MAX_ELEMENTS = 64  # up to this many numbers are written out; more become a heatmap
GRID_MAX_COLUMNS = 8
GRID_ROWS_WANTED = 6  # the view asks for room for this many rows (more scroll)
HEATMAP_HEIGHT = 190  # the height a heatmap asks for, at font scale 1
MAX_CELL_RATIO = 8  # arrays longer than this in one direction stretch to fill the view


def as_matrix(array: np.ndarray) -> np.ndarray:
    """A 2-D view for display: scalars 1×1, vectors one row, higher ranks rows × last axis."""
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(1, -1)
    return array.reshape(-1, array.shape[-1])


class ArrayView(QStackedWidget):
    """Shows one array; `mode` is "grid", "heatmap" or "empty"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QTableWidget()
        self._grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for header in (self._grid.horizontalHeader(), self._grid.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._plot = pg.GraphicsLayoutWidget()
        self._plot.setBackground("w")
        self._view = self._plot.addViewBox(lockAspect=True, invertY=True)
        self._image = pg.ImageItem(axisOrder="row-major")
        self._view.addItem(self._image)
        self._colour_map = pg.colormap.get("CET-D1")
        self._colour_bar = pg.ColorBarItem(colorMap=self._colour_map, interactive=False, width=14)
        self._colour_bar.setImageItem(self._image)
        self._colour_bar.axis.setWidth(None)  # as wide as its tick labels, at any font size
        self._colour_bar.axis.setTextPen("#222222")
        self._plot.addItem(self._colour_bar)
        self._empty = QWidget()
        for page in (self._empty, self._grid, self._plot):
            self.addWidget(page)
        self._mode = "empty"
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def _on_font_scale_changed(self, scale: float) -> None:
        self._grid.setFont(theme.mono_font(theme.CODE_POINT_SIZE * scale))
        scale_axis(self._colour_bar.axis, scale)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Room for what is shown: a few rows of numbers, or a heatmap (the text gets the rest)."""
        width = super().sizeHint().width()
        if self._mode == "heatmap":
            return QSize(width, int(HEATMAP_HEIGHT * theme.font_scale()))
        if self._mode == "grid":
            grid = self._grid
            rows = min(grid.rowCount(), GRID_ROWS_WANTED)
            height = grid.horizontalHeader().sizeHint().height() + 2 * grid.frameWidth()
            height += sum(grid.sizeHintForRow(row) for row in range(rows))
            if grid.horizontalScrollBar().isVisible():
                height += grid.horizontalScrollBar().sizeHint().height()
            return QSize(width, height + 2)
        return QSize(width, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().minimumSizeHint().width(), min(self.sizeHint().height(), 60))

    def grid_font_size(self) -> float:
        """The point size of the numbers in the grid (tests)."""
        return self._grid.font().pointSizeF()

    @property
    def mode(self) -> str:
        return self._mode

    def grid_texts(self) -> list[list[str]]:
        """The numbers in the grid, row by row (for tests and accessibility)."""
        rows = []
        for r in range(self._grid.rowCount()):
            cells = (self._grid.item(r, c) for c in range(self._grid.columnCount()))
            rows.append([cell.text() if cell is not None else "" for cell in cells])
        return rows

    def show_array(self, array: np.ndarray | None) -> None:
        """Show `array` (None clears)."""
        if array is None or array.size == 0:
            self._mode = "empty"
            self.setCurrentWidget(self._empty)
        else:
            matrix = as_matrix(np.asarray(array))
            if array.size <= GRID_MAX_ELEMENTS and matrix.shape[1] <= GRID_MAX_COLUMNS:
                self._show_grid(matrix)
            else:
                self._show_heatmap(matrix)
        self.updateGeometry()  # the inspector gives the text what the array does not need

    def _show_grid(self, matrix: np.ndarray) -> None:
        self._grid.clear()
        self._grid.setRowCount(matrix.shape[0])
        self._grid.setColumnCount(matrix.shape[1])
        for (row, col), number in np.ndenumerate(matrix):
            self._grid.setItem(row, col, QTableWidgetItem(format_scalar(number)))
        self._mode = "grid"
        self.setCurrentWidget(self._grid)

    def _show_heatmap(self, matrix: np.ndarray) -> None:
        numbers = matrix.astype(np.float64)
        finite = numbers[np.isfinite(numbers)]
        bound = float(np.max(np.abs(finite))) if finite.size else 1.0
        bound = bound or 1.0
        self._image.setImage(numbers, autoLevels=False)
        self._colour_bar.setLevels((-bound, bound))
        # Square cells, unless that makes a vector a line too thin to see: a (1, 1000) row
        # then fills the view as vertical stripes, one per element.
        rows, columns = numbers.shape
        self._view.setAspectLocked(1 / MAX_CELL_RATIO <= columns / rows <= MAX_CELL_RATIO)
        self._view.autoRange(padding=0)
        self._mode = "heatmap"
        self.setCurrentWidget(self._plot)
