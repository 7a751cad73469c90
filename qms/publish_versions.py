"""Which release a publish makes: the order of names, and what the pages branch already holds.

A published release never changes. Its name again, from the commit it was made from, is
nothing to do; from anything else it is refused. ``--refresh`` is the one way to build a
release again: the newest one, from the same sources, with today's date.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .publish_git import Git, PublishError
from .today import TodayError, today

WATCHED = ("data", "docs", "overrides", "hooks", "mkdocs.yml", "qms-baseline.json")  # a release is made of these


def refresh_version(git: "Git", versions: Sequence[Mapping[str, object]], branch: str, commit: str,
                    changed: Sequence[str]) -> str:
    """The newest release, when the checked-out commit has the sources it was made from.

    A refresh must not slip new content out under an old release's name: when data, docs or
    the configuration changed since that release, publish a new release instead."""
    newest = newest_version(versions)
    if newest is None:
        raise PublishError(f"there is no release on the '{branch}' branch to refresh: publish one first")
    entry = next(entry for entry in versions if str(entry.get("version")) == newest)
    properties = entry.get("properties") if isinstance(entry.get("properties"), dict) else {}
    made_from = str(properties.get("commit") or "")
    if not made_from:
        raise PublishError(f"release {newest} does not record the commit it was made from, so a refresh "
                           "cannot tell whether it would change its content: publish a new release instead")
    if properties.get("uncommitted"):
        raise PublishError(f"release {newest} was published with changes that were not committed, so a "
                           "refresh cannot build the same content again: publish a new release instead")
    if changed:
        raise PublishError(f"these files are not committed: {listed(changed)}. A refresh republishes the "
                           f"content of release {newest}, so commit them and publish a new release instead")
    differs = sources_differ(git, made_from, commit)
    if differs is None:
        raise PublishError(f"cannot compare with commit {made_from[:12]}, which release {newest} was made "
                           "from (fetch the whole history first)")
    if differs:
        raise PublishError(f"the sources changed since release {newest} (made from {made_from[:12]}): "
                           "a refresh republishes the same content, so publish a new release instead")
    return newest


def already_published(git: "Git", versions: Sequence[Mapping[str, object]], version: str, commit: str,
                      changed: Sequence[str], environ: Mapping[str, str], branch: str, out) -> bool:
    """True when ``version`` is on the pages branch, made from this commit: nothing to do.

    Raises when the name is taken by content from another commit (a published release never
    changes) or is older than the newest release; returns False for a new, later name."""
    newest = newest_version(versions)
    entry = next((entry for entry in versions if entry.get("version")
                  and same_release(str(entry["version"]), version)), None)
    if entry is None:
        if newest and older(newest, version):
            raise PublishError(f"release {version} would be older than {newest}, the newest release; "
                               f"use a later name{later_name_example(newest, environ)}")
        return False
    name = str(entry["version"])
    shown = name if name == version else f"{version} (as {name})"
    properties = entry.get("properties") if isinstance(entry.get("properties"), dict) else {}
    made_from = str(properties.get("commit") or "")
    if made_from == commit and not changed and not properties.get("uncommitted"):
        print(f"Release {shown} is already published from this commit ({commit[:12]}) on the "
              f"'{branch}' branch: nothing to do.", file=out)
        return True
    why = (f"from commit {made_from[:12]}" if made_from and made_from != commit
           else "from other content" if made_from else "")
    todo = f"publish this content under a later name{later_name_example(newest or name, environ)}"
    if name == newest and made_from and not changed and sources_differ(git, made_from, commit) is False:
        todo += " (or run 'qms publish --refresh' to build it again with today's date)"
    raise PublishError(f"release {shown} is already published{' ' + why if why else ''}, and a published "
                       f"release never changes: {todo}")


def later_name_example(newest: str, environ: Mapping[str, str]) -> str:
    """', such as 2026.12' (today's month, else today's date) when that sorts after ``newest``."""
    try:
        date = today(environ)
    except TodayError:
        return ""
    for name in (f"{date.year}.{date.month:02d}", f"{date.year}.{date.month:02d}.{date.day:02d}"):
        if older(name, newest):  # newest sorts before it
            return f", such as {name}"
    return ""


def sources_differ(git: "Git", made_from: str, commit: str) -> bool | None:
    """Whether data, docs or configuration differ between two commits (None: cannot tell)."""
    differs = git.run("diff", "--quiet", made_from, commit, "--", *WATCHED, check=False).returncode
    return {0: False, 1: True}.get(differs)


def listed(paths: Sequence[str]) -> str:
    return ", ".join(paths[:10]) + (" …" if len(paths) > 10 else "")


# --- order ------------------------------------------------------------------------------------

def _loose(version: str):
    from verspec.loose import LooseVersion  # mike's own ordering of versions
    return LooseVersion(version)


def same_release(first: str, second: str) -> bool:
    """Whether two names are one release: equal in mike's order, as 2026.01 and 2026.1 are."""
    return first == second or _loose(first) == _loose(second)


def older(first: str, second: str) -> bool:
    """True when release ``second`` sorts before ``first`` (mike's order: 2026.1 < 2026.2 < 2026.11)."""
    return _loose(second) < _loose(first)


def newest_version(versions: Sequence[Mapping[str, object]]) -> str | None:
    names = [str(entry["version"]) for entry in versions if entry.get("version")]
    return max(names, key=_loose) if names else None


def previous_version(versions: Sequence[Mapping[str, object]], version: str) -> str | None:
    """The newest published release older than ``version`` (republishing keeps the same previous)."""
    names = [str(entry["version"]) for entry in versions
             if entry.get("version") and entry["version"] != version and older(version, str(entry["version"]))]
    return max(names, key=_loose) if names else None
