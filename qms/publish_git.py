"""The git side of publishing: the questions a publication asks the repository, and its lock."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from .filelock import exclusive_lock

EXIT_INPUT = 2  # the command line's code for a problem with the input, as in qms.publish

class PublishError(Exception):
    """A reason not to publish; ``code`` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_INPUT):
        super().__init__(message)
        self.code = code


class Git:
    """The few git questions a publication asks, in the project's repository."""

    def __init__(self, root: Path, environ: Mapping[str, str]):
        self.root = root
        self.environ = dict(environ)
        top = self.run("rev-parse", "--show-toplevel", check=False)
        if top.returncode != 0:
            raise PublishError(f"{root} is not in a git repository: releases are published to a git branch "
                               "(run 'git init' and commit the project first)")
        self.common_dir = Path(self.run("rev-parse", "--path-format=absolute", "--git-common-dir").stdout.strip())

    def run(self, *args: str, check: bool = True, input: str | None = None) -> subprocess.CompletedProcess:
        try:
            result = subprocess.run(["git", *args], cwd=self.root, env=self.environ, input=input,
                                    capture_output=True, text=True)
        except OSError as exc:
            raise PublishError(f"cannot run git ({exc.strerror})") from None
        if check and result.returncode != 0:
            raise PublishError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
        return result

    @contextlib.contextmanager
    def lock(self, err=sys.stderr) -> Iterator[int | None]:
        """One publish at a time: a second one waits, so the pages branch never races.

        The lock file is in the common git folder, shared by every worktree of the
        repository: they all publish to the same pages branch. Yields the lock's descriptor.
        """
        with exclusive_lock(self.common_dir / "qms-publish.lock",
                            "Another publish is running in this repository: waiting for it to finish …",
                            err) as descriptor:
            yield descriptor

    def head(self) -> str:
        result = self.run("rev-parse", "--verify", "HEAD^{commit}", check=False)
        if result.returncode != 0:
            raise PublishError("the repository has no commit yet: commit the project first")
        return result.stdout.strip()

    def changed_files(self, paths: Sequence[str]) -> list[str]:
        status = self.run("status", "--porcelain", "--untracked-files=all", "--", *paths).stdout
        return [line[3:] for line in status.splitlines() if line.strip()]

    def read_text(self, branch: str, path: str) -> str | None:
        result = self.run("show", f"refs/heads/{branch}:{path}", check=False)
        return result.stdout if result.returncode == 0 else None

    def read_json(self, branch: str, path: str) -> object | None:
        text = self.read_text(branch, path)
        if text is None:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return None

    def published_versions(self, branch: str) -> list[dict]:
        """versions.json of the pages branch (mike's list, newest first); empty before the first release."""
        data = self.read_json(branch, "versions.json")
        return [entry for entry in data if isinstance(entry, dict)] if isinstance(data, list) else []

    def branch_head(self, branch: str) -> str | None:
        result = self.run("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def drop_empty_commit(self, branch: str, before: str) -> bool:
        """When the newest commit of ``branch`` changed nothing since ``before``, take it away.

        True when the branch is back at ``before``. The ref moves only if it still points at
        the empty commit (the publish lock keeps others out; this guards against the unexpected).
        """
        after = self.branch_head(branch)
        if after is None or after == before:
            return after == before
        parent = self.run("rev-parse", "--verify", "--quiet", f"{after}^", check=False).stdout.strip()
        trees = [self.run("rev-parse", f"{commit}^{{tree}}").stdout for commit in (after, before)]
        same_tree = trees[0] == trees[1]
        if parent != before or not same_tree:
            return False
        self.run("update-ref", f"refs/heads/{branch}", before, after)
        return True

    def is_default(self, branch: str, alias: str) -> bool:
        """Whether the site root already redirects to ``alias`` (mike set-default wrote index.html)."""
        page = self.read_text(branch, "index.html")
        return page is not None and f'href="{alias}/"' in page

    def update_from_remote(self, remote: str, branch: str) -> None:
        """Fetch the remote pages branch; move the local one forward to it (never backwards)."""
        if self.run("remote", "get-url", remote, check=False).returncode != 0:
            raise PublishError(f"there is no git remote called '{remote}' to push to "
                               f"(add it with 'git remote add {remote} <address>', or publish without --push)")
        tracking = f"refs/remotes/{remote}/{branch}"
        fetched = self.run("fetch", "--quiet", remote, f"+refs/heads/{branch}:{tracking}", check=False)
        if fetched.returncode != 0:
            if "couldn't find remote ref" in fetched.stderr:
                return  # the first release: the remote has no pages branch yet
            raise PublishError(f"cannot fetch {remote}/{branch}: {fetched.stderr.strip()}")
        remote_sha = self.run("rev-parse", tracking).stdout.strip()
        local = self.run("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False)
        if local.returncode != 0:
            self.run("update-ref", f"refs/heads/{branch}", remote_sha)
            return
        local_sha = local.stdout.strip()
        if local_sha == remote_sha:
            return
        if self.run("merge-base", "--is-ancestor", local_sha, remote_sha, check=False).returncode == 0:
            self.run("update-ref", f"refs/heads/{branch}", remote_sha, local_sha)
        elif self.run("merge-base", "--is-ancestor", remote_sha, local_sha, check=False).returncode != 0:
            raise PublishError(f"the local '{branch}' branch and {remote}/{branch} have diverged: "
                               "keep the remote one (git branch -f ...) before publishing")

    def identity_fallback(self) -> dict[str, str]:
        """mike commits to the pages branch; a CI runner may have no git identity configured."""
        if self.environ.get("GIT_COMMITTER_EMAIL") or \
                self.run("config", "user.email", check=False).returncode == 0:
            return {}
        return {"GIT_COMMITTER_NAME": "qms publish", "GIT_COMMITTER_EMAIL": "qms-publish@localhost",
                "GIT_AUTHOR_NAME": "qms publish", "GIT_AUTHOR_EMAIL": "qms-publish@localhost"}
