"""Which clause to suggest for a clause number the standard does not have.

A number that is not in the catalogue is often a clause of another standard
(ISO 13485 keeps document control at 4.2.4) or a slip of the keyboard (7.5.4).
A hint by number alone then points at whatever sits nearby: a document-control
procedure was told to claim 4.2, "interested parties". So the hint weighs the
words the author wrote (the document's title first, then its purpose) against
the clause titles: a near typo (one character off) is suggested when its title
fits as well as any; otherwise the best fitting title. Only when no
title fits (or the author wrote nothing) does the hint go by number alone.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Mapping, Protocol

_WORD = re.compile(r"[a-z]+")
_STOP = frozenset("""about after all and any are before can does each for from has have how into its our out over
such that the their them these they this those what when which who will with within you your procedure
procedures sop sops policy describes explains""".split())
# Everyday words for what the standard names otherwise: a record is documented information kept,
# a supplier an external provider, training is how competence is gained.
_SAME_AS = {"record": "documented", "purchas": "external", "supplier": "external", "vendor": "external",
            "subcontract": "external", "training": "competence", "calibrat": "measuring",
            "complaint": "customer", "feedback": "customer", "capa": "corrective"}


class Clause(Protocol):
    number: str
    title: str
    parent: str | None


def words_of(text: str) -> set[str]:
    """The content words of ``text``, lower case, British spellings made American as the standard writes,
    each with the word ISO 9001 uses for it (a record is documented information)."""
    found = set()
    for word in _WORD.findall(text.lower().replace("isation", "ization")):
        if word in _STOP or len(word) < 3:
            continue
        found.add(word)  # the word itself too: another standard may name records or purchasing as such
        found.add(next((same for start, same in _SAME_AS.items() if word.startswith(start)), word))
    return found


def same_word(one: str, other: str) -> bool:
    """'document' and 'documented', 'change' and 'changes': the shorter starts the longer, far enough."""
    short, long = sorted((one, other), key=len)
    return len(short) >= 4 and long.startswith(short[:6])


def _meets(word: str, words: Iterable[str]) -> bool:
    return any(same_word(word, other) for other in words)


def _titled(clauses: Mapping[str, Clause]) -> dict[str, set[str]]:
    """The words of each clause that has a title of its own ('General' says nothing)."""
    return {number: words_of(clause.title) for number, clause in clauses.items()
            if clause.title and clause.title.lower() != "general"}


def _scores(clauses: Mapping[str, Clause], title: str, purpose: str) -> dict[str, float]:
    """How well each titled clause fits the author's words: rare shared words count most, title words twice."""
    titled = _titled(clauses)
    title_words, purpose_words = words_of(title), words_of(purpose)
    if not title_words and not purpose_words:
        return {}
    scores = {}
    for number, words in titled.items():
        score = 0.0
        for word in words:
            weight = 2 if _meets(word, title_words) else 1 if _meets(word, purpose_words) else 0
            if weight:
                spread = sum(1 for others in titled.values() if _meets(word, others))
                score += weight * math.log(1 + len(titled) / spread)
        if score:
            scores[number] = score
    return scores


def _near(number: str, other: str) -> bool:
    """One character typed wrong, left out, added, or two swapped (7.5.4 for 7.5.3, 75.3, 7.53)."""
    if abs(len(number) - len(other)) > 1 or number == other:
        return False
    if len(number) == len(other):
        wrong = [index for index, (a, b) in enumerate(zip(number, other)) if a != b]
        return len(wrong) == 1 or (len(wrong) == 2 and wrong[1] == wrong[0] + 1
                                   and number[wrong[0]] == other[wrong[1]] and number[wrong[1]] == other[wrong[0]])
    short, long = sorted((number, other), key=len)
    return any(long[:index] + long[index + 1:] == short for index in range(len(long)))


def shown(clauses: Mapping[str, Clause], number: str) -> str:
    """``7.5.3 "Control of documented information"``: a number always with what it means."""
    clause = clauses[number]
    title = clause.title if clause.title.lower() != "general" else ""
    if not title and clause.parent:
        title = clauses[clause.parent].title
    return f'{number} "{title}"' if title else number


def _best(scores: Mapping[str, float], numbers: Iterable[str], written: str) -> str | None:
    """The highest scoring of ``numbers``; on a tie the one whose number starts most like the written one,
    then the broader clause (fewer dots), then the first."""
    def alike(number: str) -> int:
        return next((index for index, (a, b) in enumerate(zip(number, written)) if a != b),
                    min(len(number), len(written)))
    ranked = sorted((number for number in numbers if number in scores),
                    key=lambda number: (-round(scores[number], 6), -alike(number), number.count(".")))
    return ranked[0] if ranked else None


def suggest_clause(number: str, clauses: Mapping[str, Clause], title: str = "", purpose: str = "") -> str:
    """A hint for ``number``, which ``clauses`` (one standard's catalogue) does not hold; "" for none.

    ``title`` and ``purpose`` are what the author wrote about the document, if anything.
    """
    scores = _scores(clauses, title, purpose)
    near = [other for other in clauses if _near(number, other)]
    near_scores = {}  # a near number counts through its own title, or its parent's for an untitled paragraph
    for other in near:
        own = other if other in scores else clauses[other].parent
        if own in scores:
            near_scores[other] = scores[own]
    fits = _best(scores, scores, number)
    typo = _best(near_scores, near, number)
    # a near typo wins only if its title fits as well as any: a better fit elsewhere is what the author meant
    if typo is not None and (fits is None or near_scores[typo] >= scores[fits] - 1e-6):
        return f"did you mean {shown(clauses, typo)}?"
    if fits is not None:
        return f"did you mean {shown(clauses, fits)}? Its title fits this document best"
    parent = number
    while "." in parent:
        parent = parent.rpartition(".")[0]
        if parent in clauses:
            children = [other for other, clause in clauses.items() if clause.parent == parent]
            if children:
                return f"clause {parent} has {', '.join(children)}"
            if title or purpose:  # its title fits nothing the author wrote: say so, suggest nothing
                return f"{shown(clauses, parent)} has no subclauses; choose a clause whose title fits this document"
            return f"clause {parent} has no subclauses; claim {parent} itself"
    return ""
