"""Search words of a procedure: its keywords, their synonyms and the glossary's abbreviations.

The same words feed the site's search (front matter ``tags``, which
Material's search weighs above titles) and the offline index behind
``qms search`` (``search``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...model import Document, Repository
from .glossary import glossary_terms


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
        groups += [tuple(group.words) for group in synonyms.groups]
    groups += [(term.term, term.abbreviation) for term in glossary_terms(repository)
                if term.abbreviation]
    return tuple(groups)


def search_words(doc: Document, repository: Repository) -> list[str]:
    """Keywords first, then every synonym of a keyword or of the title; no word twice.

    Groups match on word stems ('gauges' finds 'gauge'), but every spelling is
    kept: Material's search matches the start of words without stemming, so
    'procurement' must be there even when 'procure' is.
    """
    keywords = list(doc.keywords)
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
