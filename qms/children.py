"""Child processes that cannot outlive their parent unnoticed, and signals turned into exceptions.

Two ways keep a child from breaking the one-at-a-time rule once its parent is killed:

- it holds the parent's lock descriptor (``keep_open``), so the lock stays held until the
  child exits as well: the next run waits for it instead of racing it;
- it dies with its parent (``die_with_parent``: Linux ``PR_SET_PDEATHSIG``), for work
  that is worthless once the parent is gone.

SIGTERM, SIGINT and SIGHUP become an ``Interrupted`` exception, so ``finally`` blocks
run (temporary files removed, children stopped) instead of the process vanishing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import threading
from typing import Any, Callable, Iterator, Sequence

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOP_GRACE_SECONDS = 10.0
HANDLED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP")
                        if hasattr(signal, name))  # no SIGHUP on Windows


class Interrupted(BaseException):
    """A signal asked this process to stop (a BaseException, like KeyboardInterrupt)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Turn SIGTERM, SIGINT and SIGHUP into ``Interrupted`` while the block runs."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def handler(signum: int, frame) -> None:
        raise Interrupted(signum)

    previous = {number: signal.getsignal(number) for number in HANDLED_SIGNALS}
    for number in HANDLED_SIGNALS:
        signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()  # loaded once here: after fork the child should only call it


def _die_with_parent(parent_pid: int) -> Callable[[], None]:
    def preexec() -> None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before the line above took effect
            os._exit(1)
    return preexec


def run_child(command: Sequence[str], *, cwd, env, keep_open: Sequence[int] = (),
              die_with_parent: bool = False, own_group: bool = False, stdout=None, stderr=None) -> int:
    """Run ``command`` and return its exit code; an exception here (``Interrupted``) stops it first.

    ``own_group`` puts the child and its own children in a process group of their own,
    so that stopping it reaches them all (mike runs mkdocs and git fast-import).
    """
    preexec = _die_with_parent(os.getpid()) if die_with_parent and _PRCTL else None
    process = subprocess.Popen(list(command), cwd=cwd, env=env, pass_fds=tuple(keep_open),
                               preexec_fn=preexec, process_group=0 if own_group else None,
                               stdout=stdout, stderr=stderr)
    try:
        return process.wait()
    except BaseException:
        _stop(process, own_group)
        raise


def _stop(process: subprocess.Popen, whole_group: bool) -> None:
    """SIGTERM, then SIGKILL after a grace period; returns once the child has exited."""
    def send(number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, number) if whole_group else process.send_signal(number)

    # A second Ctrl-C must not cut this short and leave the child running unwaited.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED_SIGNALS)
    try:
        send(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            send(signal.SIGKILL)
            process.wait()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def child_stream(stream: Any) -> Any:
    """A stream a child process can write to (None: the parent's own, e.g. for a StringIO)."""
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    stream.flush()
    return stream
