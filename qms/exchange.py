"""Put a new folder in place of an old one in one atomic step.

Linux ``renameat2(RENAME_EXCHANGE)`` swaps two paths in one system call: every reader
sees either the whole old folder or the whole new one, and the target stays a real
folder (web server configurations and ``mkdocs serve`` expect one). Where the call is
missing (not Linux, or a file system without it, such as NFS) two renames are used; a
kill between them leaves the old copy under a known name, and ``restore_old_copy``
puts it back on the next run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import sys
from pathlib import Path
from typing import Callable

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # from <linux/fs.h>
OLD_COPY_INFIX = "-old-"  # the old copy of ``site`` waits as ``.site-old-<random>`` between two renames


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _load_renameat2()


class ExchangeUnsupported(OSError):
    """This system or file system cannot swap two paths atomically."""


def exchange(first: Path, second: Path) -> None:
    """Swap the two paths atomically (both must exist); OSError when that fails."""
    if _RENAMEAT2 is None:
        raise ExchangeUnsupported(errno.ENOSYS, "renameat2 is not available")
    if _RENAMEAT2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        number = ctypes.get_errno()
        if number in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            raise ExchangeUnsupported(number, os.strerror(number))
        raise OSError(number, os.strerror(number), str(second))


def replace_folder(new: Path, target: Path, *, atomic: bool = True) -> Path | None:
    """Make ``new`` the folder at ``target``; returns where the old folder now is (to remove).

    With an existing target the swap is atomic where the system allows it (``atomic``
    False forces the fallback, for tests). Raises OSError, leaving the target as it was.
    """
    if not os.path.lexists(target):
        os.rename(new, target)
        return None
    if atomic:
        try:
            exchange(new, target)
            return new  # the old folder now has the new one's name
        except ExchangeUnsupported:
            pass
    old = new.with_name(f".{target.name}{OLD_COPY_INFIX}{new.name.rsplit('-', 1)[-1]}")
    os.rename(target, old)
    try:
        os.rename(new, target)  # a kill just before this line is repaired by restore_old_copy
    except OSError:
        os.rename(old, target)
        raise
    return old


def restore_old_copy(target: Path) -> bool:
    """After a kill between the two renames of the fallback, put the old folder back."""
    if os.path.lexists(target):
        return False
    copies = sorted(target.parent.glob(f".{target.name}{OLD_COPY_INFIX}*"), key=lambda p: p.stat().st_mtime)
    copies = [copy for copy in copies if copy.is_dir() and not copy.is_symlink()]
    if not copies:
        return False
    os.rename(copies[-1], target)
    return True
