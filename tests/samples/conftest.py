"""Fixtures for the sample tests: `run_sample` runs each sample once per session, in process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sample_exec import SampleFailed, SampleRun, execute_sample, sample_path


@pytest.fixture(scope="session")
def run_sample() -> Callable[[str], SampleRun]:
    """`run_sample("01_basic_gradient")` -> its `SampleRun` (run once, then cached)."""
    cache: dict[str, SampleRun | SampleFailed] = {}

    def run(stem: str) -> SampleRun:
        if stem not in cache:
            try:
                cache[stem] = execute_sample(sample_path(stem))
            except SampleFailed as failure:
                cache[stem] = failure  # a failing sample is not run again by the next test
        result = cache[stem]
        if isinstance(result, SampleFailed):
            raise SampleFailed(str(result))
        return result

    return run
