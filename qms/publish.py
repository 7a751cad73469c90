"""Publish a release: every gate, a strict build, then mike deploys it to the pages branch.

The quality team's whole workflow is a git push; CI (or a person) then runs
``qms publish 2026.11``. Nothing is deployed unless every step passes:

1. One publish at a time per repository (a lock file in the git folder). mike runs
   holding the lock: when this process is killed, mike finishes its deploy (one git
   fast-import commit, so the branch gets the whole release or none of it) and the
   next publish waits for it. Under the lock, the next publish removes what a killed
   one left (its configuration file and scratch folder).
2. The release name is valid (``release_name_problem``), new and later than the newest
   release; the data is committed (a release must match a commit). With ``--push`` the
   pages branch is first brought up to date from the remote. A published release never
   changes: its name again from the commit it was made from does nothing, from any other
   commit it is refused (``--refresh`` builds the newest one again from the same sources).
3. The gates: load, validate and analyse, as ``qms check``. Errors stop here,
   and so do warnings, because the strict build would count them
   (``qms baseline`` accepts the flags a team has decided to live with).
   Operational facts (a KPI value not yet entered, an audit late, training due)
   never stop a release: the build logs them at info level.
4. The previous release's document list is read from the pages branch
   (``<version>/qms-report.json``) into a file the build reads
   (``QMS_PREVIOUS_RELEASE``), so the build can write the release notes.
5. ``mike deploy --update-aliases VERSION latest`` runs ``mkdocs build`` with
   ``strict: true`` into a temporary folder; our hooks run inside it and
   QMS_TODAY applies. When the build fails, mike commits nothing. SIGTERM, SIGINT or
   SIGHUP stop mike and its children, remove the temporary files and leave the
   branch as it was.
6. ``mike set-default latest`` on the first release (the site root redirects
   to the newest release), and a push (by this process, not mike) only when asked.

The ``latest`` alias is a copy (``alias_type: copy`` in mkdocs.yml), so it
works on any static web server. The core of the portal never imports mike or
MkDocs: this module runs them as commands.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from .build import prepare
from .children import Interrupted, child_stream, run_child, signals_as_exceptions
from .errors import DataErrors
from .flags import count_by_severity
from .faults import pause_at
from .filelock import LockError
from .publish_git import Git, PublishError
from .publish_versions import (WATCHED, already_published, listed, previous_version, refresh_version,
                               same_release)
from .features.releases import PREVIOUS_ENV, RELEASE_ENV, release_name_problem
from .project import qms_config, read_mkdocs_config
from .settings import SettingsError
from .today import TodayError

EXIT_OK, EXIT_FLAGS, EXIT_INPUT = 0, 1, 2
LATEST = "latest"
CONFIG_PREFIX = ".qms-publish-"  # mike's configuration file, beside mkdocs.yml: .qms-publish-<pid>.yml
SCRATCH = "qms-publish"  # in the git folder: the next publish finds a killed one's leftovers there


@dataclass(frozen=True)
class PublishOptions:
    version: str
    branch: str | None = None  # default: remote_branch in mkdocs.yml, else gh-pages
    remote: str | None = None  # default: remote_name in mkdocs.yml, else origin
    push: bool = False
    title: str | None = None
    allow_dirty: bool = False
    # Republish the newest release under its own name: the same content, built again today, so
    # what a page says from the build's date (dashboard, review flags) does not go stale overnight.
    refresh: bool = False


def publish(root: Path, options: PublishOptions, environ: Mapping[str, str],
            out=sys.stdout, err=sys.stderr) -> int:
    """Run the whole publication; returns an exit code (0 published, 1 flags or build, 2 input).

    ``environ`` is the caller's environment (the command line hands down its own).
    """
    environ = dict(environ)
    try:
        with signals_as_exceptions():
            git = Git(root, environ)
            with git.lock(err) as lock:
                remove_leftovers(root, git)
                scratch = git.common_dir / SCRATCH
                try:
                    try:
                        scratch.mkdir()
                    except OSError as exc:
                        raise PublishError(f"cannot make the scratch folder {scratch}: {exc.strerror}") from None
                    return _publish(root, options, git, lock, scratch, environ, out, err)
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)
    except (PublishError, LockError) as exc:
        print(f"error: {exc}", file=err)
        print("Nothing was published.", file=err)
        return exc.code if isinstance(exc, PublishError) else EXIT_INPUT
    except Interrupted as exc:
        print(f"Interrupted ({exc}): the pages branch has every release it lists; temporary files "
              "were removed.", file=err)
        return exc.exit_code


def remove_leftovers(root: Path, git: "Git") -> None:
    """The configuration file and scratch folder of a publish that was killed (call under the lock)."""
    for leftover in root.glob(CONFIG_PREFIX + "*.yml"):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(git.common_dir / SCRATCH, ignore_errors=True)


def _publish(root: Path, options: PublishOptions, git: "Git", lock: int | None, scratch_path: Path,
             environ: dict[str, str], out, err) -> int:
    config = read_mkdocs_config(root / "mkdocs.yml")
    branch = options.branch or str(config.get("remote_branch") or "gh-pages")
    remote = options.remote or str(config.get("remote_name") or "origin")
    version = (options.version or "").strip()
    if not options.refresh:
        problem = release_name_problem(version)
        if problem:
            raise PublishError(problem)
    commit = git.head()
    changed = git.changed_files(WATCHED)
    if changed and not options.allow_dirty:
        raise PublishError("these files are not committed, so the release would not match a commit: "
                           + listed(changed) + " (commit them first, or use --allow-dirty)")
    if options.push:
        git.update_from_remote(remote, branch)
    versions = git.published_versions(branch)
    if options.refresh:
        version = refresh_version(git, versions, branch, commit, changed)
    elif already_published(git, versions, version, commit, changed, environ, branch, out):
        return push_only(git, options.push, remote, branch, out, err)

    print(f"Checking the data for release {version} …", file=out)
    run_gates(root, environ, out, err)

    previous = previous_version(versions, version)
    earlier = [str(entry["version"]) for entry in versions
               if entry.get("version") and not same_release(str(entry["version"]), version)]
    previous_report = git.read_json(branch, f"{previous}/qms-report.json") if previous else None
    if previous and previous_report is None:
        print(f"warning: release {previous} has no qms-report.json; the notes list every document as added",
              file=err)

    previous_file = scratch_path / "previous-release.json"
    previous_file.write_text(json.dumps({
        "releases": earlier,
        "previous": ({"version": previous, "documents": previous_report.get("documents", [])}
                     if previous and isinstance(previous_report, dict) else None),
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    env = dict(environ)
    env[RELEASE_ENV] = version
    env[PREVIOUS_ENV] = str(previous_file)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(git.identity_fallback())

    def mike(*arguments: str) -> int:
        """mike holds the lock (it outlives a killed publisher) in a process group of its own
        (so that stopping it on a signal stops its mkdocs and git children too). A background
        group must not read the terminal, so mike never pushes: a push may ask for a password."""
        out.flush()
        err.flush()
        try:
            return run_child([*mike_command(), *arguments], cwd=root, env=env,
                             keep_open=[lock] if lock is not None else [], own_group=True,
                             stdout=child_stream(out), stderr=child_stream(err))
        except OSError as exc:
            raise PublishError(f"cannot run mike: {exc.strerror}") from None

    with publish_config(root, scratch_path / "site") as config_file:
        print(f"Building release {version} (strict) and deploying it to the '{branch}' branch …", file=out)
        pause_at("publish-before-mike", environ)
        before = git.branch_head(branch)
        deployed = mike("deploy", "--config-file", str(config_file), "--branch", branch,
                        "--remote", remote, "--update-aliases",
                        "--message", f"{'Refresh' if options.refresh else 'Publish'} release {version} "
                                     f"from {commit[:12]}",
                        "--prop-set-string", f"commit={commit}",
                        # a refresh may build exactly what is there: checked below, not a failure
                        *(["--allow-empty"] if options.refresh else []),
                        # the release does not match its commit: never a no-op or a refresh later
                        *(["--prop-set", "uncommitted=true"] if changed else []),
                        *(["--title", options.title] if options.title else []),
                        version, LATEST)
        if deployed != 0:
            print(f"The build of release {version} failed: the '{branch}' branch was left as it was.",
                  file=err)
            print("Nothing was published.", file=err)
            return EXIT_FLAGS
        if options.refresh and before and git.drop_empty_commit(branch, before):
            print(f"Nothing to refresh: release {version} on the '{branch}' branch is already up to date.",
                  file=out)
            return push_only(git, options.push, remote, branch, out, err)
        pause_at("publish-before-set-default", environ)
        if not git.is_default(branch, LATEST):
            made_default = mike("set-default", "--config-file", str(config_file),
                                "--branch", branch, "--remote", remote,
                                "--message", f"Make the newest release ({LATEST}) the home of the site",
                                LATEST)
            if made_default != 0:
                print(f"error: release {version} is on the '{branch}' branch, but 'mike set-default "
                      f"{LATEST}' failed: run it again by hand", file=err)
                return EXIT_INPUT
    if options.push:
        pushed = git.run("push", "--", remote, branch, check=False)
        if pushed.returncode != 0:
            print(f"error: release {version} is on the local '{branch}' branch, but the push failed: "
                  f"{pushed.stderr.strip()}. Push it with: git push {remote} {branch}", file=err)
            return EXIT_INPUT
    where = f"'{branch}' branch" + (f", pushed to {remote}" if options.push else "")
    print(f"Published release {version} as {LATEST} on the {where}.", file=out)
    if not options.push:
        print(f"Not pushed. To publish it for everyone: git push {remote} {branch} "
              "(or run again with --push, or make publish PUSH=1).", file=out)
    return EXIT_OK


def push_only(git: "Git", push: bool, remote: str, branch: str, out, err) -> int:
    """Nothing new to deploy; with --push the branch still goes out (an earlier push may have failed)."""
    if not push:
        return EXIT_OK
    pushed = git.run("push", "--", remote, branch, check=False)
    if pushed.returncode != 0:
        print(f"error: the push failed: {pushed.stderr.strip()}. Push it with: git push {remote} {branch}",
              file=err)
        return EXIT_INPUT
    print(f"The '{branch}' branch is pushed to {remote}.", file=out)
    return EXIT_OK


def run_gates(root: Path, environ: Mapping[str, str], out, err) -> None:
    """The checks of ``qms check``: any document problem at error or warning level (a strict build
    fails on it) stops; operational facts do not."""
    try:
        state = prepare(root, qms_config(root), environ=environ, render=False)
    except DataErrors as exc:
        print(exc.summary(), file=err)
        raise PublishError("the data has errors") from None
    except (SettingsError, TodayError) as exc:
        raise PublishError(str(exc)) from None
    analysis = state.analysis
    # operational facts are reported by the nightly check, not here: they never hold back a release
    blocking = [flag for flag in analysis.document_problems if flag.severity in ("error", "warning")]
    for flag in blocking:
        print(f"{flag}  ({flag.severity})", file=err)
    print(analysis.summary(), file=out)
    if blocking:
        counts = count_by_severity(analysis.document_problems)
        raise PublishError(
            f"a release needs a clean check, and this one has {counts['error']} errors and "
            f"{counts['warning']} warnings. Fix them, or accept the flags you decided to keep "
            "with 'qms baseline' (they then count as info)", EXIT_FLAGS)


def mike_command() -> list[str]:
    """mike from the same environment as this Python (it then runs the same mkdocs)."""
    beside = Path(sys.executable).with_name("mike")
    found = str(beside) if beside.exists() else shutil.which("mike")
    if not found:
        raise PublishError("mike is not installed: run 'make' or pip install the project first")
    return [found]


@contextlib.contextmanager
def publish_config(root: Path, site_dir: Path) -> Iterator[Path]:
    """mkdocs.yml plus ``strict: true`` and a temporary site folder, for mike's build.

    It sits beside mkdocs.yml so relative paths (docs, hooks, overrides) stay the same.
    The added keys come last: YAML loaders keep the last of duplicate keys.
    """
    source = root / "mkdocs.yml"
    target = root / f"{CONFIG_PREFIX}{os.getpid()}.yml"
    text = source.read_text(encoding="utf-8")
    target.write_text(text.rstrip("\n") + "\n\n# Added by qms publish for this build only.\n"
                      f"strict: true\nsite_dir: {json.dumps(str(site_dir))}\n", encoding="utf-8")
    try:
        yield target
    finally:
        target.unlink(missing_ok=True)


# --- git ----------------------------------------------------------------------------------------
