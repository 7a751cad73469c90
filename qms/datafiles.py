"""Find and read the data files: one walk of data/, in the layout the kinds declare.

Everything the walk meets is either a file some kind reads, or a message:
a misspelt folder, a stray file, a subfolder nobody reads, a link to nothing
or out of the project, a file too big or unreadable. Nothing is skipped
silently (except hidden files such as .gitkeep or an editor's swap file) and
nothing raises: the loader reports every problem in one run.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import DataError, file_error
from .kinds import Kind
from .schema import character_name

MAX_BYTES = 1024 * 1024  # far above any real document; stops a pasted log or binary from stalling the build
MAX_TEXT = "1 MB"
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Layout:
    """Where each kind's files live, relative to data/ (always with '/')."""

    folders: dict[str, Kind]  # "procedures", "training/records": one document per .yml file
    files: dict[str, Kind]  # "organisation.yml", "training/matrix.yml": one file each
    between: frozenset[str]  # folders that only lead to the above, e.g. "training"
    # places of kinds whose feature the portal left out: their files stay in data/ unread
    left_out: frozenset[str] = frozenset()

    @classmethod
    def of(cls, kinds: Iterable[Kind], left_out: Iterable[Kind] = ()) -> "Layout":
        folders, files, between = {}, {}, set()
        for kind in kinds:
            place = kind.file or kind.folder or kind.name
            (files if kind.file else folders)[place] = kind
            between.update(_parents(place))
        unread = set()
        for kind in left_out:
            place = kind.file or kind.folder or kind.name
            unread.update({place, *_parents(place)})
        return cls(folders, files, frozenset(between - set(folders)),
                   frozenset(unread - set(folders) - set(files) - between))

    def children(self, folder: str) -> list[str]:
        """Names the layout expects directly inside ``folder`` ('' is data/ itself)."""
        prefix = f"{folder}/" if folder else ""
        names = {place[len(prefix):].split("/")[0] for place in (*self.folders, *self.files, *self.between)
                 if place.startswith(prefix) and place != folder}
        return sorted(names)


def _parents(place: str) -> list[str]:
    parts = place.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


@dataclass
class Found:
    """The files to read, per kind in declaration order, and what was wrong on the way."""

    tasks: list[tuple[Path, str, Kind]] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    # a kind's folder (place in data/) -> the folder that looks like a misspelling of it, as shown
    misnamed: dict[str, str] = field(default_factory=dict)


def find_data_files(root: Path, data_path: Path, kinds: tuple[Kind, ...], left_out: tuple[Kind, ...] = ()) -> Found:
    """Walk data/ once; ``root`` must be resolved. Links may point anywhere in the project or in data/
    (which may itself be a link, e.g. to a checkout of a separate data repository).
    Files of ``left_out`` kinds (features the portal does not use) are left alone."""
    layout = Layout.of(kinds, left_out)
    found = Found()
    _walk(data_path, "", Walk(root, data_path.resolve(), layout, found))
    order = {kind.name: index for index, kind in enumerate(kinds)}
    found.tasks.sort(key=lambda task: (order[task[2].name], task[0].name))
    for place, kind in layout.files.items():
        if not kind.optional and not any(task[2] is kind for task in found.tasks):
            if not any(error.path == shown_path(data_path / place, root) for error in found.errors):
                found.errors.append(file_error(shown_path(data_path / place, root), "file is missing",
                                               f"create it with the fields of the {kind.name}"))
    return found


@dataclass(frozen=True)
class Walk:
    root: Path
    data_path: Path  # resolved: the other place links may point into
    layout: Layout
    found: Found


def shown_path(path: Path, root: Path) -> str:
    """Path as messages show it: relative to the project root."""
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def _walk(folder: Path, place: str, walk: Walk) -> None:
    shown_folder = shown_path(folder, walk.root) + "/"
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except PermissionError:
        walk.found.errors.append(file_error(shown_folder, "cannot be read (permission denied)",
                                            "let the user who builds the site read this folder"))
        return
    except OSError as exc:
        walk.found.errors.append(file_error(shown_folder, f"cannot be read ({exc.strerror})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden: version control, OS and editor files
        path = folder / entry.name
        child = f"{place}/{entry.name}" if place else entry.name
        shown = shown_path(path, walk.root)
        is_dir = _follow(path, entry, shown, walk)
        if is_dir is None:
            continue
        if is_dir:
            _folder(path, place, child, shown, walk)
        else:
            _file(path, place, child, shown, walk)


def _follow(path: Path, entry: os.DirEntry, shown: str, walk: Walk) -> bool | None:
    """Whether the entry is a folder, following a link that stays in the project; None if refused.

    A refused link's target is never named: it could be a credentials file in a CI log.
    """
    if not entry.is_symlink():
        try:
            return entry.is_dir(follow_symlinks=False)
        except OSError:
            return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        walk.found.errors.append(file_error(shown, "is a link to something that does not exist",
                                            "remove the link, or put the file itself here"))
        return None
    if not (target.is_relative_to(walk.root) or target.is_relative_to(walk.data_path)):
        walk.found.errors.append(file_error(shown, "is a link to a place outside the project, so it is not read",
                                            "put the file itself in the data folder instead of a link"))
        return None
    return target.is_dir()


def _folder(path: Path, place: str, child: str, shown: str, walk: Walk) -> None:
    layout = walk.layout
    if child in layout.left_out:
        return
    if child in layout.folders or child in layout.between:
        _walk(path, child, walk)
    elif place in layout.folders and path.name == layout.folders[place].attachments:
        return  # the files documents of the kind name; their own checks look at each one named
    elif place in layout.folders:
        where = shown_path(path.parent, walk.root)
        walk.found.errors.append(file_error(
            shown + "/", f"is a folder inside {where}/, and subfolders are not read",
            f"move its files up into {where}/, or out of the data folder"))
    else:
        expected = [name for name in layout.children(place) if _join(place, name) not in layout.files]
        same = [name for name in expected if name.lower() == path.name.lower()]
        close = same[0] if same else _closest(path.name, expected)
        parent = shown_path(path.parent, walk.root)
        if close and not (path.parent / close).is_dir():
            walk.found.misnamed.setdefault(_join(place, close), shown + "/")
        if same:  # Roles for roles: the names of folders are case-sensitive on the server
            walk.found.errors.append(file_error(shown + "/", f"is not read: folder names are case-sensitive, and the "
                                                f"portal reads '{parent}/{close}/'", f"rename it to {close}"))
            return
        hint = (f"did you mean '{parent}/{close}/'?" if close
                else "the folders read here are: " + ", ".join(f"{name}/" for name in expected))
        walk.found.errors.append(file_error(shown + "/", "is not a folder the portal reads", hint))


def _file(path: Path, place: str, child: str, shown: str, walk: Walk) -> None:
    layout = walk.layout
    if child in layout.left_out:
        return
    if child in layout.files:
        walk.found.tasks.append((path, shown, layout.files[child]))
    elif place in layout.folders:
        if path.suffix in YAML_SUFFIXES:
            walk.found.tasks.append((path, shown, layout.folders[place]))
        else:
            walk.found.errors.append(file_error(shown, "is not a .yml file",
                                                "rename it to .yml, or move it out of the data folder"))
    else:
        expected = [name for name in layout.children(place) if _join(place, name) in layout.files]
        close = _closest(path.name, expected)
        parent = shown_path(path.parent, walk.root)
        hint = (f"did you mean '{parent}/{close}'?" if close
                else "move it into the folder of its kind, or out of the data folder")
        walk.found.errors.append(file_error(shown, "is not a file the portal reads", hint))


def _join(place: str, name: str) -> str:
    return f"{place}/{name}" if place else name


def _closest(name: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def read_data_file(path: Path, shown: str) -> tuple[bytes | None, DataError | None]:
    """The file's bytes, or why not: checked from stat first, so a huge file is refused unread."""
    try:
        # O_NONBLOCK: opening a named pipe must not hang the build; it is refused below.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        return None, file_error(shown, "cannot be read (permission denied)",
                                "let the user who builds the site read this file")
    except FileNotFoundError:
        return None, file_error(shown, "is a link to something that does not exist",
                                "remove the link, or put the file itself here")
    except OSError as exc:
        return None, file_error(shown, f"cannot be read ({exc.strerror})")
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return None, file_error(shown, "is not a regular file", "put a .yml file here")
        if status.st_size > MAX_BYTES:
            return None, too_big(shown, status.st_size)
        chunks, size = [], 0
        while chunk := os.read(handle, MAX_BYTES + 1 - size):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:  # it grew after the stat
                return None, too_big(shown, size)
        return b"".join(chunks), None
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        return None, file_error(shown, f"cannot be read ({reason})")
    finally:
        os.close(handle)


# What YAML refuses to read (YAML 1.1 printable set, as PyYAML's reader has it).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def unprintable(text: str, shown: str) -> DataError | None:
    """A character YAML cannot read, at its line and column (the parser would only give an offset)."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    character = found.group()
    return DataError(shown, line, column, "", f"contains the invisible character U+{ord(character):04X} "
                     f"({character_name(character)}), which YAML does not allow", "delete it: it often comes from copying text out of another program")


def too_big(shown: str, size: int) -> DataError:
    return file_error(shown, f"is {size / MAX_BYTES:.1f} MB; the limit is {MAX_TEXT} per file",
                      "split it into smaller files, or remove what does not belong in it")
