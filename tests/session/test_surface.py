"""The parameter-space model: loss-surface grids, parameter paths, contour levels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from visualtape.session.series import NO_TAPE, ScalarSeries
from visualtape.session.surface import (
    SurfaceGrid,
    contour_levels,
    parameter_path,
    scalar_parameters,
    surface_for,
)


def _grid(x_id: int = 1, y_id: int = 2) -> SurfaceGrid:
    xs, ys = np.linspace(-1.0, 3.0, 5), np.linspace(0.0, 2.0, 3)
    x, y = np.meshgrid(xs, ys)
    return SurfaceGrid("w", "b", x_id, y_id, xs, ys, (x - 2.0) ** 2 + (y - 1.0) ** 2)


def test_grid_checks_its_shape_and_reads_values() -> None:
    grid = _grid()
    assert grid.value_at(2.0, 1.0) == 0.0
    assert grid.value_at(-1.0, 0.0) == 10.0
    with pytest.raises(ValueError, match="shape"):
        SurfaceGrid("w", "b", 1, 2, np.zeros(3), np.zeros(2), np.zeros((3, 2)))


def test_grid_from_an_event_is_read_only_float64() -> None:
    @dataclass(frozen=True)
    class Event:  # the fields of engine.events.LossSurface
        x_name: str
        y_name: str
        x_variable_id: int
        y_variable_id: int
        xs: np.ndarray
        ys: np.ndarray
        values: np.ndarray

    f32 = np.float32
    event = Event("w", "b", 3, 4, np.arange(2, dtype=f32), np.arange(3, dtype=f32), np.ones((3, 2)))
    grid = SurfaceGrid.from_event(event)
    assert grid.variable_ids == (3, 4) and grid.values.dtype == np.float64
    assert not grid.values.flags.writeable


def test_surface_for_finds_the_newest_grid_either_way_round() -> None:
    old, new = _grid(), _grid()
    found = surface_for([old, new], 1, 2)
    assert found is not None and found[0] is new and found[1] is False  # (the grids are equal)
    found = surface_for([old], 2, 1)
    assert found is not None and found[0] is old and found[1] is True
    assert surface_for([old], 1, 3) is None


def test_parameter_path_pairs_points_and_knows_their_tapes() -> None:
    w, b = ScalarSeries("w", "variable"), ScalarSeries("b", "variable")
    w.append(0, -1.0)
    b.append(0, -1.0)
    for step, tape in ((1, 10), (2, 11)):
        w.append(step, float(step), tape)
        b.append(step, 0.5 * step, tape)
    w.append(3, 3.0, 12)  # w updated, b not yet: the path stops at the last pair
    path = parameter_path(w, b)
    assert path.x.tolist() == [-1.0, 1.0, 2.0] and path.y.tolist() == [-1.0, 0.5, 1.0]
    assert path.tapes.tolist() == [NO_TAPE, 10, 11]
    assert [path.tape_at(i) for i in range(3)] == [10, 10, 11]


def test_contour_levels_are_dense_near_the_minimum() -> None:
    levels = contour_levels(_grid().values, 6)
    assert len(levels) == 6 and np.all(np.diff(levels) > 0)
    assert levels[0] > 0.0 and levels[-1] == pytest.approx(10.0)
    assert levels[1] - levels[0] < levels[-1] - levels[-2]
    assert contour_levels(np.full((2, 2), 3.0)).size == 0  # flat: no lines
    assert contour_levels(np.full((2, 2), np.nan)).size == 0


@dataclass
class _Var:
    id: int
    dtype: str
    trainable: bool
    series_key: str | None


def test_scalar_parameters_are_float_trainable_scalars_in_order() -> None:
    variables = [
        _Var(1, "int64", False, "Adam/iter"),
        _Var(2, "float32", True, "w"),
        _Var(3, "float32", False, "frozen"),
        _Var(4, "float32", True, None),  # not scalar: no series
        _Var(5, "float64", True, "b"),
    ]
    assert scalar_parameters(variables) == ["w", "b"]
