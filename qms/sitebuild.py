"""``qms build``: build the site beside ``site/`` and swap it in, one build at a time.

- A lock (``.site.lock`` beside ``site/``) serialises builds; a second build waits.
- Under the lock the leftovers of killed builds are removed first (staging folders,
  old copies), which is only safe while no other build can be using them.
- mkdocs builds into a staging folder ``.site-<random>`` in the same folder, so the swap
  is a rename within one file system; the staging folder gets the permissions a plain
  ``mkdocs build`` gives ``site/`` (umask-based, not mkdtemp's 0700).
- The swap is atomic (``qms.exchange``): there is no moment without a complete ``site/``.
- The mkdocs child holds the lock and dies with this process, so a killed build neither
  lets the next one start early nor leaves a build writing into a folder being removed.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Mapping, TextIO

from .children import Interrupted, child_stream, run_child, signals_as_exceptions
from .exchange import replace_folder, restore_old_copy
from .faults import pause_at
from .filelock import LockError, exclusive_lock

EXIT_OK, EXIT_INPUT = 0, 2
# What follows ".site-" in the name of a staging folder or an old copy: mkdtemp's eight
# characters, so that ".site-preview", another site's folder, is never taken for one.
STAGING_NAME = re.compile(r"(?:old-)?[a-z0-9_]{8}")


class SiteError(Exception):
    """``site/`` cannot be replaced; the message says why and what to do."""


def lock_path(site: Path) -> Path:
    return site.parent / f".{site.name}.lock"


def staging_prefix(site: Path) -> str:
    return f".{site.name}-"


def build_site(root: Path, site: Path, *, strict: bool, environ: Mapping[str, str],
               out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Build the project at ``root`` into ``site``; returns the exit code (0, 2, or 128+signal)."""
    try:
        with signals_as_exceptions():
            check_replaceable(root, site)  # before waiting or building: say at once what is wrong
            with exclusive_lock(lock_path(site), f"Another build of {site} is running: waiting for it "
                                                 "to finish …", err) as lock:
                try:
                    remove_leftovers(site, err)
                except OSError as exc:
                    raise SiteError(f"cannot tidy up after an earlier build: {exc}") from None
                check_replaceable(root, site)  # again: the build we waited for may have changed it
                return _build_and_swap(root, site, strict, environ, lock, out, err)
    except (SiteError, LockError) as exc:
        print(f"error: {exc}", file=err)
        print(f"{site} was left as it was.", file=err)
        return EXIT_INPUT
    except Interrupted as exc:
        print(f"Interrupted ({exc}): stopped. {site} is whole: a build is only ever swapped in complete.",
              file=err)
        return exc.exit_code


def _build_and_swap(root: Path, site: Path, strict: bool, environ: Mapping[str, str], lock: int | None,
                    out: TextIO, err: TextIO) -> int:
    try:
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site), dir=site.parent))
    except OSError as exc:
        raise SiteError(f"cannot make a staging folder in {site.parent}: {exc.strerror}") from None
    to_remove: Path | None = staging
    try:
        os.chmod(staging, 0o777 & ~current_umask())
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"),
                   "--site-dir", str(staging), *(["--strict"] if strict else [])]
        try:
            # Material's end-of-life notice on every build drowns what the build says (README.md has it)
            env = {"NO_MKDOCS_2_WARNING": "1", **environ}
            code = run_child(command, cwd=root, env=env, keep_open=[lock] if lock is not None else [],
                             die_with_parent=True, stdout=child_stream(out), stderr=child_stream(err))
        except OSError as exc:
            raise SiteError(f"cannot run mkdocs: {exc.strerror}") from None
        if code != 0:
            print(f"Build failed: {site} was left as it was.", file=err)
            return EXIT_INPUT if code == 1 else code
        pause_at("before-swap", environ)
        try:
            to_remove = replace_folder(staging, site)
        except OSError as exc:
            raise SiteError(f"cannot replace {site}: {exc.strerror}") from None
        pause_at("after-swap", environ)
        print(f"Built {site}", file=out)
        return EXIT_OK
    finally:
        if to_remove is not None:
            _remove(to_remove, err)


def check_replaceable(root: Path, site: Path) -> None:
    """Raise SiteError unless ``site`` can be swapped out and its old copy removed afterwards."""
    if site == root or root.is_relative_to(site):
        raise SiteError(f"the site folder {site} would replace the project itself: choose another --site-dir")
    parent = site.parent
    if not parent.is_dir():
        raise SiteError(f"{parent} does not exist: create it first, or choose another --site-dir")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SiteError(f"cannot write in {parent} (read-only or no permission), so {site.name} "
                        "cannot be replaced")
    if not os.path.lexists(site):
        return
    if site.is_symlink() or not site.is_dir():
        raise SiteError(f"{site} is not a folder: move it away or choose another --site-dir")
    for folder, _, _ in os.walk(site):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise SiteError(f"{folder} is read-only (or not ours), so the old site could not be removed "
                            f"after the swap: make it writable (chmod -R u+w, chattr -R -i) or remove {site}")


def remove_leftovers(site: Path, err: TextIO) -> None:
    """What killed builds left: a staging folder, an old copy. Call only while holding the lock."""
    if restore_old_copy(site):
        print(f"Put back {site}: an earlier build was stopped while swapping it.", file=err)
    legacy = site.with_name(site.name + ".old")  # earlier versions kept the old site there
    if legacy.is_dir() and not legacy.is_symlink():
        if not os.path.lexists(site):
            os.rename(legacy, site)
        else:
            _remove(legacy, err)
    for leftover in site.parent.glob(staging_prefix(site) + "*"):
        if STAGING_NAME.fullmatch(leftover.name[len(staging_prefix(site)):]) and leftover.is_dir() \
                and not leftover.is_symlink():
            _remove(leftover, err)


def _remove(folder: Path, err: TextIO) -> None:
    def report(function, path, exc_info) -> None:
        problems.append(f"{path}: {exc_info[1].strerror if isinstance(exc_info[1], OSError) else exc_info[1]}")

    problems: list[str] = []
    shutil.rmtree(folder, onerror=report)
    if problems and os.path.lexists(folder):
        print(f"warning: could not remove {folder} ({problems[0]}); the next build tries again", file=err)


def current_umask() -> int:
    """The process umask (only readable by setting it; put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
