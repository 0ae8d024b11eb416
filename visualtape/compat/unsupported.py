"""Clear errors for TensorFlow APIs that visualtape does not provide (never a silent answer).

Each compat module ends with `__getattr__ = missing_attribute("tf.signal", globals())` (PEP 562):
an unknown name raises `UnsupportedAPIError`, an `AttributeError` that names the TF API, the
user's script line and, for a likely typo, the intended name.

>>> getter = missing_attribute("tf", {"GradientTape": object})
>>> try:
...     getter("GradientTap")
... except UnsupportedAPIError as error:
...     "did you mean tf.GradientTape?" in str(error)
True
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from visualtape.engine.location import describe, user_location


class UnsupportedAPIError(AttributeError):
    """A TensorFlow API that visualtape does not implement (or a misspelt one)."""

    def __init__(self, api: str, message: str) -> None:
        super().__init__(message)
        self.api = api


# Real TensorFlow modules we do not provide: `tf.signal` resolves to a placeholder so that
# `tf.signal.fft` names the full API in its error.
UNSUPPORTED_MODULES: dict[str, frozenset[str]] = {
    "tf": frozenset(
        {
            "audio",
            "autograph",
            "bitwise",
            "compat",
            "debugging",
            "distribute",
            "estimator",
            "experimental",
            "feature_column",
            "graph_util",
            "image",
            "io",
            "lite",
            "lookup",
            "mixed_precision",
            "mlir",
            "nest",
            "queue",
            "quantization",
            "ragged",
            "raw_ops",
            "saved_model",
            "sets",
            "signal",
            "sparse",
            "strings",
            "summary",
            "sysconfig",
            "test",
            "tpu",
            "train",
            "types",
            "version",
            "xla",
        }
    ),
    "tf.keras": frozenset(
        {
            "applications",
            "callbacks",
            "constraints",
            "datasets",
            "experimental",
            "mixed_precision",
            "preprocessing",
            "regularizers",
            "utils",
            "wrappers",
        }
    ),
}
# Real TensorFlow names (not modules) that are not typos: never "did you mean" for these.
KNOWN_APIS: frozenset[str] = frozenset(
    {
        "argsort",
        "boolean_mask",
        "case",
        "cond",
        "control_dependencies",
        "cumsum",
        "custom_gradient",
        "device",
        "dynamic_partition",
        "einsum",
        "foldl",
        "foldr",
        "gather_nd",
        "gradients",
        "Graph",
        "group",
        "hessians",
        "IndexedSlices",
        "init_scope",
        "map_fn",
        "meshgrid",
        "norm",
        "numpy_function",
        "pad",
        "py_function",
        "RaggedTensor",
        "recompute_grad",
        "reverse",
        "roll",
        "scan",
        "scatter_nd",
        "searchsorted",
        "sequence_mask",
        "Session",
        "slice",
        "sort",
        "SparseTensor",
        "split",
        "strided_slice",
        "TensorArray",
        "tensordot",
        "tensor_scatter_nd_update",
        "unique",
        "vectorized_map",
        "while_loop",
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "MaxPooling2D",
        "AveragePooling2D",
        "Dropout",
        "BatchNormalization",
        "LayerNormalization",
        "Embedding",
        "LSTM",
        "GRU",
        "SimpleRNN",
        "Conv2DTranspose",
        "GlobalAveragePooling2D",
        "Concatenate",
        "Add",
        "LeakyReLU",
        "ReLU",
        "Softmax",
        "Normalization",
        "Rescaling",
        "Nadam",
        "Adamax",
        "Ftrl",
        "AdamW",
        "Huber",
        "KLDivergence",
        "Hinge",
        "Precision",
        "Recall",
        "AUC",
    }
)


class UnsupportedModule:
    """Stands for a real TF module visualtape lacks; any attribute raises with its full name."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        api = f"{self._prefix}.{name}"
        where = describe(user_location())
        at = f" (at {where})" if where else ""
        raise UnsupportedAPIError(api, f"{api} is not supported by visualtape yet{at}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        where = describe(user_location())
        at = f" (at {where})" if where else ""
        raise UnsupportedAPIError(
            self._prefix, f"{self._prefix} is not supported by visualtape yet{at}"
        )

    def __repr__(self) -> str:
        return f"<unsupported module '{self._prefix}'>"


def unsupported_message(api: str, known: list[str], prefix: str) -> str:
    """'tf.signal.fft is not supported by visualtape yet (at script.py:3)' plus a suggestion."""
    name = api.rpartition(".")[2]
    candidates = [k for k in known if not k.startswith("_")]
    close = (
        [] if name in KNOWN_APIS else difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    )
    where = describe(user_location())
    at = f" (at {where})" if where else ""
    if close:
        return f"{api} does not exist{at}: did you mean {prefix}.{close[0]}?"
    return f"{api} is not supported by visualtape yet{at}"


def missing_attribute(prefix: str, namespace: Mapping[str, Any]) -> Callable[[str], Any]:
    """A module-level `__getattr__` that raises UnsupportedAPIError for unknown names."""

    def __getattr__(name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            # Dunder probes (copy, pickle, doctest, inspect) must see a plain AttributeError.
            raise AttributeError(f"module {prefix!r} has no attribute {name!r}")
        api = f"{prefix}.{name}"
        if name in UNSUPPORTED_MODULES.get(prefix, ()):
            return UnsupportedModule(api)
        raise UnsupportedAPIError(api, unsupported_message(api, list(namespace), prefix))

    return __getattr__


class Namespace:
    """A read-only attribute namespace (e.g. `tf.keras.backend`) with the same clear errors."""

    def __init__(self, prefix: str, **members: Any) -> None:
        self._prefix = prefix
        self.__dict__.update(members)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        api = f"{self._prefix}.{name}"
        known = [k for k in self.__dict__ if not k.startswith("_")]
        raise UnsupportedAPIError(api, unsupported_message(api, known, self._prefix))

    def __repr__(self) -> str:
        return f"<module '{self._prefix}' (visualtape)>"
