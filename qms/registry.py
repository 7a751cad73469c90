"""Features and the registry that holds the ones a build uses.

A feature declares its kinds (schema + template), cross-document checks, an
analyser that produces reports and flags, page builders, a navigation
section and macros. The registry is an object handed down by whoever wires
the build, so a repository can be loaded with only some features and two
builds in one process never share a hidden list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

if TYPE_CHECKING:
    from .errors import DataError
    from .kinds import Kind


@dataclass(frozen=True)
class FlagKind:
    name: str
    severity: str  # default: error, warning or info
    description: str
    # its messages name a person: pages every member of staff reads show only how many there are
    names_a_person: bool = False
    # an operational fact (a value not yet entered, something late or due), not a problem of a
    # controlled document: it is shown and counted, but never blocks a build or a publish, because
    # the fix is work in the organisation and holding back a corrected procedure helps nobody
    operational: bool = False


@dataclass(frozen=True)
class ClauseEvidence:
    """Documents that show clauses of a standard are met, beside the procedures that claim them.

    A feature declares it for a kind it holds, e.g. management reviews for 9.3: when the data has
    such a document, the clauses (and their subclauses) count as covered and the coverage page
    links to ``uri``. A feature left out of a build takes its evidence with it; a kind declared
    in data can declare evidence the same way.
    """
    kind: str
    clauses: tuple[str, ...]  # as documents name them: "9.3" for ISO 9001, "iso13485:5.6" for another standard
    label: str  # how the coverage page names it, e.g. "Management reviews"
    uri: str  # source URI of the page that shows it
    # only documents with this field filled in count, e.g. "quality_policy" of the organisation;
    # dotted for a field inside a record ("quality_policy.sponsors")
    with_field: str | None = None


# (document, repository, errors) and (repository, errors): the model imports this module, so its
# types are not named here
DocumentCheck = Callable[[Any, Any, "list[DataError]"], None]
RepositoryCheck = Callable[[Any, "list[DataError]"], None]


@dataclass(frozen=True)
class Feature:
    name: str
    kinds: tuple["Kind", ...] = ()
    checks: Mapping[str, tuple[DocumentCheck, ...]] = field(default_factory=dict)
    repository_checks: tuple[RepositoryCheck, ...] = ()
    # (repository, settings, today) -> (document reports, flags not tied to one report)
    analyse: Callable[..., tuple[list, list]] | None = None
    # (renderer) -> list of GeneratedPage
    pages: tuple[Callable[..., list], ...] = ()
    # (repository, generated pages, settings) -> list of MkDocs nav entries
    nav: Callable[..., list[Any]] | None = None
    flag_kinds: tuple[FlagKind, ...] = ()
    # (Macros instance) -> {name: function} for hand-written pages; list the names in macro_names
    macros: Callable[..., Mapping[str, Callable[..., Any]]] | None = None
    macro_names: tuple[str, ...] = ()
    # {name: function} callable from page templates, e.g. search_words(doc, repo)
    template_globals: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # kind name -> (renderer, document) -> what that kind's page template needs beyond ``doc``
    page_context: Mapping[str, Callable[..., Mapping[str, Any]]] = field(default_factory=dict)
    # {name: function} other features may use when this one is in the build, e.g.
    # open_nonconformities(repository); see Registry.service
    services: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # the feature's own page templates, named "<feature name>/<file>" in templates
    templates: Path | None = None
    # slot name -> templates rendered into that slot of a core page, e.g. {"procedure.records": ("records/procedure_records.md.j2",)}
    slots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # top-level key of qms-report.json -> (build state) -> its JSON value, e.g. per-person detail
    # that the pages leave out
    report_sections: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # what the feature's documents show about ISO 9001 clauses, for the clause coverage page
    clause_evidence: tuple[ClauseEvidence, ...] = ()
    # (repository) -> {site path: file on disk}: files from data/ the site serves as they are
    # (a form's download, a work instruction's images), copied by the build, never read into memory
    site_files: Callable[..., Mapping[str, Path]] | None = None
    # kind name -> (document, repository) -> the parts of its page that search indexes, in page
    # order, as (anchor, heading, texts): the kind's page template knows them, so the feature that
    # owns the kind declares them and search (another feature) reads them here. Anchor "" adds to
    # the page's own entry, after its purpose.
    search_sections: Mapping[str, Callable[..., list[tuple[str, str, list[str]]]]] = field(
        default_factory=dict)


class Registry:
    """The features of one build, in order: the order of the navigation and of the dashboard."""

    def __init__(self, features: Iterable[Feature], left_out: Iterable[Feature] = ()):
        self.features: tuple[Feature, ...] = tuple(features)
        # features this portal chose not to use: their settings are known but have no effect
        self.left_out: tuple[Feature, ...] = tuple(left_out)
        names = [feature.name for feature in self.features]
        if len(set(names)) != len(names):
            raise ValueError(f"a feature is registered twice: {names}")

    def __repr__(self) -> str:
        return f"Registry({', '.join(feature.name for feature in self.features)})"

    def __iter__(self):
        return iter(self.features)

    def only(self, *names: str) -> "Registry":
        """The same registry with only the named features (in their original order)."""
        unknown = set(names) - {feature.name for feature in self.features}
        if unknown:
            raise ValueError(f"unknown {'feature' if len(unknown) == 1 else 'features'}: {', '.join(sorted(unknown))}")
        return Registry((feature for feature in self.features if feature.name in names),
                        left_out=self.left_out + tuple(f for f in self.features if f.name not in names))

    def has(self, name: str) -> bool:
        return any(feature.name == name for feature in self.features)

    def feature_of_macro(self, macro: str) -> str | None:
        """The left-out feature a macro belongs to, to say why a page cannot call it."""
        return next((feature.name for feature in self.left_out if macro in feature.macro_names), None)

    @cached_property
    def kinds(self) -> tuple["Kind", ...]:
        return tuple(kind for feature in self.features for kind in feature.kinds)

    @cached_property
    def kinds_by_name(self) -> dict[str, "Kind"]:
        return {kind.name: kind for kind in self.kinds}

    @cached_property
    def macro_names(self) -> tuple[str, ...]:
        """Names every feature adds for hand-written pages (known before any build runs)."""
        return tuple(name for feature in self.features for name in feature.macro_names)

    @cached_property
    def template_globals(self) -> dict[str, Callable[..., Any]]:
        """Functions every feature offers to page templates."""
        return {name: fn for feature in self.features for name, fn in feature.template_globals.items()}

    @cached_property
    def template_folders(self) -> dict[str, Path]:
        """Each feature's template folder, by the prefix its templates are named with."""
        return {feature.name: feature.templates for feature in self.features if feature.templates is not None}

    @cached_property
    def page_contexts(self) -> dict[str, Callable[..., Mapping[str, Any]]]:
        return {kind: fn for feature in self.features for kind, fn in feature.page_context.items()}

    @cached_property
    def slots(self) -> dict[str, tuple[str, ...]]:
        """What the features put into each named slot of the core pages, in feature order."""
        slots: dict[str, tuple[str, ...]] = {}
        for feature in self.features:
            for name, templates in feature.slots.items():
                slots[name] = slots.get(name, ()) + tuple(templates)
        return slots

    @cached_property
    def search_sections(self) -> dict[str, Callable[..., list[tuple[str, str, list[str]]]]]:
        """What each kind's page shows that search indexes, by kind (see ``Feature.search_sections``)."""
        return {kind: fn for feature in self.features for kind, fn in feature.search_sections.items()}

    @cached_property
    def report_sections(self) -> dict[str, Callable[..., Any]]:
        """What the features add to qms-report.json, by key."""
        return {key: fn for feature in self.features for key, fn in feature.report_sections.items()}

    @cached_property
    def personal_flag_kinds(self) -> frozenset[str]:
        """Flag kinds whose messages name a person."""
        return frozenset(name for name, kind in self.flag_kinds.items() if kind.names_a_person)

    @cached_property
    def operational_flag_kinds(self) -> frozenset[str]:
        """Flag kinds that report operational facts rather than document problems."""
        return frozenset(name for name, kind in self.flag_kinds.items() if kind.operational)

    def service(self, name: str) -> Callable[..., Any] | None:
        """A function a feature of this build offers to the others, or None without that feature.

        Features never import each other: one that can use another's results asks here.
        """
        return next((feature.services[name] for feature in self.features if name in feature.services), None)

    @cached_property
    def flag_kinds(self) -> dict[str, FlagKind]:
        return {flag.name: flag for feature in self.features for flag in feature.flag_kinds}

    @cached_property
    def known_flag_kinds(self) -> tuple[str, ...]:
        """Flag kinds settings may name: this build's and those of the features left out."""
        return tuple(sorted({*self.flag_kinds, *(f.name for feature in self.left_out for f in feature.flag_kinds)}))

    def default_severity(self) -> dict[str, str]:
        """Each flag kind and how seriously it is taken unless the settings say otherwise."""
        return {name: flag.severity for name, flag in self.flag_kinds.items()}
