"""Keywords a procedure could have, drawn from its own text, and the flag for one that has none.

Search weighs a keyword a thousand times more than the title and a million
times more than the text, so a procedure without keywords is found only when
the words typed happen to be in its title or text. The suggestions are the
words and two-word phrases that are frequent in this procedure's purpose,
scope, definitions, general part and steps and rare in the other procedures (so "purchase order" for
purchasing, not "record"), leaving out common words and the title's words,
which search finds anyway.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ...analysis import Flag
from ...model import Document, Repository
from ...settings import Settings
from .kinds import KEYWORDS_MISSING
from .search_words import stemmed

# words that say nothing about the subject of a procedure, on top of lunr's stop words
PLAIN = frozenset("""
also any are ask asks based before being can check checks could date dates day days does done each
ensure ensures etc every first following get gets give gives given keep kept last make makes may
must need needs new next note notes number one ones part per procedure procedures process right
same see set shall should sure take takes tell tells than that the them then there these this
those through time times two use used uses using way week weeks what when where which who will
within without work would year years yes
""".split())
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)*")


def _parts(doc: Document) -> list[str]:
    parts = [doc.purpose or "", doc.scope or "", doc.general or ""]
    parts += [f"{item.term}. {item.meaning or ''}" for item in doc.definitions]
    for step in doc.steps:
        parts += [step.action or "", step.note or "", step.record or ""]
        parts += [part.action or "" for part in step.substeps]
    return [part for part in parts if part]


def _stop_words() -> frozenset[str]:
    from lunr.stop_word_filter import WORDS
    return frozenset(WORDS) | PLAIN


def _words(clause: str) -> list[str]:
    """Words as written, possessives dropped ("customer's" → "customer"); capitals kept only for
    abbreviations (NCR), since a keyword is matched in lower case anyway."""
    words = []
    for word in WORD.findall(clause):
        word = re.sub(r"['’]s?$", "", word)
        words.append(word if word.isupper() and len(word) > 1 else word.lower())
    return words


def _terms(doc: Document, stop: frozenset[str]) -> Counter:
    """Words and two-word phrases of the procedure's text, by how often they occur."""
    found: Counter = Counter()

    def useful(word: str) -> bool:
        return word.lower() not in stop and len(word) >= 3 and not word.isdigit()

    for part in _parts(doc):
        for clause in re.split(r"[.,;:!?()\[\]\"“”/]+|\s-\s", part):
            words = _words(clause)
            for index, word in enumerate(words):
                if not useful(word):
                    continue
                found[word] += 1
                following = words[index + 1] if index + 1 < len(words) else ""
                if following and useful(following):
                    found[f"{word} {following}"] += 1
    return found


def document_frequencies(repository: Repository) -> tuple[Counter, int]:
    """In how many procedures each word or phrase (as stems) occurs, and how many procedures there are."""
    stop = _stop_words()
    procedures = list(repository.of_kind("procedure").values())
    counts: Counter = Counter()
    for doc in procedures:
        counts.update({stemmed(term) for term in _terms(doc, stop)})
    return counts, len(procedures)


def suggest_keywords(doc: Document, repository: Repository, limit: int = 6,
                     frequencies: tuple[Counter, int] | None = None) -> list[str]:
    """Up to ``limit`` distinctive words and phrases of the procedure, best first.

    ``frequencies`` (from ``document_frequencies``) saves counting all procedures again for each one.
    """
    stop = _stop_words()
    counts, total = frequencies or document_frequencies(repository)
    own = _terms(doc, stop)
    seen_in = counts - Counter({stemmed(term) for term in own})  # in the other procedures
    others = total - 1
    title = set(stemmed(doc.title or ""))
    scored = []
    for term, count in own.items():
        stems = stemmed(term)
        if set(stems) <= title:
            continue
        rarity = math.log((others + 1) / (seen_in[stems] + 1)) + 1
        # a phrase that recurs says more than either of its words; once is chance
        weight = count * rarity * (1.5 if len(stems) > 1 and count > 1 else 1 if len(stems) == 1 else 0.6)
        scored.append((-weight, term))
    chosen: list[tuple[str, tuple[str, ...]]] = []  # (term, its stems)
    for _, term in sorted(scored):
        stems = stemmed(term)
        if any(stems == kept or (len(stems) == 1 and stems[0] in kept) for _, kept in chosen):
            continue  # already there, or a word of a phrase already chosen
        # a phrase replaces a word of it chosen earlier
        chosen = [(word, kept) for word, kept in chosen if not (len(kept) == 1 and kept[0] in stems)]
        chosen.append((term, stems))
        if len(chosen) == limit:
            break
    return [term for term, _ in chosen]


def keyword_flags(repository: Repository, settings: Settings) -> list[Flag]:
    """An info flag for each procedure in force or in draft that has no keywords."""
    flags: list[Flag] = []
    missing = [doc for doc in sorted(repository.of_kind("procedure").values(), key=lambda d: d.id)
               if doc.status != "obsolete" and not doc.keywords]
    frequencies = document_frequencies(repository) if missing else None
    for doc in missing:
        ideas = suggest_keywords(doc, repository, frequencies=frequencies)
        hint = (f"add a line 'keywords: [{', '.join(ideas)}]' with the words staff would type "
                "(these come from its own text; add everyday words too)" if ideas
                else "add a line 'keywords: [...]' with the words staff would type")
        flags.append(settings.flag(
            doc.path, doc.line("keywords") if ("keywords",) in doc.marks else doc.line("title"),
            KEYWORDS_MISSING.name, f"{doc.id} has no keywords, so search finds it only by the words of its "
            f"title and text: {hint}", doc.id, key="keywords-missing", owner=doc.owner or ""))
    return flags
