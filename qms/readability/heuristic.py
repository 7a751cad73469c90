"""Rule-based syllable estimate for words the pronouncing dictionary lacks.

This is the last resort of :func:`qms.readability.syllables.count_syllables`.
It counts groups of vowel letters, then applies the usual English corrections.
Each rule exists because it fixes a class of common words:

* ``y`` is a consonant before a vowel (``yes``, ``player``), else a vowel;
* a final silent ``e`` does not count (``make``), but consonant + ``le``/``re``
  does (``table``, ``centre``);
* ``-es`` and ``-ed`` are silent after most consonants (``makes``, ``used``)
  but not after sibilants, ``t``/``d`` or consonant + ``l`` (``boxes``,
  ``added``, ``handled``);
* a silent ``e`` before ``-ly``, ``-ment``, ``-ful``, ``-less``, ``-ness`` and
  ``-some`` does not count (``safely``, ``requirement``), except after
  consonant + ``l``/``r`` (``settlement``);
* ``-que``/``-gue`` endings and the ``-al`` of ``-ically`` are silent
  (``unique``, ``league``, ``basically``);
* some vowel pairs are usually two syllables (``media``, ``period``,
  ``actual``, ``fluent``, ``diet``, ``poem``, ``video``, ``being``), with the
  usual exceptions after ``c``, ``t``, ``s``, ``g``, ``x`` (``-tion``,
  ``-cial``, ``-gious``) and after ``q``/``g`` (``quality``, ``language``);
* ``-ism``, ``-asm`` and ``-thm`` end in an extra syllable (``criticism``,
  ``rhythm``).

Every word with a letter has at least one syllable. The test suite measures
how often these rules alone agree with the dictionary on held-out words.
"""

from __future__ import annotations

import re

__all__ = ["heuristic_syllables"]

_NON_LETTERS = re.compile(r"[^a-z]+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_CONSONANT_Y = re.compile(r"y(?=[aeiou])")

_FINAL_E = re.compile(r"[^aeiouy]e$")
_SOUNDED_FINAL_E = re.compile(r"[^aeiouy][lr]e$")  # table, centre
_FINAL_ES = re.compile(r"[^aeiouy]es$")
_SOUNDED_ES = re.compile(r"(?:[sxzcg]|ch|sh|[^aeiouy][lr])es$")  # boxes, pages, tables
_FINAL_ED = re.compile(r"[^aeiouy]ed$")
_SOUNDED_ED = re.compile(r"(?:[td]|[^aeiouylr][lr])ed$")  # added, handled
_SILENT_E_BEFORE_SUFFIX = re.compile(r"[^aeiouy]e(?:ly|ments?|ful|less|ness|some)$")
_SOUNDED_E_BEFORE_SUFFIX = re.compile(r"[^aeiouy][lr]e(?:ly|ments?|ful|less|ness|some)$")
_SILENT_QUE_GUE = re.compile(r"que(?:s|ly|ness)?$|[aeioun]gues?$")
_EXTRA_FINAL_SYLLABLE = re.compile(r"(?:is|as|th)ms?$")  # criticism, rhythm

# Each pattern marks a spot where one more syllable is heard than the
# vowel-group count gives.
_SPLIT_PAIRS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?<![ctsgx])ia",  # media, criteria, trivial (not -cial, -tian)
        r"[ctsgx]ia(?=te|ting|ted|tes|tion)",  # appreciate, negotiation
        r"(?<![ctsgx])io(?!n|us)",  # period, radio, prior, biology
        r"tio$",  # ratio, patio
        r"(?<![ctsgxl])ion",  # criterion, champion (not -tion, -sion, -llion)
        r"(?<![ctsgx])ious",  # various, serious (not -cious, -tious, -gious)
        r"[^q]iu",  # medium, premium
        r"(?<![qg])ua",  # actual, usual, evaluate (not quality, language)
        r"(?<![qg])ue(?=[lnrt])",  # fluent, cruel, issuer (not sequence)
        r"(?<![qg])ui(?=ty|ties|ng|d$|ds$|st)",  # continuity, issuing, fluid
        r"(?<![ct])ie(?=nt|nce|t)",  # client, audience, diet, variety
        r"ie(?=st$|r$|rs$)",  # easiest, supplier
        r"(?<!g)eo",  # video, geography, stereo (not surgeon)
        r"eou",  # courteous
        r"uou",  # continuous, ambiguous
        r"oe(?=[^sd]|[sd].)",  # poem, poet, coexist (not does, toe, zeroed)
        r"ea$",  # idea, area
        r"creat",  # create, creation
        r"reali",  # realise, reality
        r"[aeo]ing",  # being, going, seeing
        r"[^aeiou]ying",  # applying, modifying
        r"ii",  # skiing
        r"^mc",  # McKinney: the Mc is a syllable of its own
        r"^pree",  # preeminent, preexisting
        r"^re(?:i[mt]|inf|inv|ins[tpu])",  # reimburse, reiterate, reinforce
    )
)


def heuristic_syllables(word: str) -> int:
    """Estimate the syllables of a word from its spelling alone."""
    word = _NON_LETTERS.sub("", word.lower())
    if not word:
        return 0
    masked = _CONSONANT_Y.sub("j", word)
    count = len(_VOWEL_GROUP.findall(masked))
    count -= _silent_vowels(masked)
    count += sum(len(pattern.findall(word)) for pattern in _SPLIT_PAIRS)
    if _EXTRA_FINAL_SYLLABLE.search(word):
        count += 1
    return max(1, count)


def _silent_vowels(word: str) -> int:
    """Return how many written vowel groups are not pronounced.

    ``word`` has its consonantal ``y`` already replaced by ``j``.
    """
    silent = 0
    if len(word) > 2 and _FINAL_E.search(word):
        silent += not _SOUNDED_FINAL_E.search(word)
    elif len(word) > 3 and _FINAL_ES.search(word):
        silent += not _SOUNDED_ES.search(word)
    elif len(word) > 3 and _FINAL_ED.search(word):
        silent += not _SOUNDED_ED.search(word)
    if _SILENT_E_BEFORE_SUFFIX.search(word):
        silent += not _SOUNDED_E_BEFORE_SUFFIX.search(word)
    if _SILENT_QUE_GUE.search(word):
        silent += 1
    if word.endswith("ically"):
        silent += 1
    return silent
