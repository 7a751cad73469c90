"""The CI templates in ci-templates/: valid YAML, the right triggers, serialised publishing,
only commands that exist (make targets in the Makefile, qms subcommands in the CLI), and a
CODEOWNERS file that names real data files and gives each procedure to its owner role.

The job conditions (GitHub `if:`, GitLab `rules:`) are evaluated for each kind of event with a
small evaluator for the expressions these files use, so "publish runs only on main" is checked
on what the files say, not on their comments.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "ci-templates"
GITHUB = TEMPLATES / "github" / "workflows" / "qms.yml"
GITLAB = TEMPLATES / "gitlab" / ".gitlab-ci.yml"
CODEOWNERS = TEMPLATES / "CODEOWNERS"
ORGANISATION = "brightwater"
COMMAND_KEYS = {"run", "script", "before_script", "after_script"}
SYSTEM_PACKAGES = ("chromium", "nginx", "apache2-utils")


# --- reading the files --------------------------------------------------------------------------

def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def commands(node) -> list[str]:
    """Every shell line under run/script/before_script/after_script, anywhere in node."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in COMMAND_KEYS:
                found += [line for text in strings(value) for line in text.splitlines()]
            else:
                found += commands(value)
    elif isinstance(node, list):
        for item in node:
            found += commands(item)
    return found


MAKE_CALL = re.compile(r"(?:^|[\s;&|(])make\s+(?P<target>[A-Za-z0-9_][A-Za-z0-9_.-]*)(?P<rest>.*)$")
QMS_CALL = re.compile(r"(?:^|[\s;&|(/])qms\s+(?P<command>[a-z][a-z-]*)")


def make_calls(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(target, [VARIABLE, ...]) for each `make target VAR=value ...` in lines."""
    calls = []
    for line in lines:
        for match in MAKE_CALL.finditer(line):
            variables = re.findall(r"(?:^|\s)([A-Z_][A-Z0-9_]*)=", match["rest"])
            calls.append((match["target"], variables))
    return calls


def targets(lines: list[str]) -> set[str]:
    return {target for target, _ in make_calls(lines)}


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m[1] for m in re.finditer(r"^([A-Za-z0-9_.-]+):(?!=)", text, re.M)}


def qms_subcommands() -> set[str]:
    from qms.cli import build_parser
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("the qms parser has no subcommands")


def all_template_commands() -> list[str]:
    return commands(load(GITHUB)) + commands(load(GITLAB))


# --- GitHub: which jobs run for an event ---------------------------------------------------------

def github_condition(expression: str, event: str, ref: str) -> bool:
    """The `if:` expressions these templates use: event name and ref compared with ==, !=,
    joined with && and ||, maybe negated or in ${{ }}."""
    python = expression.strip()
    if python.startswith("${{") and python.endswith("}}"):
        python = python[3:-2]
    python = python.replace("&&", " and ").replace("||", " or ")
    python = re.sub(r"!(?!=)", " not ", python)
    python = re.sub(r"\bgithub\.event_name\b", repr(event), python)
    python = re.sub(r"\bgithub\.ref\b", repr(ref), python)
    if re.search(r"[A-Za-z_]\w*\s*\(|\bgithub\.|\bneeds\.|\benv\.|\bvars\.", python):
        raise AssertionError(f"the test cannot evaluate the condition {expression!r}")
    return bool(eval(python, {"__builtins__": {}}, {}))  # noqa: S307 - our own template


def github_jobs_for(event: str, ref: str = "refs/heads/main") -> dict[str, dict]:
    jobs = load(GITHUB)["jobs"]
    running = {name: job for name, job in jobs.items()
               if "if" not in job or github_condition(str(job["if"]), event, ref)}
    # a job whose needs do not run is skipped
    changed = True
    while changed:
        changed = False
        for name, job in list(running.items()):
            needs = job.get("needs") or []
            needs = [needs] if isinstance(needs, str) else needs
            if any(need not in running for need in needs):
                del running[name]
                changed = True
    return running


def github_triggers() -> dict:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))   # YAML 1.1 reads a bare `on` as true
    assert isinstance(triggers, dict), "the workflow's `on:` should be a mapping of events"
    return triggers


# --- GitLab: which jobs run for a pipeline -------------------------------------------------------

GITLAB_RESERVED = {"stages", "workflow", "default", "variables", "include", "image", "services",
                   "cache", "before_script", "after_script"}

GITLAB_EVENTS = {
    "merge_request": {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_DEFAULT_BRANCH": "main",
                      "CI_MERGE_REQUEST_IID": "7"},
    "push_main": {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"},
    "push_branch": {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "fix-typo",
                    "CI_DEFAULT_BRANCH": "main"},
    "schedule": {"CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"},
}


def gitlab_condition(expression: str, variables: dict[str, str]) -> bool:
    python = re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: repr(variables.get(m[1])), expression)
    python = python.replace("&&", " and ").replace("||", " or ")
    if re.search(r"=~|!~|\$", python):
        raise AssertionError(f"the test cannot evaluate the rule {expression!r}")
    return bool(eval(python, {"__builtins__": {}}, {}))  # noqa: S307 - our own template


def gitlab_included(rules: list | None, variables: dict[str, str]) -> bool:
    if rules is None:
        return True
    for rule in rules:
        if "if" not in rule or gitlab_condition(rule["if"], variables):
            return rule.get("when", "on_success") != "never"
    return False


def gitlab_jobs() -> dict[str, dict]:
    config = load(GITLAB)
    return {name: job for name, job in config.items()
            if name not in GITLAB_RESERVED and not name.startswith(".") and isinstance(job, dict)}


def gitlab_jobs_for(event: str) -> dict[str, dict]:
    config, variables = load(GITLAB), GITLAB_EVENTS[event]
    if not gitlab_included((config.get("workflow") or {}).get("rules"), variables):
        return {}
    return {name: job for name, job in gitlab_jobs().items()
            if gitlab_included(job.get("rules"), variables)}


# --- every file ---------------------------------------------------------------------------------

def test_templates_are_valid_yaml():
    files = sorted(TEMPLATES.rglob("*.yml")) + sorted(TEMPLATES.rglob("*.yaml"))
    assert GITHUB in files and GITLAB in files
    for path in files:
        assert isinstance(load(path), dict), f"{path.relative_to(ROOT)} is not a YAML mapping"


def test_the_readme_names_each_template():
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for path in (GITHUB, GITLAB, CODEOWNERS):
        assert str(path.relative_to(TEMPLATES)) in readme


def test_every_make_target_exists():
    calls = make_calls(all_template_commands())
    called = {target for target, _ in calls}
    assert {"check", "strict", "test", "publish"} <= called, called
    missing = called - makefile_targets()
    assert not missing, (f"the templates call make targets that the Makefile does not have: "
                         f"{sorted(missing)}")


def test_every_make_variable_is_used_by_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target, variables in make_calls(all_template_commands()):
        for name in variables:
            assert re.search(rf"\$[({{]{name}[)}}]", makefile), (
                f"`make {target} {name}=...`: the Makefile never reads $({name})")


def test_every_qms_subcommand_exists():
    known = qms_subcommands()
    assert {"check", "build", "schema"} <= known, known
    called = {m["command"] for line in all_template_commands() for m in QMS_CALL.finditer(line)}
    missing = called - known
    assert not missing, f"the templates call qms subcommands that do not exist: {sorted(missing)}"


# --- GitHub Actions -----------------------------------------------------------------------------

def test_github_triggers():
    triggers = github_triggers()
    assert "pull_request" in triggers
    assert "main" in triggers["push"]["branches"]
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(len(cron.split()) == 5 for cron in crons)


def test_github_pull_request_checks_builds_and_tests():
    called = targets([line for job in github_jobs_for("pull_request").values() for line in commands(job)])
    assert {"check", "strict", "test"} <= called
    assert "publish" not in called


def test_github_push_to_main_publishes():
    called = targets([line for job in github_jobs_for("push").values() for line in commands(job)])
    assert {"check", "strict", "test", "publish"} <= called
    other_branch = github_jobs_for("push", "refs/heads/fix-typo")
    assert "publish" not in targets([line for job in other_branch.values() for line in commands(job)])


def test_github_nightly_checks_and_refreshes_without_a_new_release():
    called = targets([line for job in github_jobs_for("schedule").values() for line in commands(job)])
    assert {"check", "strict", "refresh"} <= called
    assert "publish" not in called
    for event, ref in (("push", "refs/heads/main"), ("pull_request", "refs/pull/7/merge")):
        other = targets([line for job in github_jobs_for(event, ref).values() for line in commands(job)])
        assert "refresh" not in other, event


def test_github_refresh_job_shares_the_publish_queue():
    jobs = load(GITHUB)["jobs"]
    _, publish = publish_job(jobs)
    found = [job for job in jobs.values() if "refresh" in targets(commands(job))]
    assert len(found) == 1, "exactly one job should run `make refresh`"
    job = found[0]
    assert job["concurrency"] == publish["concurrency"]
    assert job["permissions"]["contents"] == "write"
    assert "check" in job["needs"]
    checkout = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    lines = commands(job)
    assert any("git config user.name" in line for line in lines)
    assert any(MAKE_CALL.search(line) and "refresh" in line and "PUSH=1" in line for line in lines)


def publish_job(jobs: dict[str, dict]) -> tuple[str, dict]:
    found = [(name, job) for name, job in jobs.items() if "publish" in targets(commands(job))]
    assert len(found) == 1, "exactly one job should run `make publish`"
    return found[0]


def test_github_publish_job():
    jobs = load(GITHUB)["jobs"]
    name, job = publish_job(jobs)
    assert job["concurrency"]["group"]
    assert job["concurrency"].get("cancel-in-progress") is False
    assert job["permissions"]["contents"] == "write"
    needs = set(job["needs"])
    for other, other_job in jobs.items():
        if targets(commands(other_job)) & {"check", "strict", "test"}:
            assert other in needs, f"{name} should wait for {other}"
    checkout = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    lines = commands(job)
    assert any("git config user.name" in line for line in lines)
    assert any("git config user.email" in line for line in lines)
    publish_line = next(line for line in lines if MAKE_CALL.search(line) and "publish" in line)
    assert "PUSH=1" in publish_line and "VERSION=" in publish_line


def test_github_python_and_system_packages():
    jobs = load(GITHUB)["jobs"]
    setups = [step for job in jobs.values() for step in job.get("steps", [])
              if str(step.get("uses", "")).startswith("actions/setup-python")]
    assert setups
    for step in setups:
        assert str(step["with"]["python-version"]) == "3.11"
        assert step["with"]["cache"] == "pip"
    test_jobs = [job for job in jobs.values() if "test" in targets(commands(job))]
    assert test_jobs
    for job in test_jobs:
        install = " ".join(line for line in commands(job) if "apt-get install" in line
                           or line.strip().startswith(SYSTEM_PACKAGES))
        assert all(package in install.split() for package in SYSTEM_PACKAGES), install


# --- GitLab CI ----------------------------------------------------------------------------------

def test_gitlab_stages_and_image():
    config = load(GITLAB)
    assert config["stages"] == ["check", "test", "publish"]
    for name, job in gitlab_jobs().items():
        assert job.get("stage") in config["stages"], name
    image = (config.get("default") or {}).get("image") or config.get("image")
    assert str(image).startswith("python:3.11")


def test_gitlab_merge_request_checks_builds_and_tests():
    called = targets([line for job in gitlab_jobs_for("merge_request").values() for line in commands(job)])
    assert {"check", "strict", "test"} <= called
    assert "publish" not in called


def test_gitlab_main_publishes_and_other_branches_do_not():
    called = targets([line for job in gitlab_jobs_for("push_main").values() for line in commands(job)])
    assert {"check", "strict", "test", "publish"} <= called
    branch = targets([line for job in gitlab_jobs_for("push_branch").values() for line in commands(job)])
    assert "publish" not in branch


def test_gitlab_schedule_checks_and_refreshes_without_a_new_release():
    called = targets([line for job in gitlab_jobs_for("schedule").values() for line in commands(job)])
    assert {"check", "strict", "refresh"} <= called
    assert "publish" not in called
    for event in ("merge_request", "push_main", "push_branch"):
        other = targets([line for job in gitlab_jobs_for(event).values() for line in commands(job)])
        assert "refresh" not in other, event


def test_gitlab_refresh_job_shares_the_publish_queue():
    jobs = gitlab_jobs()
    _, publish = publish_job(jobs)
    found = [job for job in jobs.values() if "refresh" in targets(commands(job))]
    assert len(found) == 1, "exactly one job should run `make refresh`"
    job = found[0]
    assert job["resource_group"] == publish["resource_group"]
    assert job.get("interruptible") is False
    assert str((job.get("variables") or {}).get("GIT_DEPTH")) == "0"
    assert "check" in job["needs"]
    assert job["before_script"] == publish["before_script"]   # the push token and git identity
    assert any(MAKE_CALL.search(line) and "refresh" in line and "PUSH=1" in line for line in commands(job))


def test_gitlab_publish_job():
    jobs = gitlab_jobs()
    name, job = publish_job(jobs)
    assert job["resource_group"] == "qms-publish"
    assert job.get("interruptible") is False
    assert str((job.get("variables") or {}).get("GIT_DEPTH")) == "0"
    needs = set(job["needs"])
    for other, other_job in jobs.items():
        if targets(commands(other_job)) & {"check", "strict", "test"}:
            assert other in needs, f"{name} should wait for {other}"
    lines = commands(job)
    assert any("git config user.name" in line for line in lines)
    publish_line = next(line for line in lines if MAKE_CALL.search(line) and "publish" in line)
    assert "PUSH=1" in publish_line and "VERSION=" in publish_line


def test_gitlab_tests_get_their_system_packages():
    test_jobs = [job for job in gitlab_jobs().values() if "test" in targets(commands(job))]
    assert test_jobs
    for job in test_jobs:
        install = " ".join(line for line in commands(job) if "apt-get install" in line)
        assert all(package in install.split() for package in SYSTEM_PACKAGES), install


# --- CODEOWNERS ---------------------------------------------------------------------------------

OWNER = re.compile(r"^(?:@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*|[^@\s]+@[^@\s]+\.[a-z]+)$")


def codeowner_rules() -> list[tuple[int, str, list[str]]]:
    rules = []
    for number, line in enumerate(CODEOWNERS.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#"):
            pattern, *owners = text.split()
            rules.append((number, pattern, owners))
    return rules


def test_codeowners_lines_are_pattern_and_owners():
    rules = codeowner_rules()
    assert rules
    for number, pattern, owners in rules:
        assert owners, f"CODEOWNERS line {number}: {pattern} has no owner"
        for owner in owners:
            assert OWNER.match(owner), f"CODEOWNERS line {number}: {owner!r} is not @user, @org/team or an e-mail"
    patterns = [pattern for _, pattern, _ in rules]
    assert len(patterns) == len(set(patterns)), "a pattern appears twice"
    # the last matching line wins: the catch-all must come first or it overrides everything
    assert patterns[0] == "*"
    assert "/data/procedures/QP-004.yml" in patterns


def test_codeowners_data_paths_exist():
    for number, pattern, _ in codeowner_rules():
        path = pattern.lstrip("/")
        if not path.startswith("data/"):
            continue
        if any(char in path for char in "*?["):
            assert list(ROOT.glob(path.rstrip("/"))), f"CODEOWNERS line {number}: {pattern} matches nothing"
        else:
            assert (ROOT / path).exists(), f"CODEOWNERS line {number}: {pattern} does not exist"


def test_codeowners_give_each_procedure_to_its_owner_role():
    roles = {path.stem for path in (ROOT / "data" / "roles").glob("*.yml")}
    checked = 0
    for number, pattern, owners in codeowner_rules():
        match = re.fullmatch(r"/data/procedures/([^/*?\[]+\.yml)", pattern)
        if not match:
            continue
        owner_role = load(ROOT / "data" / "procedures" / match[1])["owner"]
        assert owner_role in roles
        assert owners == [f"@{ORGANISATION}/{owner_role}"], (
            f"CODEOWNERS line {number}: {match[1]} says owner: {owner_role}, "
            f"so its line should name @{ORGANISATION}/{owner_role}")
        checked += 1
    assert checked, "no procedure lines in CODEOWNERS"


# --- the nightly report of operational facts ----------------------------------------------------

def makefile_recipe(target: str) -> list[str]:
    """The shell lines of a Makefile target, as written."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if re.match(rf"{re.escape(target)}:(?!=)", line))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_report_counts_operational_facts_strictly():
    recipe = makefile_recipe("report")
    assert recipe == ["$(BIN)/qms check --operational --strict"], recipe
    # the everyday check and the publish gates do not count them
    assert all("--operational" not in line for line in makefile_recipe("check") + makefile_recipe("publish"))


def test_report_options_exist_in_the_qms_command():
    from qms.cli import build_parser
    args = build_parser().parse_args(["check", "--operational", "--strict"])
    assert args.operational and args.strict


def jobs_running(jobs: dict[str, dict], target: str) -> list[str]:
    return [name for name, job in jobs.items() if target in targets(commands(job))]


def needs_of(job: dict) -> set[str]:
    needs = job.get("needs") or []
    return {needs} if isinstance(needs, str) else {need if isinstance(need, str) else need["job"] for need in needs}


def test_github_nightly_report_runs_only_at_night_and_fails_only_itself():
    nightly = github_jobs_for("schedule")
    report = jobs_running(nightly, "report")
    assert len(report) == 1, "exactly one nightly job should run `make report`"
    assert {"refresh", "check"} <= {target for job in nightly.values() for target in targets(commands(job))}
    for name, job in load(GITHUB)["jobs"].items():
        assert report[0] not in needs_of(job), f"{name} waits for the report: late work would stop it"
    for event, ref in (("push", "refs/heads/main"), ("pull_request", "refs/pull/7/merge"),
                       ("workflow_dispatch", "refs/heads/main")):
        assert not jobs_running(github_jobs_for(event, ref), "report"), event


def test_gitlab_nightly_report_runs_only_on_the_schedule_and_fails_only_itself():
    nightly = gitlab_jobs_for("schedule")
    report = jobs_running(nightly, "report")
    assert len(report) == 1, "exactly one scheduled job should run `make report`"
    job = nightly[report[0]]
    assert job.get("needs") == [], "the report starts at once and waits for nothing"
    assert job.get("allow_failure") is not True, "a failed report must show as a failed pipeline"
    for name, other in gitlab_jobs().items():
        assert report[0] not in needs_of(other), f"{name} waits for the report: late work would stop it"
    assert "check" in needs_of(nightly[jobs_running(nightly, "refresh")[0]])
    for event in ("merge_request", "push_main", "push_branch"):
        assert not jobs_running(gitlab_jobs_for(event), "report"), event


def test_the_readme_explains_the_report():
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    assert "`make report`" in readme and "qms check --operational --strict" in readme
