"""Worker processes die with the command that started them.

A killed ``edition pdf`` must not leave workers behind that go on writing PDFs minutes later:
every pool's initializer is :func:`die_with_parent`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.5


def die_with_parent(main_pid: int) -> None:
    """Pool initializer: end this worker as soon as ``main_pid`` (the command) is gone.

    The kernel's parent-death signal covers a worker forked by the command itself; a watchdog
    thread covers workers started by a fork server (whose parent is the server, not the command)
    and systems without prctl."""
    _parent_death_signal()
    threading.Thread(target=_watch, args=(main_pid,), name="die-with-parent", daemon=True).start()


def _parent_death_signal() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library already loaded: no lookup
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the watchdog alone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(main_pid: int) -> None:
    while _alive(main_pid) and os.getppid() != 1:
        time.sleep(_POLL_SECONDS)
    os._exit(1)  # the command is gone: nothing this worker writes would be wanted
