"""An exclusive lock on a file (``flock``) that child processes can share.

The lock belongs to the open file, not to the process: a child started with the lock's
descriptor in ``pass_fds`` keeps it held after its parent dies, until the child exits
too. That is why the lock is released by closing the descriptor, never by ``LOCK_UN``
(which would release it for the children as well).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator, TextIO


class LockError(Exception):
    """The lock file cannot be opened (a read-only folder, no permission…)."""


@contextlib.contextmanager
def exclusive_lock(path: Path, waiting_message: str, err: TextIO) -> Iterator[int | None]:
    """Hold the lock on ``path``; wait (saying so on ``err``) while another process holds it.

    Yields the descriptor, for ``pass_fds``; ``None`` where ``flock`` does not exist
    (not POSIX), where nothing is serialised.
    """
    try:
        import fcntl
    except ImportError:
        yield None
        return
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise LockError(f"cannot open the lock file {path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(waiting_message, file=err, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)
