"""``qms readability``: the readability of a Markdown or text file, or of a data file field by field."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from .check_output import EXIT_INPUT, EXIT_OK, report_input_problems, settings_problems
from .project import qms_config
from .settings import SettingsError
from .terminal import echo, terminal_json

if TYPE_CHECKING:
    from .registry import Registry


def readability(root: Path, given: str, *, data: str | None, as_json: bool, cache_dir: Path | None,
                registry: "Registry", units_by_kind: Mapping[str, Callable]) -> int:
    """Print the readability of ``given`` (a path, or - for standard input); the exit code.

    ``units_by_kind``: what the readability gates read of a document, by kind (each feature's own choice)."""
    from .readability import analyse
    path = Path(given)
    if given != "-" and not path.is_file():
        echo(f"error: {given}: no such file", file=sys.stderr)
        return EXIT_INPUT
    data_path = Path(data).resolve() if data else root / "data"
    plain, settings = _readability_settings(root, data_path, registry)
    if plain is None or settings is None:
        return EXIT_INPUT
    if given != "-" and path.suffix in (".yml", ".yaml"):
        return _readability_of_data_file(root, data_path, path, given, as_json, plain, settings, cache_dir, registry,
                                         units_by_kind)
    text = _text_of(given, path)
    if text is None:
        return EXIT_INPUT
    report = analyse(text, plain_words=plain, thresholds=settings.thresholds, cache_dir=cache_dir,
                     vocabulary=_vocabulary(root, data_path))
    print(terminal_json(report.to_dict(), indent=2))
    return EXIT_OK


def _text_of(given: str, path: Path) -> str | None:
    """The text to read, or None after saying why it cannot be read."""
    shown = "standard input" if given == "-" else given
    try:
        return sys.stdin.buffer.read().decode("utf-8") if given == "-" else path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        echo(f"error: {shown}: not UTF-8 text (byte {exc.start + 1} cannot be read): save it as UTF-8, "
             "or give a .md or .txt file", file=sys.stderr)
    except OSError as exc:
        echo(f"error: {shown}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
    return None


def _readability_settings(root: Path, data_path: Path, registry: "Registry"):
    """(plain-words list, site settings), or (None, None) after saying what is wrong."""
    from .datafiles import shown_path
    from .kinds import plain_words as plain_words_kind
    from .model import read_file
    from .readability import PlainWords
    from .settings import Settings
    errors: list = []
    words_file = data_path / "plain-words.yml"
    plain = PlainWords.from_mapping({})
    if words_file.exists():
        doc = read_file(words_file, shown_path(words_file, root), plain_words_kind, errors)
        if errors:
            echo(*errors, file=sys.stderr)
            return None, None
        plain = PlainWords.from_mapping(doc.data if doc else {})
    try:
        return plain, Settings.from_config(qms_config(root), registry)
    except SettingsError as exc:
        report_input_problems(settings_problems(root, exc.problems), "", as_json=False)
        return None, None


def _vocabulary(root: Path, data_path: Path) -> tuple[str, ...]:
    """The organisation's own words, as `qms check` discounts them (a file it cannot read adds none:
    `qms check` reports it)."""
    from .datafiles import shown_path
    from .document_readability import organisation_words
    from .kinds import glossary, organisation, role
    from .model import read_files
    tasks = [(file, shown_path(file, root), role) for file in sorted((data_path / "roles").glob("*.yml"))]
    tasks += [(data_path / kind.file, shown_path(data_path / kind.file, root), kind)
              for kind in (glossary, organisation) if (data_path / kind.file).is_file()]
    read = {task[0]: document for task, (document, _) in zip(tasks, read_files(tasks))}
    roles = [read[task[0]] for task in tasks if task[2] is role and read[task[0]] is not None]
    return organisation_words(roles, read.get(data_path / glossary.file), read.get(data_path / organisation.file))


def _readability_of_data_file(root: Path, data_path: Path, path: Path, given: str, as_json: bool, plain,
                              settings, cache_dir: Path | None, registry: "Registry",
                              units_by_kind: Mapping[str, Callable]) -> int:
    from .datafiles import shown_path
    from .document_readability import document_settings
    from .prose_file import kind_of_file, read_document, read_prose
    kind = kind_of_file(path, data_path, registry.kinds)
    if kind is None:
        folders = ", ".join(sorted(f"data/{k.folder}/" for k in registry.kinds if k.folder))
        echo(f"error: {given}: not a document the portal knows; a document's file goes in the folder of "
             f"its kind ({folders}) or is one of the portal's own files; for a Markdown or text file, give a "
             ".md or .txt file", file=sys.stderr)
        return EXIT_INPUT
    doc, errors = read_document(path, shown_path(path.resolve(), root), kind)
    if errors or doc is None:
        echo(*(errors or [f"error: {given}: could not be read as a {kind.name}"]), file=sys.stderr)
        return EXIT_INPUT
    source = _text_of(given, path)
    if source is None:
        return EXIT_INPUT
    thresholds, accept = document_settings(doc, settings)
    reading = read_prose(doc, kind, units_by_kind, plain_words=plain, thresholds=thresholds,
                         accept=accept, cache_dir=cache_dir, source=source, vocabulary=_vocabulary(root, data_path))
    if as_json:
        print(terminal_json(reading.to_dict(), indent=2))
    else:
        echo(*reading.lines())
    return EXIT_OK
