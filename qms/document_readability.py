"""Readability gate for documents: which text counts as prose, and what is flagged.

Results are cached by content: the same text with the same settings is never
analysed twice in one process, so ``mkdocs serve`` re-analyses only the files
that changed. That memo depends on nothing but the text and settings it is
keyed by, so it may outlive a build; everything else lives on the build's
``BuildCaches``.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .build_caches import BuildCaches
from .cache import content_key
from .general_part import general_units
from .procedure_steps import all_steps, section_id, substep_number
from .model import Document, Repository
from .parallel import fork_map
from .readability import PlainWords, ReadabilityReport, Unit, analyse
from .registry import FlagKind

#: Every readability flag a document can carry: one list, so the pages that fold, count or score
#: them (dashboard, coverage, `make quality`) cannot miss a new kind.
READABILITY_FLAG_KINDS = (
    FlagKind("long-sentence", "warning", "A sentence is longer than the word limit."),
    FlagKind("two-ideas", "warning", "A sentence of 20 or more words joins a second idea with a semicolon, "
             "a dash, or a comma and \"and\", \"or\", \"but\" or \"so\": split it in two."),
    FlagKind("very-hard-sentence", "warning",
             "A sentence of 20 or more words reads at grade 15 or above (ARI)."),
    FlagKind("hard-sentence", "info", "A sentence of 14 or more words reads at grade 10 or above (ARI)."),
    FlagKind("no-actor", "warning", "A step, an order or a statement of how the work is done does not say who "
             "does it (passive voice with no doer named)."),
    FlagKind("vague-time", "warning", "A step or an order gives a deadline with no time (\"promptly\", "
             "\"in a timely manner\")."),
    FlagKind("passive-voice", "info", "A sentence seems to use the passive voice (detection is approximate)."),
    FlagKind("dangling-reference", "info", "A sentence points back to \"above\" instead of naming the step "
             "or section."),
    FlagKind("empty-sentence", "info", "A sentence says nothing the reader can use (\"This is important.\")."),
    FlagKind("plain-words", "info", "A word or phrase has a plainer alternative in data/plain-words.yml."),
    FlagKind("formal-words", "warning", "A word or phrase readers stumble on (data/plain-words.yml marks it "
             "level: warning), such as \"shall\" or \"constitute\"."),
    FlagKind("low-reading-ease", "warning", "The page's Flesch Reading Ease is below the minimum."),
    FlagKind("high-grade", "warning", "The page's Flesch-Kincaid grade is above the maximum."),
)
READABILITY_KINDS = frozenset(kind.name for kind in READABILITY_FLAG_KINDS)

if TYPE_CHECKING:
    from .analysis import Flag
    from .settings import Settings

_CACHE: "OrderedDict[str, ReadabilityReport]" = OrderedDict()
_CACHE_SIZE = 20_000
OVERRIDES = ("max_sentence_words", "min_reading_ease", "max_grade")


def prose_units(doc: Document) -> list[Unit]:
    """The parts of a procedure staff read as sentences, each with its YAML line."""
    units = []
    for key, text in (("purpose", doc.purpose), ("scope", doc.scope)):
        if text:
            units.append(Unit(text, doc.line(key), key))
    units += general_units(doc)  # read before the steps, as on the page
    restart = doc.numbering == "restart"
    section_index = None
    for at in all_steps(doc):
        if at.section is not None and at.section_index != section_index and at.section.intro:
            units.append(Unit(at.section.intro, doc.line("sections", at.section_index, "intro"),
                              f"section {section_id(at.section, at.section_index)} intro"))
        section_index = at.section_index
        step, where = at.step, at.path
        # where numbers restart, "step 2" alone would not say which one
        of_section = f" ({at.section_title})" if at.section is not None and restart else ""
        units.append(Unit(step.action, doc.line(*where, "action"), f"step {at.number}{of_section}", step=True))
        if step.note:
            units.append(Unit(step.note, doc.line(*where, "note"), f"step {at.number}{of_section} note"))
        for part_index, part in enumerate(step.substeps):
            label = f"step {substep_number(at.number, part_index)}{of_section}"
            units.append(Unit(part.action, doc.line(*where, "substeps", part_index, "action"), label,
                              step=True))
            if part.note:
                units.append(Unit(part.note, doc.line(*where, "substeps", part_index, "note"), f"{label} note"))
    return units


def plain_words_of(repository: Repository) -> tuple[PlainWords, str]:
    """The compiled plain-words list and a fingerprint of its content, compiled once per build."""
    values = repository.caches.values
    if "plain-words" not in values:
        source = repository.singleton("plain-words")
        data = source.data if source else {}
        fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()
        values["plain-words"] = (PlainWords.from_mapping(data), fingerprint)
    return values["plain-words"]


def vocabulary_of(repository: Repository) -> tuple[str, ...]:
    """The organisation's own words, which its staff know however long they are: role titles,
    glossary terms and their abbreviations, the organisation's names. Made once per build."""
    values = repository.caches.values
    if "vocabulary" not in values:
        values["vocabulary"] = organisation_words(repository.of_kind("role").values(),
                                                  repository.singleton("glossary"),
                                                  repository.singleton("organisation"))
    return values["vocabulary"]


def organisation_words(roles: Iterable[Document], glossary: Document | None,
                       organisation: Document | None) -> tuple[str, ...]:
    """Role titles, glossary terms and abbreviations, the organisation's names: sorted, no repeats."""
    words = [role.title for role in roles]
    for term in (glossary.value("terms") or []) if glossary else []:
        words += [term["term"], term.get("abbreviation") or ""]
    if organisation is not None:
        words += [organisation.value("name") or "", organisation.value("short_name") or ""]
    return tuple(sorted({" ".join(str(word).split()) for word in words if word and str(word).strip()}))


def _cache_key(units: list[Unit], thresholds: Any, plain_words_fingerprint: str, accept: list[str],
               vocabulary: tuple[str, ...] = ()) -> str:
    payload = json.dumps([[(u.text, u.line, u.label, u.step, u.cell) for u in units], repr(thresholds),
                          plain_words_fingerprint, accept, vocabulary], default=str)
    # with the code's version: results kept on disk must not outlive an upgrade of the rules
    return content_key(payload)


def cached_analyse(units: list[Unit], thresholds: Any, plain_words: tuple[PlainWords, str],
                   accept: list[str], caches: BuildCaches, vocabulary: tuple[str, ...] = ()) -> ReadabilityReport:
    """Readability of ``units``; ``plain_words`` is what ``plain_words_of`` returns."""
    compiled, fingerprint = plain_words
    disk = caches.readability
    key = _cache_key(units, thresholds, fingerprint, accept, vocabulary)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        report = _CACHE[key]
        if disk is not None:
            disk.put(key, report)
        return report
    report = disk.get(key) if disk is not None else None
    if report is None:
        report = analyse(units, plain_words=compiled, thresholds=thresholds, accept=accept,
                         cache_dir=caches.cache_dir, vocabulary=vocabulary)
        if disk is not None:
            disk.put(key, report)
    _CACHE[key] = report
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return report


def cache_info() -> dict[str, int]:
    return {"entries": len(_CACHE)}


def forget() -> None:
    """Drop the in-process memo, for a cold start (the disk cache is the build's, and stays)."""
    _CACHE.clear()


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _settings_for(doc: Document, settings: "Settings") -> tuple[Any, list[str]]:
    own = getattr(doc, "readability", None)  # a kind without per-document settings uses the site's
    if own is None:
        return settings.thresholds.merged({}), []
    thresholds = settings.thresholds.merged({key: own[key] for key in OVERRIDES if key in own})
    return thresholds, list(own.accept)


def document_settings(doc: Document, settings: "Settings") -> tuple[Any, list[str]]:
    """The thresholds and accepted sentences a document is scored with (its own, over the site's)."""
    return _settings_for(doc, settings)


def prefetch(documents: list[tuple[Document, list[Unit]]], repository: Repository, settings: "Settings") -> None:
    """Analyse, across the machine's cores, every document not already cached (a first run at scale)."""
    plain_words = plain_words_of(repository)
    compiled, fingerprint = plain_words
    vocabulary = vocabulary_of(repository)
    disk = repository.caches.readability
    jobs = []
    for doc, units in documents:
        thresholds, accept = _settings_for(doc, settings)
        key = _cache_key(units, thresholds, fingerprint, accept, vocabulary)
        if key in _CACHE or (disk is not None and disk.entries.get(key) is not None):
            continue
        jobs.append((key, units, thresholds, accept, vocabulary))
    if len(jobs) < PARALLEL_MIN_DOCUMENTS:
        return  # analysed one by one as they are asked for
    reports = fork_map(_analyse_job, jobs, shared=(compiled, repository.caches.cache_dir),
                       minimum=PARALLEL_MIN_DOCUMENTS, workers=repository.caches.workers)
    for (key, *_), report in zip(jobs, reports):
        _CACHE[key] = report
        if disk is not None:
            disk.put(key, report)


PARALLEL_MIN_DOCUMENTS = 300


def _analyse_job(shared: tuple[PlainWords, Path | None], job: tuple) -> ReadabilityReport:
    compiled, cache_dir = shared
    _, units, thresholds, accept, vocabulary = job
    return analyse(units, plain_words=compiled, thresholds=thresholds, accept=accept, cache_dir=cache_dir,
                   vocabulary=vocabulary)


def readability_of(doc: Document, repository: Repository, settings: "Settings",
                   units: list[Unit] | None = None) -> tuple[ReadabilityReport, list["Flag"]]:
    """A procedure's readability: purpose, scope, steps and notes (``units``, when already made)."""
    units = prose_units(doc) if units is None else units
    return readability_for_units(doc, units, repository, settings, doc.line("purpose"))


def readability_for_units(doc: Document, units: list[Unit], repository: Repository, settings: "Settings",
                          page_line: int = 1) -> tuple[ReadabilityReport, list["Flag"]]:
    """Any document's readability: each feature picks its prose ``units`` (with lines)."""
    thresholds, accept = _settings_for(doc, settings)
    report = cached_analyse(units, thresholds, plain_words_of(repository), accept, repository.caches,
                            vocabulary_of(repository))
    return report, readability_flags(doc, report, thresholds, settings, page_line)


def readability_flags(doc: Document, report: ReadabilityReport, thresholds: Any,
                      settings: "Settings", page_line: int = 1) -> list["Flag"]:
    flags = []
    line_of_page = page_line
    for sentence in report.flagged_sentences:
        for reason in sentence.reasons:
            if reason == "long-sentence":
                detail = f"{sentence.words} words (limit {thresholds.max_sentence_words})"
            elif reason == "two-ideas":
                detail = f"{sentence.words} words and two ideas: split it in two"
            elif reason in ("hard-sentence", "very-hard-sentence"):
                detail = f"reads at grade {sentence.grade:.0f}"
            elif reason == "no-actor":
                detail = "say who does it"
            elif reason == "vague-time":
                detail = "give a time (a day, a number of hours or days)"
            elif reason == "dangling-reference":
                detail = "name the step or section instead of \"above\""
            elif reason == "empty-sentence":
                detail = "say what to do, or delete the sentence"
            else:
                detail = "passive voice? Say who does it"
            message = f"{doc.id} {sentence.label}: {detail}: \"{_short(sentence.shown or sentence.text)}\""
            flags.append(settings.flag(doc.path, sentence.line or line_of_page, reason, message, doc.id,
                                       key=f"{reason}:{sentence.text}"))
    seen_phrases = set()
    for phrase in report.phrases:
        key = f"plain-words:{phrase.phrase.lower()}:{phrase.sentence}"
        if key in seen_phrases:
            continue
        seen_phrases.add(key)
        message = f"{doc.id} {phrase.label}: use \"{phrase.suggestion}\" instead of \"{phrase.phrase}\""
        kind = "formal-words" if phrase.level == "warning" else "plain-words"
        flags.append(settings.flag(doc.path, phrase.line or line_of_page, kind, message, doc.id, key=key))
    for page_flag in report.page_flags:
        if page_flag == "low-reading-ease":
            message = (f"{doc.id}: reading ease {report.flesch_reading_ease:.0f} is below "
                       f"{thresholds.min_reading_ease:g}; use shorter sentences and words")
        else:
            message = (f"{doc.id}: grade level {report.flesch_kincaid_grade:.1f} is above "
                       f"{thresholds.max_grade:g}; use shorter sentences and words")
        flags.append(settings.flag(doc.path, line_of_page, page_flag, message, doc.id, key=page_flag))
    return flags
