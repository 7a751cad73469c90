"""The ``qms`` command: check, build, readability, new, import, schema, baseline, publish, search.

Exit codes: 0 clean; 1 flags at error level (or warnings with --strict);
2 bad input or usage (data errors, wrong arguments).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .check_output import (EXIT_FLAGS, EXIT_INPUT, EXIT_OK, check_output, errors_json, report_input_problems,
                           settings_problems)
from .errors import DataError, DataErrors, file_error
from .flags import baseline_content
from .project import ProjectError, project_root, qms_config, read_mkdocs_config, site_url
from .settings import SettingsError
from .terminal import echo
from .today import TodayError

EXIT_CLOSED_PIPE = 141


def prepare_or_exit(root: Path, data_dir: str | None = None, render: bool = False, as_json: bool = False,
                    use_baseline: bool = True):
    """The build state, or exit 2 after saying what is wrong with the input (also as JSON with ``as_json``)."""
    from .build import prepare
    try:
        return prepare(root, qms_config(root), environ=os.environ, data_dir=data_dir, render=render,
                       site_url=site_url(root), use_baseline=use_baseline)
    except DataErrors as exc:
        report_input_problems(exc.errors, exc.summary().split("\n")[-1], as_json)
    except SettingsError as exc:
        data = _data_problems(root, data_dir)
        count = len(exc.problems)
        also = f" and {len(data)} data {'error' if len(data) == 1 else 'errors'}" if data else ""
        report_input_problems(settings_problems(root, exc.problems) + data,
                              f"{count} {'setting' if count == 1 else 'settings'} in mkdocs.yml{also} to fix.", as_json)
    except TodayError as exc:
        if as_json:
            print(errors_json([file_error("QMS_TODAY", str(exc))]))
        echo(f"error: {exc}", file=sys.stderr)
    raise SystemExit(EXIT_INPUT)


def _data_problems(root: Path, data_dir: str | None) -> list:
    """The data's own errors, read with the built-in features and no settings: said together with
    wrong settings, so that one run lists everything to fix."""
    from .build import load
    from .today import today
    try:
        load(root, data_dir, today=today(os.environ))
    except DataErrors as exc:
        return exc.errors
    except (SettingsError, TodayError, ValueError):
        pass  # said once the settings are right
    return []


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the data and run every gate, without building the site."""
    state = prepare_or_exit(project_root(args.root), args.data, as_json=args.format == "json")
    return check_output(state, operational=args.operational, verbose=args.verbose, strict=args.strict,
                        as_json=args.format == "json")


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a staging folder, then swap it in atomically: a failed build leaves the old site.
    One build at a time: a second one waits for the first."""
    from .sitebuild import build_site
    root = project_root(args.root)
    read_mkdocs_config(root / "mkdocs.yml")  # a file MkDocs cannot read is said in one line, before the lock
    site = root / args.site_dir
    site = site.parent.resolve() / site.name  # not resolve(): a symlinked site/ must not be followed
    return build_site(root, site, strict=args.strict, environ=os.environ)


def cmd_readability(args: argparse.Namespace) -> int:
    """Readability of a Markdown or text file (or - for standard input), as JSON; of a data file
    (data/procedures/QP-017.yml), field by field: path:line field: grade, words and flags."""
    from .cache import cache_root
    from .features import default_registry
    from .readability_command import readability
    return readability(project_root(args.root), args.path, data=args.data, as_json=args.json,
                       cache_dir=cache_root(os.environ), registry=default_registry(),
                       units_by_kind=_prose_units_by_kind())


def _prose_units_by_kind():
    """What the readability gates read, by kind: each feature's own choice of prose fields."""
    from .document_readability import prose_units
    from .features.leadership.analysis import newsletter_units
    from .features.onboarding.analysis import path_units
    from .readability import Unit
    return {"procedure": prose_units, "newsletter": newsletter_units, "onboarding": path_units,
            "kpi": lambda doc: [Unit(doc.definition, doc.line("definition"), "definition")]}


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new document; problems elsewhere in the data do not stop it, they are counted."""
    from .features import default_registry
    from .scaffold import new_document, ScaffoldError
    from .today import today
    root = project_root(args.root)
    try:
        written = new_document(root, default_registry(), args.kind, args.title, today=today(os.environ),
                               owner=args.owner, area=args.area,
                               data_dir=args.data or os.environ.get("QMS_DATA") or None)
    except (ScaffoldError, TodayError) as exc:
        echo(*f"error: {exc}".split("\n"), file=sys.stderr)  # one escaped line per data error
        return EXIT_INPUT
    path = written.path
    echo(path.relative_to(root) if path.is_relative_to(root) else path)
    if written.problems:
        echo(written.note(), file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Turn an SOP written in Word (.docx) or Markdown into a draft procedure file to finish by hand:
    headings become sections, numbered lists become steps, 'Role: action' gives each step its role.
    It never overwrites a file."""
    from .importing import ImportProblem, import_sop
    from .today import today
    root = project_root(args.root)
    try:
        result = import_sop(Path(args.file), root, today=today(os.environ), data_dir=args.data or os.environ.get("QMS_DATA") or "data",
                            doc_id=args.id, owner=args.owner, area=args.area,
                            output=Path(args.output) if args.output else None, mapping=args.map)
    except (ImportProblem, TodayError) as exc:
        echo(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    shown = result.path.relative_to(root) if result.path.is_relative_to(root) else result.path
    echo(f"Wrote {shown}: {result.steps} steps in {result.sections} sections.", *result.summary,
         "Next: finish it by hand, then run 'qms check'.")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .features import default_registry
    from .jsonschema import write_schemas, schema_problems
    registry = default_registry()
    root = project_root(args.root)
    folder = root / args.dir
    if args.check:
        problems = schema_problems(folder, registry)
        for name, problem in problems:
            print(f"{folder / name} {problem}", file=sys.stderr)
        return EXIT_FLAGS if problems else EXIT_OK
    try:
        written = write_schemas(folder, registry)
    except OSError as error:
        print(f"qms schema: cannot write the schemas in {folder}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INPUT
    for path in written:
        # a folder outside the project is shown as it was given
        print(path.relative_to(root) if path.is_relative_to(root) else path)
    return EXIT_OK


def cmd_baseline(args: argparse.Namespace) -> int:
    """Record today's document problems so that only new or worse ones count from now on. Operational
    facts (late, due, not yet entered) are not accepted: they are work to do, and stay counted."""
    root = project_root(args.root)
    state = prepare_or_exit(root, use_baseline=False)
    baseline_file = root / state.settings.baseline_file
    content = baseline_content(state.analysis.flags, state.today.isoformat())
    try:
        baseline_file.write_text(content, encoding="utf-8")
    except OSError as exc:
        echo(f"error: cannot write {state.settings.baseline_file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    count = len(json.loads(content)["flags"])
    facts = sum(flag.severity != "info" for flag in state.analysis.operational_facts)
    print(f"Wrote {count} {'flag' if count == 1 else 'flags'} to {baseline_file.relative_to(root)}"
          + (f"; {facts} operational {'fact' if facts == 1 else 'facts'} (late, due, not yet entered) not "
             "accepted: act on them, 'qms check --operational' lists them" if facts else ""))
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish a release: run every gate and a strict build, then deploy it with mike to the
    pages branch as VERSION, move the 'latest' alias to it and make it the site's home.
    Nothing is deployed when a gate or the build fails. It pushes only with --push."""
    from .publish import PublishOptions, publish
    if args.version and args.refresh:
        print("error: give a release name or --refresh, not both (--refresh builds the newest release "
              "again under its own name)", file=sys.stderr)
        return 2
    if not args.version and not args.refresh:
        print("error: give the release a name, such as 2026.11 (or use --refresh to build the newest "
              "release again)", file=sys.stderr)
        return 2
    return publish(project_root(args.root), PublishOptions(
        args.version, branch=args.branch, remote=args.remote, push=args.push, title=args.title,
        allow_dirty=args.allow_dirty, refresh=args.refresh), environ=os.environ)


def cmd_search(args: argparse.Namespace) -> int:
    """Search the published procedures, forms, work instructions and external documents like the site's
    search box: keywords, synonyms, titles and text. Obsolete documents come last and name their replacement."""
    from .features import default_registry
    from .features.onboarding import run_search
    from .today import today
    try:
        date = today(os.environ)
    except TodayError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    return run_search(project_root(args.root), default_registry(), " ".join(args.words), limit=args.limit,
                      as_json=args.format == "json", data_dir=args.data, today=date)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qms",
        description="Check, build and maintain the quality portal. Run inside the project folder "
                    "(the one with mkdocs.yml). Dates use QMS_TODAY=YYYY-MM-DD when it is set.",
        epilog="Exit codes: 0 clean, 1 flags at error level (or warnings with --strict), "
               "2 bad input or usage.",
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="validate data and run every gate, without building",
                                description=cmd_check.__doc__)
    check.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    check.add_argument("--operational", action="store_true",
                       help="show and count operational facts too (KPI values not yet entered, late audits and "
                            "actions, reviews and training due), e.g. for a nightly report; without it only "
                            "document problems count")
    check.add_argument("--verbose", "-v", action="store_true", help="show info-level flags too")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: the report as JSON on standard output; when the data, the settings or "
                            "QMS_TODAY are wrong, {\"ok\": false, \"errors\": [{path, line, column, field, "
                            "message, hint}]} there instead (exit 2), and the same errors as text on standard "
                            "error")
    check.add_argument("--data", default=None, help="data folder (default: data/)")
    check.set_defaults(func=cmd_check)

    build = commands.add_parser("build", help="build the site into site/ (atomically)",
                                description=cmd_build.__doc__)
    build.add_argument("--strict", action="store_true", help="warnings fail the build")
    build.add_argument("--site-dir", default="site", help="folder to build into (default: site)")
    build.set_defaults(func=cmd_build)

    readability = commands.add_parser("readability", help="readability of a text (JSON) or of a data file",
                                      description=cmd_readability.__doc__)
    readability.add_argument("path", help="a Markdown or text file, - for standard input, or a data file "
                                          "such as data/procedures/QP-017.yml")
    readability.add_argument("--json", action="store_true", help="a data file's readability as JSON too "
                                                                 "(a Markdown or text file's always is)")
    readability.add_argument("--data", default=None, help="data folder (default: data/)")
    readability.set_defaults(func=cmd_readability)

    new = commands.add_parser("new", help="write a new document with the next free id",
                              description="Write a valid new document file, ready to edit.")
    new.add_argument("kind", help="kind of document: procedure, role, form, work-instruction or "
                                  "external-document")
    new.add_argument("title", help="its title")
    new.add_argument("--owner", help="owner role id (default: quality-manager, or the first role)")
    new.add_argument("--area", help="process area id (default for a procedure: the first area; other "
                                    "documents: none)")
    new.add_argument("--data", default=None, help="data folder (default: data/)")
    new.set_defaults(func=cmd_new)

    importing = commands.add_parser("import", help="turn a Word or Markdown SOP into a draft procedure",
                                    description=cmd_import.__doc__)
    importing.add_argument("file", help="the SOP: a .docx or .md file")
    importing.add_argument("--id", help="procedure id (default: the next free number)")
    importing.add_argument("--owner", help="owner role id (default: from a responsibilities table)")
    importing.add_argument("--area", help="process area id (default: the first area)")
    importing.add_argument("--output", help="file to write (default: data/procedures/ID.yml)")
    importing.add_argument("--map", action="append", default=[], metavar="NAME=ROLE-ID",
                           help="treat a name the SOP uses as a role, e.g. --map 'QMO=quality-manager' "
                                "(repeat for each)")
    importing.add_argument("--data", default=None, help="data folder (default: data/)")
    importing.set_defaults(func=cmd_import)

    schema = commands.add_parser("schema", help="write the JSON Schemas of every data kind",
                                 description="Write (or --check) the JSON Schema files for editors.")
    schema.add_argument("--dir", default="schemas", help="folder of the schema files (default: schemas)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    schema.set_defaults(func=cmd_schema)

    baseline = commands.add_parser("baseline", help="accept today's document problems; only new ones count "
                                   "later (operational facts are never accepted)",
                                   description=cmd_baseline.__doc__)
    baseline.set_defaults(func=cmd_baseline)

    search = commands.add_parser("search", help="find procedures, forms and other documents by everyday words, "
                                 "offline", description=cmd_search.__doc__)
    search.add_argument("words", nargs="+", help="what you would type in the search box, e.g. broken gauge")
    search.add_argument("--limit", type=int, default=5, help="how many results to show (default 5)")
    search.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default) or json for scripts")
    search.add_argument("--data", default=None, help="data folder (default: data/)")
    search.set_defaults(func=cmd_search)

    release = commands.add_parser("publish", help="publish a release with mike (gates, strict build, deploy)",
                                  description=cmd_publish.__doc__)
    release.add_argument("version", nargs="?", help="release name: the year and month, such as 2026.11; add a day or a "
                                                  "number for another release that month, such as 2026.11.25")
    release.add_argument("--refresh", action="store_true",
                         help="build the newest release again under its own name (same sources, today's "
                              "date), so dates and overdue reviews on its pages stay current")
    release.add_argument("--push", action="store_true", help="push the pages branch to the remote")
    release.add_argument("--branch", default=None, help="pages branch (default: remote_branch in mkdocs.yml, "
                                                        "else gh-pages)")
    release.add_argument("--remote", default=None, help="remote to push to (default: remote_name in "
                                                        "mkdocs.yml, else origin)")
    release.add_argument("--title", default=None, help="title in the release menu (default: the version)")
    release.add_argument("--allow-dirty", action="store_true",
                         help="publish even though data or docs have uncommitted changes")
    release.set_defaults(func=cmd_publish)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_INPUT if exc.code else EXIT_OK
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
        return code
    except ProjectError as exc:
        if args.command == "check" and args.format == "json":  # a CI job reading it gets JSON here too
            print(errors_json([DataError(exc.path, exc.line, 0, "", str(exc))]))
        echo(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except SystemExit as exc:
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, as other programs do (128 + SIGPIPE), and keep
        # Python's own flush at exit from failing again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLOSED_PIPE


if __name__ == "__main__":
    sys.exit(main())
