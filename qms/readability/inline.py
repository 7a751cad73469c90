"""Inline Markdown and HTML left in a line of prose: removed, with the words kept.

Removed: inline code, images, link targets, autolinks, bare URLs and e-mail
addresses, HTML tags, attribute lists (``{: .class}``), Jinja/macro
expressions (``{{ ... }}``, ``{% ... %}``), keyboard keys (``++ctrl+c++``)
and footnote references. Kept: link text and the content of emphasis. White
space is normalised, and a space left before punctuation by a removal goes.

:func:`strip_inline` works on raw Markdown (a YAML field, an accepted
sentence); :mod:`.markup` hands it text that markdown-it-py has already
parsed, where only what CommonMark does not know is left (macros, bare URLs,
``==mark==``, attribute lists).
"""

from __future__ import annotations

import html
import re

__all__ = ["MARK", "REMOVED", "hide", "mark_removals", "shown", "strip_inline", "tidy", "unmarked"]

#: Stands where a code span, URL, address or macro was taken out, so that a
#: sentence left as a fragment by the removal can be told from a real one.
REMOVED = "\ue000"
# What was taken out rides along after the mark, each character moved into a private-use
# plane: no rule sees it as a word, a stop or markup, and the sentence can still be shown as
# written ("found to be `NOT` in conformity", not "found to be in conformity").
_HIDDEN_BASE = 0xF0000
_HIDDEN_LAST = 0x10FFFF - _HIDDEN_BASE
MARK = re.compile(f"{REMOVED}[\U000F0000-\U0010FFFF]*")

_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<(?:[a-z][a-z0-9+.-]*:|www\.)[^>\s]*>|<[^@>\s]+@[^>\s]+>", re.I)
_BARE_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_ATTRIBUTE_LIST = re.compile(r"\{:?\s*[#.:][^}]*\}")
_KEYS = re.compile(r"\+\+[^+\s][^\s]*?\+\+")
_EMPHASIS = re.compile(r"(\*{1,3}|~~|==|\^\^)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w])")
_STRAY_MARKERS = re.compile(r"(?<!\w)[*_]{1,3}(?!\w)|(?<=\w)\*{1,3}|\*{1,3}(?=\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~=^])")
_WHITESPACE = re.compile(r"\s+")
# Any character that can start inline markup; plain sentences skip the work.
_MAY_HAVE_MARKUP = re.compile(r"[`\[\]<>*_~=^{}\\&+@]|://|www\.")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)\]])")
# What markdown-it-py leaves as text but a reader does not read as words.
_LEFT_BY_PARSER = re.compile("|".join(p.pattern for p in (_TEMPLATE, _BARE_URL, _EMAIL)), re.I | re.DOTALL)


def may_have_markup(text: str) -> bool:
    """Whether ``text`` has a character that can start inline markup."""
    return bool(_MAY_HAVE_MARKUP.search(text))


def strip_inline(text: str) -> str:
    """Remove inline Markdown/HTML markup and normalise white space."""
    if not _MAY_HAVE_MARKUP.search(text):
        if "  " in text or not text.isprintable():  # tabs, newlines, runs
            text = _WHITESPACE.sub(" ", text)
        return text.strip()
    text = _INLINE_CODE.sub(" ", text)
    text = _TEMPLATE.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _INLINE_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _ATTRIBUTE_LIST.sub(" ", text)
    text = _KEYS.sub(" ", text)
    for _ in range(2):  # nested emphasis: ***bold italic*** or **_both_**
        text = _EMPHASIS.sub(r"\2", text)
        text = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
    text = _STRAY_MARKERS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    return tidy(text)


def hide(original: str) -> str:
    """A ``REMOVED`` mark that keeps ``original`` to show (see :func:`shown`)."""
    return REMOVED + "".join(chr(_HIDDEN_BASE + ord(c)) for c in original if ord(c) <= _HIDDEN_LAST)


def shown(text: str) -> str:
    """``text`` with every mark replaced by what it took out: the sentence as its reader sees it."""
    if REMOVED not in text:
        return text
    return tidy(MARK.sub(lambda m: "".join(chr(ord(c) - _HIDDEN_BASE) for c in m.group()[1:]), text))


def unmarked(text: str) -> str:
    """``text`` with every mark and what it keeps dropped: the words the rules read."""
    return tidy(MARK.sub(" ", text)) if REMOVED in text else text


def mark_removals(text: str) -> str:
    """Put a mark (see :func:`hide`) where parsed text still has a macro, a bare URL or an address."""
    if "{" in text or "@" in text or "://" in text or "www." in text:
        return _LEFT_BY_PARSER.sub(lambda m: f" {hide(m.group())} ", text)
    return text


def tidy(text: str) -> str:
    """Drop brackets emptied by a removal and spaces before punctuation; normalise white space."""
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()
