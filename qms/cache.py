"""A content-addressed cache on disk, so an unchanged file is never parsed or analysed twice.

Keys are hashes of the input text plus the code version, so a stale entry can
never be served: changing a file or upgrading the portal changes the key. The
cache is an optimisation only: if the folder is not writable or a file is
damaged, everything is computed again and nothing fails.

Where the cache lives is decided once, at the edge (the ``qms`` command, the
MkDocs hook), by :func:`cache_root` from the environment it is handed, and is
passed down as an argument. Each project gets a folder of its own, named after
its absolute path, so two checkouts never share or overwrite entries. The whole
cache is kept under a size limit: saving a file removes the least recently used
files once the folder grows past it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import platformdirs

LOCATION = "QMS_CACHE_DIR"  # a folder of its own for the cache (tests, CI, a shared runner)
DISABLE = "QMS_NO_CACHE"    # any non-empty value: no disk cache at all
SIZE_LIMIT = 200 * 1024 * 1024  # bytes: past this, the least recently used files go
KEEP_AFTER_EVICTION = 0.8       # evict down to this share of the limit, so the next saves don't evict again


@lru_cache(maxsize=1)
def code_version() -> str:
    """Changes whenever any module of the qms package or its page templates changes."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2", ".yml") and path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def cache_root(environ: Mapping[str, str]) -> Path | None:
    """The cache folder chosen by ``environ``; ``None`` when the disk cache is switched off.

    ``QMS_CACHE_DIR`` when set, else the platform's cache folder for ``qms``
    (``~/.cache/qms`` on Linux, following ``XDG_CACHE_HOME``).
    """
    if environ.get(DISABLE):
        return None
    if environ.get(LOCATION):
        return Path(environ[LOCATION])
    return Path(platformdirs.user_cache_dir("qms", appauthor=False))


def project_folder(root: Path, project: Path) -> Path:
    """The project's own folder under ``root``: readable name, and a hash of its absolute path."""
    resolved = project.resolve()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", resolved.name)[:40] or "project"
    return root / f"{name}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:12]}"


def content_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def mark_used(path: Path) -> None:
    """Record a read in the file's modification time, the clock eviction goes by (atime is often off)."""
    try:
        os.utime(path)
    except OSError:
        pass


def evict(root: Path, limit: int = SIZE_LIMIT) -> list[Path]:
    """Remove the least recently used files under ``root`` when together they exceed ``limit`` bytes.

    Cheap enough for every save: one ``stat`` per file, and the limit keeps the
    file count small. Returns the files removed.
    """
    files: list[tuple[float, int, Path]] = []
    try:
        for path in root.rglob("*"):
            try:
                stat = path.lstat()
            except OSError:
                continue
            if path.is_file() and not path.is_symlink():
                files.append((stat.st_mtime, stat.st_size, path))
    except OSError:
        return []
    total = sum(size for _, size, _ in files)
    if total <= limit:
        return []
    removed = []
    for _, size, path in sorted(files, key=lambda item: item[0]):
        if total <= limit * KEEP_AFTER_EVICTION:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed.append(path)
        try:
            path.parent.rmdir()  # a project folder left empty
        except OSError:
            pass
    return removed


class DiskCache:
    """One pickle file per project and purpose; entries not used in a run are dropped on save.

    ``root`` is the cache folder from :func:`cache_root`; ``None`` switches the
    disk cache off (everything is computed, nothing is written).
    """

    def __init__(self, purpose: str, project: Path, root: Path | None, limit: int = SIZE_LIMIT):
        self.root = root
        self.limit = limit
        self.enabled = root is not None
        self.path = project_folder(root, project) / f"{purpose}.pickle" if root is not None else None
        self.entries: dict[str, Any] = self._read() if self.enabled else {}
        self.used: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            with self.path.open("rb") as stream:
                data = pickle.load(stream)
        except FileNotFoundError:
            return {}
        except Exception:  # noqa: BLE001 - a damaged or foreign file is any error pickle can raise
            return {}
        if not isinstance(data, dict):
            return {}
        mark_used(self.path)
        return data

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        if not self.enabled or self.used.keys() == self.entries.keys():
            return
        assert self.path is not None and self.root is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
            self.entries = dict(self.used)
        except (OSError, pickle.PicklingError):
            return
        evict(self.root, self.limit)
