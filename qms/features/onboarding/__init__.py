"""Staff and newcomer experience: onboarding paths, start here, the glossary and search words.

An onboarding path (``data/onboarding/<role>.yml``) is an ordered checklist
for a newcomer in one role. Its page is a plain ordered list; the browser
adds the ticks, the progress bar and the next step
(``docs/javascripts/onboarding.js``), so the page still reads well without
JavaScript.

A path and the training matrix must agree (``matrix``): a procedure the matrix
requires of the role is in its path, and a path trains only on what the matrix
requires. A disagreement is an operational flag.

Search words are a controlled document's ``keywords`` plus the synonyms of those
keywords (``data/search-synonyms.yml``) and the glossary's abbreviations.
The same words feed the site's search (front matter ``tags``, which
Material's search weighs above titles) and the offline index behind
``qms search``, built here with the Python ``lunr`` package from the model.

The package is split by job: ``kinds``, ``checks`` (no clock), ``analysis``
(readability), ``matrix`` (agreement with the training matrix), ``pages`` (paths and their navigation), ``glossary``,
``search_words``, ``search_entries`` (a controlled document's entries in the search index, from the
data; other features declare their kinds' parts in ``Feature.search_sections``), ``search`` (the
offline index and ``qms search``), ``site_search`` (the search box's scoring), ``site_index`` (those
entries put into the site's search index), ``keywords``
(keywords a procedure could have) and
``macros``. This module assembles ``FEATURE`` and re-exports the names other
code imports from the feature.
"""

from __future__ import annotations

from pathlib import Path

from ...registry import ClauseEvidence, Feature

from .analysis import analyse_paths
from .checks import check_glossary, check_path, check_synonyms
from .glossary import GLOSSARY_URI, glossary_page, term_anchor
from .kinds import FLAG_KINDS, onboarding, search_synonyms
from .macros import feature_macros
from .pages import PATHS_URI, duration, navigation, onboarding_link, path_context, path_pages, path_steps, path_uri
from .search import SearchHit, SearchIndex, run_search
from .search_entries import procedure_sections
from .search_words import search_words, stemmed
from .site_index import rewrite_search_index

__all__ = ["FEATURE", "GLOSSARY_URI", "PATHS_URI", "SearchHit", "SearchIndex", "duration", "path_steps",
           "path_uri", "run_search", "search_words", "stemmed", "term_anchor"]

FEATURE = Feature(
    name="onboarding",
    templates=Path(__file__).parent / "templates",
    slots={"role.intro": ("onboarding/role_intro.md.j2",)},
    page_context={"onboarding": path_context},
    kinds=(onboarding, search_synonyms),
    checks={"onboarding": (check_path,), "glossary": (check_glossary,), "search-synonyms": (check_synonyms,)},
    analyse=analyse_paths,
    flag_kinds=FLAG_KINDS,
    pages=(path_pages, glossary_page),
    nav=navigation,
    macros=feature_macros,
    macro_names=("role_picker",),
    template_globals={"search_words": search_words, "onboarding_link": onboarding_link},
    services={"rewrite_search_index": rewrite_search_index},
    search_sections={"procedure": procedure_sections},
    clause_evidence=(ClauseEvidence("onboarding", ("7.3",), "Onboarding paths", PATHS_URI),),
)
