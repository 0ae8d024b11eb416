"""tf.config (a subset): run_functions_eagerly for debugging traced functions."""

from typing import Any

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.function import functions_run_eagerly, run_functions_eagerly


def list_physical_devices(device_type: Any = None) -> list[Any]:
    """visualtape runs on the CPU with numpy: there are no GPUs to list."""
    return [] if device_type not in (None, "CPU") else ["/physical_device:CPU:0"]


__all__ = ["functions_run_eagerly", "list_physical_devices", "run_functions_eagerly"]
__getattr__ = missing_attribute("tf.config", globals())
