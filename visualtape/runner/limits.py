"""Guards the child puts around a script: a memory ceiling and a watch on the parent process.

The memory limit is an address-space limit (`RLIMIT_AS`), so a runaway allocation fails with
`MemoryError` inside the script instead of taking the machine (or the GUI) down. It is applied
after the runner's own imports and never set below what the process already uses plus
`HEADROOM_MB`, so a small limit still leaves the script room to start.

>>> limit_bytes(4096, current_bytes=50 * MIB, hard=None) // MIB
4096
>>> limit_bytes(100, current_bytes=900 * MIB, hard=None) // MIB
1156
"""

from __future__ import annotations

import os
import threading
import time

MIB = 1 << 20
HEADROOM_MB = 256
PARENT_CHECK_SECONDS = 0.5


def limit_bytes(limit_mb: int, current_bytes: int, hard: int | None) -> int:
    """The soft RLIMIT_AS for a limit of `limit_mb`, given current use and the hard limit."""
    wanted = max(limit_mb * MIB, current_bytes + HEADROOM_MB * MIB)
    return wanted if hard is None else min(wanted, hard)


def address_space_bytes() -> int:
    """This process's virtual memory size (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def limit_memory(limit_mb: int | None) -> None:
    """Cap this process's address space (no-op when None/0 or on systems without `resource`)."""
    if not limit_mb:
        return
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    hard_limit = None if hard == resource.RLIM_INFINITY else hard
    resource.setrlimit(
        resource.RLIMIT_AS, (limit_bytes(limit_mb, address_space_bytes(), hard_limit), hard)
    )


def watch_parent(parent_pid: int) -> threading.Thread:
    """Exit at once if the parent dies, so an orphaned script (say, an endless loop) ends too.

    `parent_pid` comes from the parent itself: a parent that died before the child started
    is then noticed too (the child's `getppid()` is already someone else's by then).
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(70)

    thread = threading.Thread(target=watch, name="visualtape-parent-watch", daemon=True)
    thread.start()
    return thread
