"""A content-addressed cache on disk, so an unchanged file is never parsed or analysed twice.

Keys are hashes of the input text plus the code version, so a stale entry can
never be served: changing a file or upgrading the portal changes the key. The
cache is an optimisation only: if the folder is not writable or a file is
damaged, everything is computed again and nothing fails.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

DISABLE = "QMS_NO_CACHE"


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


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qms"


def content_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class DiskCache:
    """One pickle file per project and purpose; entries not used in a run are dropped on save."""

    def __init__(self, purpose: str, project: Path):
        project_id = hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:12]
        self.path = cache_dir() / f"{purpose}-{project_id}.pickle"
        self.enabled = not os.environ.get(DISABLE)
        self.entries: dict[str, Any] = self._read() if self.enabled else {}
        self.used: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as stream:
                data = pickle.load(stream)
            return data if isinstance(data, dict) else {}
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return {}

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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            self.entries = dict(self.used)
        except OSError:
            pass
