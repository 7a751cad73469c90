"""The word lists behind the syllable rules: acronyms, British spellings, suffixes and prefixes.

Data only; :mod:`qms.readability.syllables` applies them in the order its
docstring gives. Each list is ordered: the first entry that fits wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Acronyms with a fixed count: said as a word, or a clash with a dictionary
#: word whose reading is wrong for a quality manual (SOP is "S-O-P", not "sop").
KNOWN_ACRONYMS: Mapping[str, int] = {
    "iso": 2,  # "eye-so"
    "capa": 2,  # "kay-pa"
    "sop": 3,
    "sops": 3,
    "erp": 3,
    "it": 2,  # the department, not the pronoun
    "ppap": 2,  # "pee-pap"
    "apqp": 4,
    "sipoc": 2,  # "sigh-pock"
    "swot": 1,
}

BRITISH_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"is(e|es|ed|ing|ation|ations|er|ers|able)$", r"iz\1"),
        (r"ys(e|es|ed|ing|er|ers)$", r"yz\1"),
        (r"our(s|ed|ing|ful|able|ite|ites)?$", r"or\1"),
        (r"our(?=[a-z])", "or"),  # colourful, behaviours, labourer
        (r"([^aeiou])re(s|d)?$", r"\1er\2"),  # centre, metres, centred
        (r"logue(s)?$", r"log\1"),
        (r"ence(s)?$", r"ense\1"),  # licence, defence
        (r"([aeiou])ll(ed|ing|er|ers)$", r"\1l\2"),  # travelled, labelling
        (r"amme(s)?$", r"am\1"),  # programme
        (r"ae", "e"),  # anaesthetic, paediatric
        (r"oe(?=[^s]|s.)", "e"),  # manoeuvre, oestrogen
    )
)

# (suffix, extra syllables, base endings to try in place of the suffix)
SUFFIXES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ies", 0, ("y",)),
    ("ied", 0, ("y",)),
    ("ier", 1, ("y",)),
    ("iest", 1, ("y",)),
    ("ily", 1, ("y",)),
    ("iness", 1, ("y",)),
    ("ments", 1, ("",)),
    ("ment", 1, ("",)),
    ("ness", 1, ("",)),
    ("less", 1, ("",)),
    ("ful", 1, ("",)),
    ("ship", 1, ("",)),
    ("ships", 1, ("",)),
    ("ably", 1, ("e", "")),
    ("able", 2, ("e", "")),
    ("ing", 1, ("", "e")),
    ("ers", 1, ("", "e")),
    ("er", 1, ("", "e")),
    ("est", 1, ("", "e")),
    ("ly", 1, ("",)),
    ("es", 0, ("", "e")),  # +1 after a sibilant: see syllables._sounded_ending
    ("ed", 0, ("", "e")),  # +1 after t/d: see syllables._sounded_ending
    ("s", 0, ("",)),
    ("'s", 0, ("",)),
)

# (prefix, its syllables) tried in front of a dictionary word
PREFIXES: tuple[tuple[str, int], ...] = (
    ("counter", 2),
    ("inter", 2),
    ("multi", 2),
    ("micro", 2),
    ("super", 2),
    ("under", 2),
    ("cyber", 2),
    ("over", 2),
    ("anti", 2),
    ("semi", 2),
    ("auto", 2),
    ("self", 1),
    ("post", 1),
    ("non", 1),
    ("pre", 1),
    ("sub", 1),
    ("dis", 1),
    ("mis", 1),
    ("out", 1),
    ("mid", 1),
    ("un", 1),
    ("re", 1),
    ("co", 1),
    ("de", 1),
    ("up", 1),
    ("e", 1),
)
