"""Words and sentences of plain prose (Markdown already removed).

Word rule (following Flesch): a word is a run of letters and digits, joined
by apostrophes, hyphens, slashes, ``&`` or dots (``don't``, ``follow-up``,
``and/or``, ``R&D``, ``e.g``, ``7.5.3``), and by ``,``/``:`` between digits
(``1,000``, ``9001:2015``). So a clause number or a hyphenated word is one
word, and punctuation is never a word.

Sentence rule: a sentence ends at ``.``, ``!``, ``?``, ``...`` or ``…``
(plus any closing quotes or brackets) that is followed by white space and
then an upper-case letter or a digit (or an opening quote/bracket before
one), or by the end of the text. It does not end:

* after an abbreviation that always has more to follow (``e.g.``, ``i.e.``,
  ``Dr.``, ``approx.`` ...: see ``CONTINUING_ABBREVIATIONS``), a dotted
  initialism (``U.S.``) or a single capital initial (``J. Smith``);
* after an abbreviation that is followed by a number (``No. 5``, ``Fig. 3``,
  ``Rev. 2``: see ``NUMBER_ABBREVIATIONS``);
* inside a number (``7.5.3``, ``2.5 kg``, ``v1.2``): there is no space after
  the dot;
* before a lower-case word (``etc. and``, ``... then``).

``etc.``, ``Ltd.`` and similar end a sentence when a capital follows, like
any other word. When in doubt the rules keep a sentence whole: in
procedures an abbreviation is far more common than a sentence that starts
with a lower-case letter.
"""

from __future__ import annotations

import re

__all__ = [
    "CONTINUING_ABBREVIATIONS",
    "NUMBER_ABBREVIATIONS",
    "WORD_PATTERN",
    "letter_count",
    "sentence_spans",
    "split_sentences",
    "words",
]

#: Abbreviations after which a full stop never ends the sentence (lower-case,
#: without the final dot): they always introduce something more.
CONTINUING_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "e.g", "eg", "i.e", "ie", "viz", "cf", "vs", "v", "approx", "ca", "circa",
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "incl", "excl", "esp",
        "resp", "n.b", "nb", "a.k.a", "aka",
    }
)  # fmt: skip

#: Abbreviations that continue the sentence only before a number
#: ("No. 5", "Fig. 3", "Rev. 2", "Jan. 12"); "The answer is no. Then ..." ends.
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "no", "nos", "nr", "fig", "figs", "p", "pp", "para", "paras", "sec",
        "sect", "ch", "chap", "vol", "ref", "refs", "rev", "ver", "min", "max",
        "tel", "ext", "art", "cl", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip

_LETTER_OR_DIGIT = r"[^\W_]"
WORD_PATTERN = re.compile(
    rf"{_LETTER_OR_DIGIT}+(?:(?:['\u2019\-/&.]|(?<=\d)[,:](?=\d)){_LETTER_OR_DIGIT}+)*"
)
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")

# A run of terminal punctuation, any closing quotes/brackets, then a space
# or the end. Group "end" is where the sentence stops.
_CANDIDATE_END = re.compile(r"(?P<stop>[.!?\u2026]+)[\"'\u201d\u2019)\]]*(?=\s|$)")
_HAS_WORD = re.compile(r"[^\W_]")
_STOPS = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019)]"
_NEXT_START = re.compile(r"\s+[\"'\u201c\u2018(\[]*(?P<first>\S)")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_WHITESPACE = re.compile(r"\s+")


def words(text: str) -> list[str]:
    """Return the words of ``text`` (see the module docstring for the rule)."""
    return WORD_PATTERN.findall(text)


def letter_count(tokens: list[str]) -> int:
    """Letters and digits in ``tokens``: the "characters" of the ARI."""
    joined = "".join(tokens)
    if joined.isalnum():  # the common case, without a regex pass
        return len(joined)
    return len(_NOT_LETTER_OR_DIGIT.sub("", joined))


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, each with its white space normalised."""
    if "  " in text or not text.isprintable():  # newlines, tabs, runs of spaces
        text = _WHITESPACE.sub(" ", text)
    sentences = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text``."""
    body = text.rstrip().rstrip(_CLOSERS).rstrip(_STOPS)
    if not any(stop in body for stop in _STOPS):  # one sentence: the common case
        return [(0, len(text))] if _HAS_WORD.search(text) else []
    spans = []
    start = 0
    for match in _CANDIDATE_END.finditer(text):
        end = match.end()
        if not _ends_sentence(text, match):
            continue
        if _HAS_WORD.search(text, start, end):
            spans.append((start, end))
            start = end
    if _HAS_WORD.search(text, start):
        spans.append((start, len(text)))
    elif spans:  # trailing punctuation only: attach to the last sentence
        spans[-1] = (spans[-1][0], len(text))
    return spans


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Decide whether the candidate stop in ``match`` ends a sentence."""
    following = _NEXT_START.match(text, match.end())
    if following is None:
        return True  # end of text
    first = following.group("first")
    if not (first.isupper() or first.isdigit()):
        return False
    if match.group("stop") != ".":
        return True
    return not _is_abbreviation(text, match.start("stop"), first.isdigit())


def _is_abbreviation(text: str, dot: int, before_number: bool) -> bool:
    """Whether the word before the full stop at ``dot`` is an abbreviation."""
    # Walk back over the token only: rfind of a separator the text lacks (no newline
    # once white space is normalised) would scan back to the start at every dot.
    token_start = dot
    while token_start > 0 and text[token_start - 1] not in " \n\t":
        token_start -= 1
    token = text[token_start:dot].lstrip("\"'\u201c\u2018([")
    if not token:
        return False
    lower = token.lower()
    if lower in CONTINUING_ABBREVIATIONS:
        return True
    if before_number and lower in NUMBER_ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isupper():
        return True  # an initial: J. Smith
    return bool(_INITIALISM.fullmatch(token))  # U.S, e.g
