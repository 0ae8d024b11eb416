"""Small engine programs shared by the session tests (run them under `trace.collecting()`)."""

from visualtape import engine as ve


def nested_second_derivative() -> None:
    """An inner tape's gradient of y = x·x at 3, recorded and differentiated by an outer tape.

    The local names (x, y, dy) reach the session through NamesResolved events.
    """
    x = ve.constant(3.0)
    with ve.GradientTape() as outer:
        outer.watch(x)
        with ve.GradientTape() as inner:
            inner.watch(x)
            y = x * x  # noqa: F841 (named for the session)
        dy = inner.gradient(y, x)
    outer.gradient(dy, x)
