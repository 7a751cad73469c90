"""The published readability formulas, as their authors gave them.

Each takes counts (words, sentences, syllables or characters) and returns the
score; a text with no words scores Flesch Reading Ease 100.0 and grades 0.0,
since nothing in it is hard.
"""

from __future__ import annotations

__all__ = ["EMPTY_GRADE", "EMPTY_READING_EASE", "automated_readability_index", "flesch_kincaid_grade",
           "flesch_reading_ease"]

EMPTY_READING_EASE = 100.0
EMPTY_GRADE = 0.0


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch (1948): 206.835 - 1.015 ASL - 84.6 ASW; 100.0 for no words."""
    if words <= 0:
        return EMPTY_READING_EASE
    return 206.835 - 1.015 * (words / max(sentences, 1)) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """Kincaid et al. (1975): 0.39 ASL + 11.8 ASW - 15.59; 0.0 for no words."""
    if words <= 0:
        return EMPTY_GRADE
    return 0.39 * (words / max(sentences, 1)) + 11.8 * (syllables / words) - 15.59


def automated_readability_index(characters: int, words: int, sentences: int) -> float:
    """Smith & Senter (1967): 4.71 chars/word + 0.5 words/sentence - 21.43."""
    if words <= 0:
        return EMPTY_GRADE
    return 4.71 * (characters / words) + 0.5 * (words / max(sentences, 1)) - 21.43
