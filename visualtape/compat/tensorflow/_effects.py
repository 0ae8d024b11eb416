"""tf functions that are not registry ops but must be graph nodes inside a traced `function`.

`tf.print` and random draws run on every call of a traced function; creation functions
(`tf.ones_like(x)`, `tf.shape(x)`, ...) become nodes only when they read a traced value.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from visualtape.engine import creation, nest, trace
from visualtape.engine import random as engine_random
from visualtape.engine.events import PrintOutput
from visualtape.engine.function_graph import Ref
from visualtape.engine.function_trace import current, traced_call
from visualtape.engine.tensor import Tensor

F = TypeVar("F", bound=Callable[..., Any])


def node_if_traced(label: str) -> Callable[[F], F]:
    """A CallNode only when an argument is a traced value; otherwise a plain constant."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            tracer = current()
            if tracer is None:
                return fn(*args, **kwargs)
            refs = tracer.to_refs((list(args), kwargs))
            if not any(isinstance(leaf, Ref) for leaf in nest.flatten(refs)):
                return fn(*args, **kwargs)
            return tracer.call(label, fn, args, kwargs, False)

        return wrapper  # type: ignore[return-value]

    return decorate


ones = node_if_traced("tf.ones")(creation.ones)
zeros = node_if_traced("tf.zeros")(creation.zeros)
ones_like = node_if_traced("tf.ones_like")(creation.ones_like)
zeros_like = node_if_traced("tf.zeros_like")(creation.zeros_like)
fill = node_if_traced("tf.fill")(creation.fill)
shape = node_if_traced("tf.shape")(creation.shape)
size = node_if_traced("tf.size")(creation.size)
rank = node_if_traced("tf.rank")(creation.rank)
range_ = node_if_traced("tf.range")(creation.range)
linspace = node_if_traced("tf.linspace")(creation.linspace)
eye = node_if_traced("tf.eye")(creation.eye)

# Random draws must be fresh on every call of a traced function: always nodes.
normal = traced_call("tf.random.normal", effect=False)(engine_random.normal)
uniform = traced_call("tf.random.uniform", effect=False)(engine_random.uniform)
truncated_normal = traced_call("tf.random.truncated_normal", effect=False)(
    engine_random.truncated_normal
)
shuffle = traced_call("tf.random.shuffle", effect=False)(engine_random.shuffle)


def _format(value: Any, summarize: int) -> str:
    if isinstance(value, Tensor):
        array = value._value
        if array.ndim == 0:
            item = array[()]
            return _float_text(item) if array.dtype.kind == "f" else str(item)
        edge = summarize if summarize and summarize > 0 else max(array.shape)
        return np.array2string(
            array,
            separator=" ",
            threshold=2 * edge,
            edgeitems=edge,
            formatter={"float_kind": _float_text},
        )
    if isinstance(value, list | tuple | dict):
        return str(
            nest.pack_sequence_as(
                value, [_Shown(_format(v, summarize)) for v in nest.flatten(value)]
            )
        )
    return str(value)


def _float_text(value: Any) -> str:
    """A float as tf.print writes it: 6 significant digits (15 for float64), or 9 (17) when
    fewer would not read back as the same number (2.30258512, not 2.30259)."""
    wide = np.asarray(value).dtype == np.float64
    number = np.float64(value) if wide else np.float32(value)
    short, exact = (15, 17) if wide else (6, 9)
    text = f"{number:.{short}g}"
    if not np.isfinite(number) or type(number)(text) == number:
        return text
    return f"{number:.{exact}g}"


class _Shown:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


@traced_call("tf.print")
def print_(
    *inputs: Any,
    output_stream: Any = None,
    summarize: int = 3,
    sep: str = " ",
    end: str = "\n",
    name: str | None = None,
) -> None:
    """tf.print: runs at every call of a traced function (a graph node), prints to stderr.

    With a visualizer attached the text becomes one PrintOutput(stream="tf.print") event and goes
    to the process's original stream (not the captured one), so it is shown once.
    """
    text = sep.join(_format(v, summarize) for v in inputs) + end
    stream = (
        output_stream
        if output_stream is not None and hasattr(output_stream, "write")
        else sys.stderr
    )
    if trace.sink is not None:
        trace.emit(PrintOutput(text=text, stream="tf.print"))
        original = sys.__stdout__ if stream is sys.stdout else sys.__stderr__
        stream = original if original is not None else stream
    stream.write(text)
    stream.flush()
