"""Staff and newcomer experience: onboarding paths, start here, the glossary and search words.

An onboarding path (``data/onboarding/<role>.yml``) is an ordered checklist
for a newcomer in one role. Its page is a plain ordered list; the browser
adds the ticks, the progress bar and the next step
(``docs/javascripts/onboarding.js``), so the page still reads well without
JavaScript.

Search words are a procedure's ``keywords`` plus the synonyms of those
keywords (``data/search-synonyms.yml``) and the glossary's abbreviations.
The same words feed the site's search (front matter ``tags``, which
Material's search weighs above titles) and the offline index behind
``qms search``, built here with the Python ``lunr`` package from the model.
"""

from __future__ import annotations

from pathlib import Path

import datetime as dt
import re
import sys
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Iterable

from markupsafe import Markup

from .. import pipeline
from ..analysis import DocumentReport, Flag
from ..errors import DataErrors
from ..registry import Registry
from ..terminal import echo, terminal_json
from ..cycles import find_cycles
from ..errors import DataError
from ..gates import readability_for_units
from ..kinds import Kind, ROLE_HINT, ROLE_ID, doc_ref, readability_settings, role_ref
from ..model import Document, Repository
from ..readability import Unit
from ..render import GeneratedPage, Renderer, nav_entry, procedure_uri
from ..schema import Field, Integer, ListOf, Record, Text, suggest
from ..settings import Settings
from ..validate import error_at, replacement
from ..registry import Feature

ACTIONS = ("read", "meet", "train", "task")
ACTIONS_HINT = ("add one of: 'read: <procedure id>', 'meet: <role id>', 'train: <what to learn>' "
                "or 'task: <what to do>'")
PATHS_URI = "onboarding/index.md"
GLOSSARY_URI = "glossary.md"

# --------------------------------------------------------------------------- kinds

onboarding_step = Record(
    description="One thing a newcomer does: read, meet, train or do a task under supervision.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint="use lower-case words joined by hyphens, e.g. "
                         "read-induction"), required=True,
                    description="Short name of the step, unique in this path; 'after' lists use it."),
        "read": Field(doc_ref(),
                      description="Read this procedure."),
        "meet": Field(role_ref(),
                      description="Meet the person in this role."),
        "train": Field(Text(), description="Complete this training (a course or a training item)."),
        "task": Field(Text(), description="Do this task while someone watches and helps."),
        "supervisor": Field(role_ref(),
                            description="For a task: the role that supervises it."),
        "procedure": Field(doc_ref(),
                           description="For training or a task: the procedure it follows."),
        "why": Field(Text(), description="One or two sentences on why the step matters or what to ask."),
        "minutes": Field(Integer(minimum=1, maximum=6000), required=True,
                         description="About how many minutes the step takes."),
        "after": Field(ListOf(Text(pattern=ROLE_ID, pattern_hint="use the id of an earlier step"), unique=True),
                       description="Ids of steps to finish first."),
    },
)

onboarding = Kind(
    name="onboarding",
    title="Onboarding paths",
    folder="onboarding",
    url_prefix="onboarding",
    schema=Record(
        description="The first weeks of a newcomer in one role: ordered steps with times.",
        fields={
            "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                        description="The role this path is for; the file name is the same id."),
            "title": Field(Text(single_line=True, max_length=100), description="Page title; defaults to '<role>: your first weeks'."),
            "introduction": Field(Text(), required=True, description="A few plain sentences to welcome the reader."),
            "steps": Field(ListOf(onboarding_step, min_items=1), required=True, description="The steps, in order."),
            "readability": Field(readability_settings, description="Readability settings for this path only."),
        },
    ),
)

search_synonyms = Kind(
    name="search-synonyms",
    title="Search synonyms",
    file="search-synonyms.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="Everyday words staff type, grouped with the words our documents use.",
        fields={
            "groups": Field(ListOf(Record(fields={
                "words": Field(ListOf(Text(), min_items=2, unique=True), required=True,
                               description="Words and phrases that mean the same thing to a searcher."),
                "note": Field(Text(), description="Why the group exists (optional)."),
            })), required=True, description=(
                "When a procedure has one word of a group as a keyword (or as its title), "
                "search finds it by every word of the group.")),
        },
    ),
)

# --------------------------------------------------------------------------- checks


def check_path(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """A path belongs to a role; each step does one thing; prerequisites exist, come first, never loop."""
    roles = repository.of_kind("role")
    if doc.id and doc.id not in roles and not repository.could_not_read("role", doc.id):
        errors.append(error_at(doc, ("id",), f"no role has the id {doc.id!r}",
                               suggest(doc.id, roles) or "name the path after the role it is for, "
                               "e.g. production-operator"))
    steps = doc.get("steps", [])
    first_index: dict[str, int] = {}
    for index, step in enumerate(steps):
        where = ("steps", index)
        actions = [action for action in ACTIONS if (*where, action) in doc.marks]
        if not actions:
            errors.append(error_at(doc, where, "the step says nothing to do", ACTIONS_HINT))
        elif len(actions) > 1:
            errors.append(error_at(doc, (*where, actions[1]), f"a step does one thing, but this one has "
                                   f"both {actions[0]!r} and {actions[1]!r}", "split it into two steps"))
        if "task" in actions and (*where, "supervisor") not in doc.marks:
            errors.append(error_at(doc, (*where, "task"), "a task needs a supervisor",
                                   "add 'supervisor: <role id>' of the person who watches and helps"))
        if (*where, "supervisor") in doc.marks and "task" not in actions:
            errors.append(error_at(doc, (*where, "supervisor"), "only a task has a supervisor",
                                   "remove 'supervisor', or make the step a task"))
        if (*where, "procedure") in doc.marks and not {"train", "task"} & set(actions):
            errors.append(error_at(doc, (*where, "procedure"), "only training or a task follows a procedure",
                                   "use 'read: <id>' to read a procedure"))
        for key in ("read", "procedure"):
            target = repository.get("procedure", step.get(key, ""))
            if target is None or target.status == "draft":
                continue  # unknown ids and drafts are reported by the reference check
            if target.status == "obsolete":
                final = replacement(repository, target)
                errors.append(error_at(doc, (*where, key), f"{target.id} is obsolete",
                                       f"use {final.id}, which replaces it" if final
                                       else "use the approved procedure that replaces it"))
        step_id = step.get("id")
        if step_id is None:
            continue
        if step_id in first_index:
            errors.append(error_at(doc, (*where, "id"), f"step id {step_id!r} is used twice "
                                   f"(first by step {first_index[step_id] + 1})", "give each step its own id"))
        else:
            first_index[step_id] = index
    check_prerequisites(doc, steps, first_index, errors)


def check_prerequisites(doc: Document, steps: list[dict], position: dict[str, int],
                        errors: list[DataError]) -> None:
    """'after' names earlier steps of the same path and never goes round in a circle."""
    graph: dict[str, list[tuple[str, int, int]]] = {}  # step id -> (prerequisite id, step index, after index)
    for index, step in enumerate(steps):
        for after_index, prerequisite in enumerate(step.get("after", [])):
            where = ("steps", index, "after", after_index)
            if prerequisite == step.get("id"):
                errors.append(error_at(doc, where, "a step cannot wait for itself", "remove it from 'after'"))
            elif prerequisite not in position:
                errors.append(error_at(doc, where, f"no step has the id {prerequisite!r}",
                                       suggest(prerequisite, position) or "use the id of another step "
                                       "in this path"))
            elif "id" in step and position.get(step["id"]) == index:
                graph.setdefault(step["id"], []).append((prerequisite, index, after_index))
    in_cycle: set[tuple[int, int]] = set()
    for cycle in find_cycles({step_id: [edge[0] for edge in edges] for step_id, edges in graph.items()},
                             sorted(graph, key=position.get)):
        edges = list(cycle_edges(graph, cycle))
        in_cycle.update(edges)
        # reported on the earliest step of the circle: its 'after' names a later step, the one to change
        index, after_index = edges[0]
        errors.append(error_at(doc, ("steps", index, "after", after_index),
                               "prerequisites go round in a circle: " + " → ".join(cycle),
                               "each step must wait only for steps that can be done before it"))
    for step_id, edges in graph.items():
        for prerequisite, index, after_index in edges:
            if position[prerequisite] > index and (index, after_index) not in in_cycle:
                errors.append(error_at(doc, ("steps", index, "after", after_index),
                                       f"step {prerequisite!r} comes later in the path",
                                       "move that step before this one: the list is the order to follow"))


def cycle_edges(graph: dict[str, list[tuple[str, int, int]]], cycle: list[str]) -> Iterable[tuple[int, int]]:
    """(step index, 'after' index) of each link of ``cycle``, in order."""
    for node, following in zip(cycle, cycle[1:]):
        for prerequisite, index, after_index in graph.get(node, []):
            if prerequisite == following:
                yield (index, after_index)
                break


def term_anchor(term: str) -> str:
    """Stable anchor of a glossary term: lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") or "term"


def check_glossary(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Terms and abbreviations are unique; 'see also' names a term of the glossary."""
    terms = doc.get("terms", [])
    anchors: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    for index, term in enumerate(terms):
        anchor = term_anchor(term.get("term", ""))
        if anchor in anchors:
            errors.append(error_at(doc, ("terms", index, "term"), f"{term['term']!r} is already defined "
                                   f"(term {anchors[anchor] + 1})", "keep one definition of each term"))
        else:
            anchors[anchor] = index
        abbreviation = term.get("abbreviation")
        if abbreviation:
            if abbreviation in abbreviations:
                errors.append(error_at(doc, ("terms", index, "abbreviation"),
                                       f"the abbreviation {abbreviation!r} is already used by term "
                                       f"{abbreviations[abbreviation] + 1}", "an abbreviation has one meaning"))
            else:
                abbreviations[abbreviation] = index
            if "]" in abbreviation or "[" in abbreviation:
                errors.append(error_at(doc, ("terms", index, "abbreviation"), "an abbreviation cannot hold "
                                       "square brackets", "write the letters only, e.g. NCR"))
    names = {term_anchor(term.get("term", "")): term.get("term", "") for term in terms}
    for index, term in enumerate(terms):
        for see_index, other in enumerate(term.get("see_also", [])):
            where = ("terms", index, "see_also", see_index)
            if term_anchor(other) == term_anchor(term.get("term", "")):
                errors.append(error_at(doc, where, "a term cannot point to itself", "remove it from 'see_also'"))
            elif term_anchor(other) not in names:
                errors.append(error_at(doc, where, f"the glossary has no term {other!r}",
                                       suggest(other, names.values()) or "add the term, or fix the spelling"))


def check_synonyms(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """A word belongs to one group, otherwise two groups silently merge."""
    first: dict[tuple[str, ...], int] = {}
    for index, group in enumerate(doc.get("groups", [])):
        for word_index, word in enumerate(group.get("words", [])):
            key = stemmed(word)
            if not key:
                errors.append(error_at(doc, ("groups", index, "words", word_index),
                                       f"{word!r} has no letters or digits", "write a word"))
            elif key in first and first[key] != index:
                errors.append(error_at(doc, ("groups", index, "words", word_index),
                                       f"{word!r} is already in group {first[key] + 1}",
                                       "merge the two groups, or keep the word in one of them"))
            else:
                first.setdefault(key, index)


# --------------------------------------------------------------------------- analysis


def path_units(doc: Document) -> list[Unit]:
    units = [Unit(doc["introduction"], doc.line("introduction"), "introduction")] if doc.get("introduction") else []
    for index, step in enumerate(doc.get("steps", [])):
        for key in ("train", "task", "why"):
            if step.get(key):
                label = f"step {index + 1}" + (" why" if key == "why" else "")
                units.append(Unit(step[key], doc.line("steps", index, key), label))
    return units


def analyse_paths(repository: Repository, settings: Settings,
                  today: dt.date) -> tuple[list[DocumentReport], list[Flag]]:
    """Onboarding text passes the same readability gates as procedures."""
    flags: list[Flag] = []
    for doc in sorted(repository.of_kind("onboarding").values(), key=lambda d: d.id):
        _, path_flags = readability_for_units(doc, path_units(doc), repository, settings,
                                              doc.line("introduction"))
        flags.extend(path_flags)
    return [], flags


# --------------------------------------------------------------------------- pages


def path_uri(role_id: str) -> str:
    return f"onboarding/{role_id}.md"


def onboarding_link(role_id: str, repository: Repository, link: Any) -> Markup:
    """A link to the role's onboarding path, or nothing when the role has none."""
    if repository.get("onboarding", role_id) is None:
        return Markup("")
    return Markup("**New in this role?** Follow the ") + link.to(path_uri(role_id), "first weeks checklist") + Markup(".")


def duration(minutes: int) -> str:
    """'45 min', '2 h', '1 h 30 min': short and unambiguous."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


@dataclass(frozen=True)
class PathStep:
    number: int
    id: str
    action: str  # read, meet, train or task
    data: dict
    after: tuple[tuple[int, str], ...]  # (number, id) of the steps to finish first

    @property
    def time(self) -> str:
        return duration(self.data["minutes"])


def path_steps(doc: Document) -> list[PathStep]:
    steps = doc.get("steps", [])
    numbers = {step["id"]: number for number, step in enumerate(steps, start=1)}
    result = []
    for number, step in enumerate(steps, start=1):
        action = next(action for action in ACTIONS if action in step)
        after = tuple(sorted((numbers[other], other) for other in step.get("after", [])))
        result.append(PathStep(number, step["id"], action, step, after))
    return result


def path_title(doc: Document, repository: Repository) -> str:
    return doc.get("title") or f"{role_title(repository, doc.id)}: your first weeks"


def role_title(repository: Repository, role_id: str) -> str:
    role = repository.get("role", role_id)
    return role.title if role else role_id


def sorted_paths(repository: Repository) -> list[Document]:
    """Paths in the order of their roles' titles, as on the roles index."""
    return sorted(repository.of_kind("onboarding").values(),
                  key=lambda doc: role_title(repository, doc.id).lower())


def path_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    paths = sorted_paths(repository)
    pages = []
    for doc in paths:
        steps = path_steps(doc)
        total = sum(step.data["minutes"] for step in steps)
        pages.append(renderer.page("onboarding/path.md.j2", path_uri(doc.id), path_title(doc, repository),
                                   doc.path, path=doc, role=repository.get("role", doc.id), steps=steps,
                                   total=duration(total)))
    if paths:
        rows = [(doc, path_title(doc, repository), len(doc["steps"]),
                 duration(sum(step["minutes"] for step in doc["steps"]))) for doc in paths]
        pages.append(renderer.page("onboarding/index.md.j2", PATHS_URI, "Onboarding paths", None, rows=rows))
    return pages


def glossary_terms(repository: Repository) -> list[dict]:
    glossary = repository.singleton("glossary")
    terms = glossary.get("terms", []) if glossary else []
    return sorted(terms, key=lambda term: term["term"].lower())


def glossary_page(renderer: Renderer) -> list[GeneratedPage]:
    glossary = renderer.repository.singleton("glossary")
    terms = glossary_terms(renderer.repository)
    if not terms:
        return []
    letters: dict[str, list[dict]] = {}
    for term in terms:
        first = term["term"][:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(term)
    abbreviations = sorted((term for term in terms if term.get("abbreviation")),
                           key=lambda term: term["abbreviation"].lower())
    return [renderer.page("onboarding/glossary.md.j2", GLOSSARY_URI, "Glossary", glossary.path,
                          letters=letters, abbreviations=abbreviations, anchor=term_anchor)]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    uris = {page.src_uri for page in generated}
    nav: list[Any] = []
    paths = [doc for doc in sorted_paths(repository) if path_uri(doc.id) in uris]
    if paths:
        nav.append({"Onboarding": [PATHS_URI] + [nav_entry(role_title(repository, doc.id), path_uri(doc.id))
                                                 for doc in paths]})
    if GLOSSARY_URI in uris:
        nav.append({"Glossary": GLOSSARY_URI})
    return nav


# --------------------------------------------------------------------------- macros


def role_picker(macros: Any) -> str:
    """Start here: every role with its role page and, where one exists, its onboarding path."""
    repository = macros.state.repository
    roles = sorted(repository.of_kind("role").values(), key=lambda role: role.title.lower())
    paths = repository.of_kind("onboarding")
    return macros._renderer().render("onboarding/role_picker.md.j2", macros.page_uri, roles=roles,
                                     has_path={role.id for role in roles if role.id in paths},
                                     path_uri=path_uri)


def feature_macros(macros: Any) -> dict[str, Any]:
    return {"role_picker": partial(role_picker, macros)}


# --------------------------------------------------------------------------- search words


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    from lunr.stemmer import porter_stemmer
    return porter_stemmer.stem(word)


def stemmed(phrase: str) -> tuple[str, ...]:
    """A phrase as search sees it: lower-case word stems ('Broken gauges' → ('broken', 'gaug'))."""
    return tuple(_stem(word) for word in re.findall(r"[a-z0-9]+", phrase.lower()))


@lru_cache(maxsize=16)
def _group_index(groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[frozenset, tuple[str, ...]], ...]:
    return tuple((frozenset(stemmed(word) for word in words), words) for words in groups)


def expansion_groups(repository: Repository) -> tuple[tuple[str, ...], ...]:
    """Synonym groups, then each glossary term with its abbreviation (NCR ↔ Nonconformity report)."""
    groups: list[tuple[str, ...]] = []
    synonyms = repository.singleton("search-synonyms")
    if synonyms is not None:
        groups += [tuple(group["words"]) for group in synonyms.get("groups", [])]
    groups += [(term["term"], term["abbreviation"]) for term in glossary_terms(repository)
                if term.get("abbreviation")]
    return tuple(groups)


def search_words(doc: Document, repository: Repository) -> list[str]:
    """Keywords first, then every synonym of a keyword or of the title; no word twice.

    Groups match on word stems ('gauges' finds 'gauge'), but every spelling is
    kept: Material's search matches the start of words without stemming, so
    'procurement' must be there even when 'procure' is.
    """
    keywords = list(doc.get("keywords", []))
    anchors = {stemmed(word) for word in keywords} | {stemmed(doc.title)}
    words = list(keywords)
    seen = {_spelling(word) for word in words}
    for keys, group in _group_index(expansion_groups(repository)):
        if keys & anchors:
            for word in group:
                if _spelling(word) not in seen:
                    seen.add(_spelling(word))
                    words.append(word)
    return words


def _spelling(phrase: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", phrase.lower()))


def procedure_text(doc: Document) -> str:
    """The body staff read: purpose, scope, steps, notes and records."""
    parts = [doc.get("purpose", ""), doc.get("scope", "")]
    for step in doc.get("steps", []):
        parts += [step.get("action", ""), step.get("note", ""), step.get("record", "")]
    parts += [record.get("name", "") for record in doc.get("records", [])]
    return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    score: float
    uri: str
    superseded_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "score": round(self.score, 3), "url": self.uri,
                "obsolete": self.superseded_by is not None, "superseded_by": self.superseded_by}


class SearchIndex:
    """Published procedures in a lunr index: title, search words and body text.

    Obsolete procedures stay in the index so an old name still leads somewhere,
    but they always come after every current one and name their replacement.
    """

    FIELDS = ({"field_name": "title", "boost": 10}, {"field_name": "words", "boost": 20},
              {"field_name": "body", "boost": 1})

    def __init__(self, repository: Repository):
        from lunr import lunr
        self.docs = {doc.id: doc for doc in repository.published("procedure")}
        records = [{"id": doc.id, "title": doc.title, "words": " ; ".join(search_words(doc, repository)),
                    "body": procedure_text(doc)} for doc in sorted(self.docs.values(), key=lambda d: d.id)]
        self.index = lunr(ref="id", fields=list(self.FIELDS), documents=records)

    def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        from lunr.query import Query
        from lunr.stop_word_filter import WORDS as STOP_WORDS
        words = re.findall(r"[a-z0-9]+", text.lower())
        meaningful = [word for word in words if word not in STOP_WORDS] or words
        if not meaningful:
            return []
        query = self.index.create_query()
        for word in meaningful:
            query.term(word, boost=2)  # whole word, stemmed like the index
            query.term(word, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING)  # the start of a word
        hits = []
        for result in self.index.query(query):
            doc = self.docs[result["ref"]]
            obsolete = doc.status == "obsolete"
            hits.append(SearchHit(doc.id, doc.title, result["score"], procedure_uri(doc.id)[:-3] + "/",
                                  doc.get("superseded_by") if obsolete else None))
        hits.sort(key=lambda hit: (hit.superseded_by is not None, -hit.score, hit.id))
        return hits[:limit]


def run_search(root: Any, registry: Registry, query: str, limit: int = 5, as_json: bool = False,
               data_dir: str | None = None, today: dt.date | None = None) -> int:
    """``qms search``: load the data (no build, no analysis) and print the best matches."""
    if not query.strip():
        print("error: give some words to search for, e.g. qms search \"broken gauge\"", file=sys.stderr)
        return 2
    if limit < 1:
        print(f"error: --limit must be 1 or more, not {limit}", file=sys.stderr)
        return 2
    try:
        repository = pipeline.load(root, registry, data_dir, today=today)
    except DataErrors as exc:
        echo(*exc.summary().split("\n"), file=sys.stderr)
        return 2
    hits = SearchIndex(repository).search(query, limit)
    if as_json:
        print(terminal_json({"query": query, "results": [hit.to_dict() for hit in hits]}, indent=2))
        return 0
    if not hits:
        echo(f"No procedure matches {query!r}. Try fewer or other words.")
        return 0
    for rank, hit in enumerate(hits, start=1):
        note = f"  (obsolete: use {hit.superseded_by})" if hit.superseded_by else ""
        echo(f"{rank}. {hit.id} {hit.title}{note}", f"   {hit.uri}")
    return 0


FEATURE = Feature(
    name="onboarding",
    templates=Path(__file__).parent / "onboarding" / "templates",
    slots={"role.intro": ("onboarding/role_intro.md.j2",)},
    kinds=(onboarding, search_synonyms),
    checks={"onboarding": (check_path,), "glossary": (check_glossary,), "search-synonyms": (check_synonyms,)},
    analyse=analyse_paths,
    pages=(path_pages, glossary_page),
    nav=navigation,
    macros=feature_macros,
    macro_names=("role_picker",),
    template_globals={"search_words": search_words, "onboarding_link": onboarding_link},
)
