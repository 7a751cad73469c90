"""A regex-level passive-voice detector.

Pattern: a form of *be* (``am is are was were be been being`` and the
contractions ``'s 're``) or of *get* (``get gets got gotten getting``),
then up to two adverbs (``-ly`` words, ``not``, ``also``, ``always`` ...),
then a past participle: a word ending in ``-ed`` that is on no exception
list (``need``, ``hundred`` ...), or an irregular participle from
``IRREGULAR_PARTICIPLES`` (``written``, ``kept``, ``made`` ...).

It is deliberately simple. Passive findings are reported at info level, so
an adjective after *be* ("is tired", "are interested") being reported is
tolerable; a sentence reported as passive is a prompt to ask "who does
this?", not an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["IRREGULAR_PARTICIPLES", "find_passive", "is_passive", "passive_spans"]

IRREGULAR_PARTICIPLES: frozenset[str] = frozenset(
    """
    arisen awoken beaten become begun bent bet bid bitten bled blown born borne
    bought bound bred broadcast broken brought built burnt burst cast caught
    chosen clung come cost crept cut dealt done drawn dreamt driven drunk dug
    eaten fallen fed felt fled flung flown forbidden forecast foreseen
    forgiven forgotten forsaken found frozen given gone got gotten ground
    grown had heard held hidden hit hung hurt kept knelt knit known laid lain
    leant leapt learnt led left lent let lit lost made meant met mislaid
    misled mistaken misunderstood mown outdone overcome overdone overheard
    overridden overrun overseen overtaken overthrown overwritten paid proven
    put quit read rebuilt redone remade rent repaid reset retold rewritten
    rid ridden risen run rung said sat sawn seen sent set sewn shaken shed
    shone shorn shot shown shrunk shut slain slept slid slung smelt sold
    sought sown sped spelt spent spilt spit split spoilt spoken spread sprung
    spun stolen stood struck strung stuck stung stunk sung sunk sworn swept
    swollen swum swung taken taught thought thrown thrust told torn trodden
    understood undergone undertaken underwritten undone upheld upset wed wept
    withdrawn withheld withstood woken won worn woven wound written wrung
    """.split()
)

#: Words ending in -ed that are not past participles.
_NOT_PARTICIPLES: frozenset[str] = frozenset(
    """
    bed bleed breed creed deed feed greed heed hundred indeed kindred need
    naked proceed red reed sacred seed shred sled speed steed succeed
    exceed embed wicked rugged ragged wretched weed shed
    """.split()
)

_ADVERBS: frozenset[str] = frozenset(
    """
    not never also always already often usually still then only just now
    all both each either well further sometimes soon again thus therefore
    """.split()
)
_AUXILIARIES: frozenset[str] = frozenset(
    """
    am is are was were be been being get gets got gotten getting
    isn't aren't wasn't weren't
    """.split()
)
_CONTRACTED_BE = ("'s", "'re")
_APOSTROPHE = re.compile(r"['\u2019]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def _is_participle(word: str) -> bool:
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) > 3 and word.endswith("ed") and word not in _NOT_PARTICIPLES


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (len(word) > 4 and word.endswith("ly"))


def passive_spans(lowered: Sequence[str]) -> list[tuple[int, int]]:
    """Return ``(first, end)`` indexes of each passive construction in a
    list of lower-case words (curly apostrophes allowed)."""
    lowered = [word.replace("\u2019", "'") for word in lowered]
    spans = []
    for index, word in enumerate(lowered):
        if word not in _AUXILIARIES and not word.endswith(_CONTRACTED_BE):
            continue
        for following in range(index + 1, min(index + 4, len(lowered))):
            if _is_participle(lowered[following]):  # up to two adverbs before it
                spans.append((index, following + 1))
                break
            if not _is_adverb(lowered[following]):
                break
    return spans


def find_passive(sentence: str) -> list[str]:
    """Return each passive construction found, e.g. ``["is approved"]``."""
    tokens = _WORD.findall(sentence)
    spans = passive_spans([token.lower() for token in tokens])
    return [" ".join(tokens[start:end]) for start, end in spans]


def is_passive(sentence: str, lowered_words: Sequence[str] | None = None) -> bool:
    """Whether ``sentence`` has a passive construction.

    ``lowered_words``: the sentence's lower-case words, if the caller has them.
    """
    if lowered_words is None:
        lowered_words = _WORD.findall(sentence.lower())
    elif _AUXILIARIES.isdisjoint(lowered_words) and not _APOSTROPHE.search(sentence):
        return False  # the common case, decided without a loop in Python
    return bool(passive_spans(lowered_words))
