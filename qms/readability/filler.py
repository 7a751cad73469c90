"""Sentences that leave the reader to look elsewhere, or that say nothing.

Dangling reference (``dangling-reference``, "name the step or section"): the
sentence points back with ``above`` (``as described above``, ``following the
same steps as above``, ``see above``, ``the aforementioned``). On a screen,
in a search result or a printed page "above" is not a place; the reader must
hunt for it, and it goes stale when the text above is moved. Pointing forward
(``follow the steps below:``) is left alone: a lead-in to what comes right
after is easy to follow.

Empty sentence (``empty-sentence``, "say what to do, or delete it"): a short
sentence that only says something matters (``This is important.``) or that
announces the text to come (``The process is as follows:``); the reader
learns nothing from it. Kept narrow on purpose (whole sentences of a known
shape), since a wrong flag here is more irritating than a missed one.

Both are hints (info level): an editor's judgement of them varies.
"""

from __future__ import annotations

import re

__all__ = ["dangling_reference", "empty_sentence"]

_DANGLING = re.compile(
    r"\b(?:as|see|same\s+as)\s+above\b"
    r"|\b(?:described|mentioned|stated|defined|noted|outlined|explained|listed|shown|detailed|specified"
    r"|indicated|discussed|referenced|given|steps?|sections?|tables?|list|point|paragraph)\s+above\b"
    r"|\bthe\s+above\b|\babove[-\s]mentioned\b|\baforementioned\b|\baforesaid\b"
    r"|\bas\s+previously\s+(?:described|mentioned|stated|defined|noted|explained)\b",
    re.IGNORECASE,
)

_EMPTY = re.compile(
    r"^(?:this|that|it|these|those)\s+(?:is|are)\s+(?:very\s+|really\s+|extremely\s+|so\s+|most\s+)?"
    r"(?:important|critical|crucial|essential|key|vital|necessary|mandatory|significant|required)"
    r"(?:\s+to\s+(?:note|remember|understand|know))?[.!:]?$"
    r"|^(?:the\s+)?(?:process|procedure|steps?|method|approach|requirements?)\s+(?:is|are)\s+as\s+follows[.:]?$"
    r"|^(?:it\s+is|it's)\s+(?:important|worth)\s+(?:to\s+note|noting)(?:\s+that)?[.:]?$",
    re.IGNORECASE,
)


def dangling_reference(sentence: str) -> str | None:
    """The words that point back to "above", as written, or ``None``."""
    match = _DANGLING.search(sentence)
    return match.group(0) if match else None


def empty_sentence(sentence: str) -> bool:
    """Whether the whole sentence only says that something matters or that more follows."""
    return len(sentence) < 80 and bool(_EMPTY.match(sentence.strip()))
