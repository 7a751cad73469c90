"""What hand-written pages can call: links and lists from the same model as the generated pages.

Every function returns Markdown built from escaped data; an unknown id raises
``MacroError`` so the build fails instead of publishing a broken link.
"""

from __future__ import annotations

import difflib
from typing import Any, Collection

from .pipeline import BuildState
from .registry import Registry
from .render import Links, Renderer
from .text import plain


class MacroError(ValueError):
    """A macro was called with an id or filter that does not exist."""


def suggestion(wrong: Any, known: list[str]) -> str:
    """ "did you mean X?" for an id close to a known one, else the known ids (the first few)."""
    close = difflib.get_close_matches(str(wrong), known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    shown = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
    return f"known: {shown}" if known else "there are none yet"


class Macros:
    def __init__(self, state: BuildState, page_uri: str, authored: Collection[str] = ()):
        self.state = state
        self.page_uri = page_uri
        self.authored = authored  # the pages written by hand in docs/, once the build has listed them
        self.links = Links(state.repository, page_uri)

    def _renderer(self) -> Renderer:
        return Renderer(self.state.repository, self.state.analysis,
                        {"today": self.state.today, "settings": self.state.settings})

    def _procedure(self, doc_id: str):
        doc = self.state.repository.get("procedure", doc_id)
        if doc is not None and not doc.published:
            raise MacroError(f"procedure({doc_id!r}): this procedure is not published yet, so there is no page "
                             "to link to (link to it once it is approved, or remove the link)")
        if doc is None:
            known = sorted(d.id for d in self.state.repository.published("procedure"))
            raise MacroError(f"procedure({doc_id!r}): no procedure has this id ({suggestion(doc_id, known)})")
        return doc

    def procedure(self, doc_id: str, title: bool = True) -> str:
        """A link to a published procedure, with its id and (unless title=False) its title."""
        self._procedure(doc_id)
        return str(self.links.doc(doc_id, with_title=title))

    def role(self, role_id: str) -> str:
        """A link to a role page."""
        if self.state.repository.get("role", role_id) is None:
            known = sorted(self.state.repository.of_kind("role"))
            raise MacroError(f"role({role_id!r}): no role has this id ({suggestion(role_id, known)})")
        return str(self.links.role(role_id))

    def area(self, area_id: str) -> str:
        """A link to a process area."""
        if area_id not in self.state.repository.areas:
            raise MacroError(f"area({area_id!r}): no area has this id "
                             f"({suggestion(area_id, list(self.state.repository.areas))})")
        return str(self.links.area(area_id))

    def register(self, area: str | None = None, owner: str | None = None) -> str:
        """The document register, optionally for one area or one owner role."""
        if area is not None and area not in self.state.repository.areas:
            raise MacroError(f"register(area={area!r}): no area has this id "
                             f"({suggestion(area, list(self.state.repository.areas))})")
        if owner is not None and self.state.repository.get("role", owner) is None:
            raise MacroError(f"register(owner={owner!r}): no role has this id "
                             f"({suggestion(owner, sorted(self.state.repository.of_kind('role')))})")
        docs = sorted((doc for doc in self.state.repository.published("procedure")
                       if (area is None or doc.area == area)
                       and (owner is None or doc.owner == owner)), key=lambda d: d.id)
        return self._renderer().render("macros/register_table.md.j2", self.page_uri, docs=docs)

    def latest_changes(self, count: int = 5) -> str:
        """The most recent revisions across all published documents, newest first."""
        changes = []
        for doc in self.state.repository.published("procedure"):
            for revision in doc.revisions:
                if revision.approved_by:
                    changes.append((revision.date, doc.id, doc, revision))
        changes.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return self._renderer().render("macros/latest_changes.md.j2", self.page_uri,
                                       changes=[(doc, revision) for _, _, doc, revision in changes[:count]])

    def review_summary(self) -> dict[str, int]:
        """Counts of documents by review status, e.g. review_summary()["overdue"]."""
        counts: dict[str, int] = {}
        for report in self.state.analysis.reports.values():
            counts[report.review.status] = counts.get(report.review.status, 0) + 1
        return counts

    def policy(self) -> str:
        """The quality policy with its approval."""
        return self._renderer().render("macros/policy.md.j2", self.page_uri)

    def functions(self) -> dict[str, Any]:
        """Core macros plus those of every feature."""
        functions = self.core_functions()
        for feature in self.state.registry:
            if feature.macros is not None:
                functions.update(feature.macros(self))
        return functions

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Run a macro by name; one of a feature this portal left out says so instead of a KeyError."""
        functions = self.functions()
        if name not in functions:
            feature = self.state.registry.feature_of_macro(name)
            raise MacroError(f"{name}() belongs to the {feature} feature, which this portal does not use "
                             f"(extra.qms.features): remove the call, or wrap it in "
                             f"{{% if has_feature(\"{feature}\") %}} … {{% endif %}}")
        return functions[name](*args, **kwargs)

    def has_feature(self, name: str) -> bool:
        """Whether this portal uses a feature, e.g. {% if has_feature("records") %} … {% endif %}."""
        return self.state.registry.has(name)

    def has_page(self, path: str) -> bool:
        """Whether the portal has this page, e.g. {% if has_page("glossary.md") %} … {% endif %}: some
        pages exist only when the data has something for them (the glossary, when it has terms)."""
        return path in self.authored or any(page.src_uri == path for page in self.state.pages)

    def core_functions(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "role": self.role,
            "area": self.area,
            "register": self.register,
            "latest_changes": self.latest_changes,
            "review_summary": self.review_summary,
            "quality_policy": self.policy,
            "macro_reference": self.macro_reference,
            "organisation": self.organisation,
            "data_reference": self.data_reference,
            "has_feature": self.has_feature,
            "has_page": self.has_page,
        }

    def data_reference(self) -> str:
        """A table of every kind of data: where its files live, what it holds and its JSON Schema."""
        rows = ["| Where | What it holds | Schema |", "|---|---|---|"]
        for kind in self.state.registry.kinds:
            where = f"`data/{kind.folder}/<id>.yml`" if kind.folder else f"`data/{kind.file}`"
            optional = " (optional)" if kind.optional else ""
            rows.append(f"| {where}{optional} | {plain(kind.description())} | `schemas/{kind.name}.schema.json` |")
        return "\n".join(rows) + "\n"

    def organisation(self) -> dict[str, str]:
        """The organisation's name, short_name and description, e.g. organisation().name."""
        org = self.state.repository.organisation
        return {"name": str(plain(org.name or "")), "short_name": str(plain(org.short_name or "")),
                "description": str(plain(org.description or ""))}

    def macro_reference(self) -> str:
        """This table: every macro and what it gives, from the code itself."""
        import functools
        import inspect
        rows = ["| Macro | What it gives |", "|---|---|"]
        for name, function in sorted(self.functions().items()):
            target = function.func if isinstance(function, functools.partial) else function
            parameters = [p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
                          for p in inspect.signature(function).parameters.values()]
            summary = (inspect.getdoc(target) or "").split("\n\n")[0].replace("\n", " ").replace("|", "\\|")
            rows.append(f"| `{name}({', '.join(parameters)})` | {summary} |")
        return "\n".join(rows) + "\n"


CORE_MACRO_NAMES = ("procedure", "role", "area", "register", "latest_changes", "review_summary",
                    "quality_policy", "macro_reference", "organisation", "data_reference", "has_feature", "has_page")


def macro_names(registry: Registry) -> tuple[str, ...]:
    return CORE_MACRO_NAMES + registry.macro_names
