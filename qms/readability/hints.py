"""Hints for instructions: a step should say who acts and by when.

Both apply to the sentences of a procedure step (``Unit.step``), where a
reader needs to know what to do; in a purpose or a note the same wording is
often fine. Exceptions, looked at in any sentence: a passive that gives an
order (``shall be recorded``, ``must be approved``) is an instruction
wherever it stands; a plain present passive that states how the work is
done (``Outputs are reviewed and approved before release.``) hides who does
it just as much (see :func:`_statement` for what it leaves alone); and an
action noun that ``confirms`` or ``ensures`` (``Verification confirms that
...``) names no one who checks.

No actor (``no-actor``, "say who does it"): a sentence in the passive whose
doer is never named, or whose subject is an action noun that "occurs":

* a passive construction (:func:`qms.readability.passive.passive_spans`) in
  a main clause: not in a clause that opens with ``if``, ``when``,
  ``once``, ``after`` ... (``After your account is set up, fill in ...``
  is an instruction to the reader);
* not followed within three words by ``by`` and a doer (``by the Quality
  Manager``, ``by QA``); ``by`` before an ``-ing`` word is a means, not a
  doer (``is demonstrated by linking``);
* not in a question (``Has the file been deleted?`` asks, it does not
  instruct), nor in a relative clause (``the questions that will be
  asked``);
* not a permission or a possibility (``may be integrated``, ``can be
  left blank``), nor a verb that says where something is or what state it
  is in rather than what to do (``is defined in the work instruction``,
  ``is based on``, ``is required``, ``is considered``: see ``_STATIVE``
  and ``_CLASSED``);
* not a negation (``are not stored``, ``must never be shared``): a rule
  for everyone, not a task for someone; nor a passive inside an
  infinitive (``caused the leave to be exhausted``);
* not a passive that names the tool to use (``must be made through a pull
  request``, ``are submitted via HR Links``), unless the route is a process
  or the subject an action noun (``Verification is performed using``); nor
  a state (``is uncontrolled``) or a purpose (``is used to plan``);
* not with a person as its subject (``you are required to``: the reader
  is the actor), nor a state the reader is told to check (``make sure your
  work is covered``);
* or: an order given to a thing rather than a person (``Each management
  review shall consider the inputs``, ``Outputs must address ...``), not a
  lead-in that ends with a colon (``Each commit should:``): the
  subject before ``shall``/``must``/``should`` names no person (no pronoun,
  no agent noun such as ``manager``, ``owner``, ``team``; ``management
  review`` is a meeting, not a group), and the verb is
  an action, not a relation (``shall have``, ``shall include``, ``shall
  follow`` describe the thing: see ``_RELATIONS``);
* or: the sentence opens with an action noun (``-tion``, ``-ment``,
  ``-ance`` ...) that ``occurs``, ``takes place`` or ``happens``
  (``Verification shall occur before the review``).

Vague time (``vague-time``, "give a time"), in a step or in any sentence
that gives an order (``You should make timely edits``): a phrase that tells
the reader *that* something is urgent or recurring but not *when*:
``without undue delay``, ``promptly``, ``as soon as possible``, ``in a
timely manner``, ``periodically``, ``at your earliest convenience`` (see
``VAGUE_TIME``). ``immediately`` is left out on purpose: "now" is a time a
reader can act on; and a phrase followed at once by an example
(``periodically (e.g., quarterly)``) has been given its time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .passive import passive_spans

__all__ = ["VAGUE_TIME", "gives_an_order", "no_actor", "vague_time"]

#: Phrases that promise a time without giving one.
VAGUE_TIME: tuple[str, ...] = (
    "without undue delay", "without delay", "promptly", "as soon as possible", "as quickly as possible",
    "as early as possible",
    "as soon as practicable", "as soon as reasonably practicable", "asap",
    "in a timely manner", "in a timely fashion", "timely", "in due course",
    "at your earliest convenience", "at the earliest opportunity", "at the earliest convenience",
    "whenever feasible", "when feasible", "periodically", "from time to time",
    "on a regular basis", "regularly", "at regular intervals", "at planned intervals",
    "shortly", "expeditiously", "forthwith",
)  # fmt: skip

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?|[,;:()\u2013\u2014]|(?<=\s)-(?=\s)")
_CLAUSE_BREAK = frozenset(",;:()\u2013\u2014-")
_SUBORDINATORS = frozenset(
    """
    if when whenever once after before until unless while where wherever
    whether because since although though as that which who whom whose how what why
    """.split()
)
#: "All documents are controlled per the Document Control SOP": the work is handed to a procedure
#: that says who does it.
_POINTER = re.compile(r"\b(?:per|according to|in accordance with|as set out in|under)\s+(?:the\s+|its\s+|our\s+)?"
                      r"(?:[\w&/-]+\s+){0,5}(?:sop|procedure|policy|process|plan|instruction|wi)s?\b", re.IGNORECASE)
_CHECKS = frozenset("""
    sure ensure ensures ensuring check checks checking confirm confirms confirming verify verifies verifying
    """.split())
_RELATIVES = frozenset("that which who whom whose".split())
_OBLIGATION = frozenset("shall must should".split())
_ORDER_WORD = re.compile(r"\b(?:shall|must|should|(?:needs?|has|have)\s+to)\b", re.IGNORECASE)
_REPORT_WORD = re.compile(r"\b(?:confirms?|ensures?|shows?|demonstrates?)\b", re.IGNORECASE)
_PRESENT_BE = re.compile(r"\b(?:is|are)\b", re.IGNORECASE)
#: How a thing is classed or counted, not something someone does to it ("is considered regular hours").
_CLASSED = frozenset("considered treated deemed regarded counted classed classified seen viewed".split())
_FULL_STOP = re.compile(r"[.:!][\"'\u201d\u2019)\]]*\s*$")
_PERMISSION = frozenset("may can could might".split())
_PLACES = frozenset("in within into on at".split())
_ROUTES = frozenset("through via using".split())
_PUT = frozenset("posted published uploaded saved added attached copied moved filed".split())
_PUT_PLACES = _PLACES | {"to"}  # "posted to USAJobs": where a put thing ends up
_BY = frozenset({"by"})
_PROCESSES = frozenset("process processes procedure procedures control".split())
_NEED_TO = frozenset("not also need needs to have has".split())  # "you need to be approved"
_STRONG_BREAK = frozenset(";:()\u2013\u2014")
_STILL = frozenset("now still then always also only".split())  # "should now be on the form"
_NEGATIONS = frozenset("not never".split())  # and a subject with "no": "No exclusions are claimed"
_STATIVE = frozenset(
    """
    defined described listed shown specified contained located based found known called named
    given set out titled labelled labeled required restricted permitted allowed prohibited entitled
    expected needed aligned comprised composed associated related connected fixed
    """.split()
)
_RELATIONS = frozenset(
    """
    be have has include includes contain contains follow follows meet meets comply apply
    cover covers consist not never also match matches
    show shows state states describe describes list lists reference references reflect reflects
    appear appears arrive arrives end ends last lasts expire expires auto
    """.split()
)  # "auto": "should auto-populate" is what the form does, not an order to anyone
_AGENT_NOUN = re.compile(r"(?:er|or|ist|ant|ee|ian)s?$")
_GROUPS = frozenset(
    """
    team teams staff management personnel people person everyone anyone someone employee employees
    organization organisation company department board committee lead leads
    """.split()
)
#: "Management review", "board meeting": an event named after a group, which cannot act.
_MEETINGS = frozenset("review reviews meeting meetings system systems".split())
_PEOPLE = frozenset("you we i they he she everyone someone anyone nobody".split())
_MODALS = frozenset("will would shall should must may might can could".split())
_DOER_DETERMINERS = frozenset("the a an your their its his her our each any every all".split())
_NOMINAL = re.compile(r"(?:tion|sion|ment|ance|ence|ency|ancy|al|ure)s?$")
_HAPPENS = frozenset("occur occurs occurred take takes took taken happen happens happened".split())
#: "Verification confirms that ...": an action noun reports a result, and nobody is said to check.
_REPORTS = frozenset("confirms confirm ensures ensure shows show demonstrates demonstrate".split())
_SKIP_START = frozenset("the a an any each all every".split())
_VAGUE = tuple(tuple(phrase.split()) for phrase in VAGUE_TIME)


def _tokens(sentence: str) -> list[str]:
    return [token.lower().replace("\u2019", "'") for token in _TOKEN.findall(sentence)]


class _Clauses:
    """For each token: where its clause starts, and the last word of each watched kind seen so
    far, so each question about "earlier in this clause" costs the same however long the text."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.start: list[int] = []
        self.strong_start: list[int] = []  # after the last ; : ( ) or dash: a list's commas do not count
        self.last_check: list[int] = []  # "make sure", "check", "ensure"
        self.last_subordinator: list[int] = []  # "if", "when", "how", "that" ...
        self.last_person: list[int] = []  # a pronoun, a group or an agent noun (manager, owner)
        start = strong = check = subordinator = person = -1
        for index, token in enumerate(tokens):
            if token in _CLAUSE_BREAK or start < 0:
                start = index + 1 if token in _CLAUSE_BREAK else index
            if token in _STRONG_BREAK or strong < 0:
                strong = index + 1 if token in _STRONG_BREAK else index
            if token in _CHECKS:
                check = index
            if token in _SUBORDINATORS:
                subordinator = index
            if token in _PEOPLE or _AGENT_NOUN.search(token) or (
                    token in _GROUPS and not (index + 1 < len(tokens) and tokens[index + 1] in _MEETINGS)):
                person = index
            self.start.append(start)
            self.strong_start.append(strong)
            self.last_check.append(check)
            self.last_subordinator.append(subordinator)
            self.last_person.append(person)

    def seen(self, last: list[int], index: int) -> bool:
        """Whether the watched kind occurs in the clause of ``index``, before it."""
        return index > 0 and last[index - 1] >= self.start[index]

    def checked(self, index: int) -> bool:
        """"Ensure that processes, tools and records are kept": a check before ``index`` that
        only the commas of a list separate from it."""
        return index > 0 and self.last_check[index - 1] >= self.strong_start[index]


def _soon_after(tokens: Sequence[str], end: int, wanted: frozenset[str], within: int = 3) -> int | None:
    """Where one of ``wanted`` stands within ``within`` words after ``end`` in the same clause
    ("approved *by* the manager", "kept *in* the register"), or ``None``."""
    for at in range(end, min(end + within, len(tokens))):
        if tokens[at] in _CLAUSE_BREAK:
            return None
        if tokens[at] in wanted:
            return at
    return None


def _by_whom(tokens: Sequence[str], end: int) -> int | None:
    """Where the word after "by" stands, if it is not an ``-ing`` word (``by linking``: a means)."""
    at = _soon_after(tokens, end, _BY)
    return at + 1 if at is not None and at + 1 < len(tokens) and not tokens[at + 1].endswith("ing") else None


def _names_doer(tokens: Sequence[str], end: int, original: Sequence[str]) -> bool:
    at = _by_whom(tokens, end)
    return at is not None and (tokens[at] in _DOER_DETERMINERS or original[at][:1].isupper()
                               or tokens[at] in _PEOPLE)


def _person_subject(tokens: Sequence[str], start: int) -> bool:
    before = start - 1
    while before >= max(0, start - 5) and (tokens[before] in _MODALS or tokens[before] in _NEED_TO):
        before -= 1
    return before >= 0 and tokens[before] in _PEOPLE


def no_actor(sentence: str, step: bool = True) -> bool:
    """Whether the sentence leaves out who does what it describes; outside a ``step``, only a
    passive that gives an order counts."""
    if not step and not (_ORDER_WORD.search(sentence) or _PRESENT_BE.search(sentence)
                         or _REPORT_WORD.search(sentence)):
        return False  # the common case outside steps, decided without tokens
    if sentence.rstrip().rstrip("\"'\u201d\u2019)").endswith("?"):
        return False
    original = _TOKEN.findall(sentence)
    tokens = [token.lower().replace("\u2019", "'") for token in original]
    words_only = [(index, token) for index, token in enumerate(tokens) if token not in _CLAUSE_BREAK]
    positions = [index for index, _ in words_only]
    clauses = _Clauses(tokens)
    for first, end in passive_spans([token for _, token in words_only]):
        start, stop = positions[first], positions[end - 1] + 1
        if clauses.seen(clauses.last_subordinator, start) or _person_subject(tokens, start):
            continue  # a subordinate clause ("when the conditions are met"), or "you are asked"
        if clauses.checked(start):
            continue
        before = tokens[max(clauses.start[start], start - 3) : start + 1]
        if not _RELATIVES.isdisjoint(token.split("'")[0] for token in before):
            continue  # "the questions that will be asked", "the password that's emailed": a relative clause
        if tokens[stop - 1] == "used" and tokens[stop : stop + 1] in (["to"], ["for"]):
            continue  # "is used to build roadmaps", "is used for term posts": what a thing is for
        modal = _modal(tokens, start)
        if modal in _PERMISSION or tokens[stop - 1] in _STATIVE or tokens[stop - 1] in _CLASSED:
            continue
        if _state_word(tokens[stop - 1]) or (
                _channel(tokens, stop) and not _action_subject(tokens, clauses.start[start])):
            continue
        if (not _NEGATIONS.isdisjoint(tokens[max(clauses.start[start], start - 2) : stop])
                or tokens[clauses.start[start]] == "no"):
            continue  # "are not stored", "must never be shared": a rule for everyone, not a task
        if not modal and start > 0 and tokens[start - 1] == "to":
            continue  # "caused the leave to be exhausted": an infinitive describes, it orders nothing
        if not step and modal not in _OBLIGATION:
            if not _statement(tokens, start, stop, modal, sentence) or _POINTER.search(sentence):
                continue
            if _any_by(tokens, stop):
                continue  # "initiated by defined triggers": the statement names what does it
        if not _names_doer(tokens, stop, original):
            return True
    if _order_to_a_thing(tokens, clauses):
        return True
    plain = [token for _, token in words_only]
    return (step and _action_noun_happens(plain, _HAPPENS)) or _action_noun_happens(plain, _REPORTS, 1)


def gives_an_order(sentence: str) -> bool:
    """Whether the sentence tells someone what to do wherever it stands (``shall``, ``must``,
    ``should``, ``need to``): a vague deadline there is as vague as in a step."""
    return bool(_ORDER_WORD.search(sentence))


def _statement(tokens: Sequence[str], start: int, stop: int, modal: str, sentence: str) -> bool:
    """A plain present passive that states how the work is done (``Outputs are reviewed and
    approved before release.``): it hides who does it as much as an order does. Not a future or a
    past (``will be paid out``, ``was lost``: a result, not the work), not a list item with no
    full stop (``All documents are updated``: a condition to check, as in a list of exit
    criteria), nor where something is kept (see :func:`_kept_at`). A class (``is considered``)
    never gets this far: :func:`no_actor` leaves every ``_CLASSED`` passive alone."""
    return (not modal and tokens[start] in ("is", "are")
            and bool(_FULL_STOP.search(sentence)) and not _kept_at(tokens, stop)
            and tokens[stop: stop + 1] != ["as"])  # "are managed as design changes": a class


def _kept_at(tokens: Sequence[str], end: int) -> bool:
    """"Actions are tracked in the risk register", "is controlled and maintained in the repository",
    "are posted to USAJobs": a statement of where something is kept or published tells the reader
    where to look, as "is defined in" does."""
    return _soon_after(tokens, end, _PUT_PLACES if tokens[end - 1] in _PUT else _PLACES, within=4) is not None


def _state_word(participle: str) -> bool:
    """"is uncontrolled", "are unchanged": a participle negated by "un-" describes a state."""
    return participle.startswith("un") and participle[2:].endswith("ed") and len(participle) > 6


def _channel(tokens: Sequence[str], end: int) -> bool:
    """"must be made through a pull request", "are submitted through HR Links": the rule names
    the tool to use, and whoever does the work uses it. Not a process (``are addressed through
    the CAPA process``): a process does not say who acts."""
    at = _soon_after(tokens, end, _ROUTES)
    return at is not None and _PROCESSES.isdisjoint(tokens[at + 1 : at + 6])


def _action_subject(tokens: Sequence[str], start: int) -> bool:
    """"Verification ... is performed using", "Use of the card is": an action noun as the subject
    hides the doer whatever route it names."""
    index = _subject_word(tokens, start)
    return index < len(tokens) and (tokens[index] == "use" or _action_noun(tokens[index]))


def _any_by(tokens: Sequence[str], end: int) -> bool:
    return _by_whom(tokens, end) is not None


def _order_to_a_thing(tokens: Sequence[str], clauses: _Clauses) -> bool:
    if tokens and tokens[-1] == ":":
        return False  # "Each commit should:", "Repository settings must:": the list below says what
    for index, token in enumerate(tokens):
        if token not in _OBLIGATION:
            continue
        after = index + 1
        while after < len(tokens) and tokens[after] in _STILL:
            after += 1
        if after >= len(tokens) or tokens[after] in _RELATIONS:
            continue
        clause = clauses.start[index]
        if clause >= index or tokens[clause] in _SUBORDINATORS:
            continue  # no subject, or a subordinate clause
        if clauses.seen(clauses.last_person, index):
            continue
        return True
    return False


def _modal(tokens: Sequence[str], start: int) -> str:
    """The modal verb before a passive's auxiliary (``must`` in ``must not be``), or ``""``."""
    before = start - 1
    while before >= max(0, start - 4) and tokens[before] in ("not", "also", "always", "never", "then", "only"):
        before -= 1
    if before >= 0 and tokens[before] in _OBLIGATION | _PERMISSION:
        return tokens[before]
    if before >= 1 and tokens[before] == "to" and tokens[before - 1] in ("need", "needs", "has", "have"):
        return "may" if before >= 2 and tokens[before - 2] in _PERMISSION else "must"  # "may need to be"
    return ""


def _subject_word(tokens: Sequence[str], start: int) -> int:
    """Where the subject's noun stands: past a leading "the", "each", "all" ..."""
    return start + 1 if start < len(tokens) and tokens[start] in _SKIP_START else start


def _action_noun(word: str) -> bool:
    """"verification", "assessment", "approval": a noun made from a verb (six letters or more)."""
    return len(word) >= 6 and bool(_NOMINAL.search(word))


def _action_noun_happens(tokens: Sequence[str], verbs: frozenset[str], within: int = 3) -> bool:
    index = _subject_word(tokens, 0)
    if index >= len(tokens) or not _action_noun(tokens[index]):
        return False
    return any(token in verbs for token in tokens[index + 1 : index + 1 + within])


def vague_time(sentence: str) -> str | None:
    """The first vague time phrase in the sentence, as written in it, or ``None``; not one the
    sentence makes exact straight away (``periodically (e.g., quarterly)``)."""
    tokens = _tokens(sentence)
    plain = [index for index, token in enumerate(tokens) if token not in _CLAUSE_BREAK]
    for at, index in enumerate(plain):
        for phrase in _VAGUE:
            end = at + len(phrase)
            if tuple(tokens[i] for i in plain[at:end]) == phrase:
                if not _gives_an_example(tokens, plain[end - 1] + 1):
                    return " ".join(phrase)
    return None


def _gives_an_example(tokens: Sequence[str], after: int) -> bool:
    """``(e.g. quarterly`` or ``, for example monthly`` right after the phrase."""
    following = [token for token in tokens[after : after + 4] if token not in ("(", ",")]
    return bool(following) and (following[0] == "e" and following[1:2] == ["g"]
                                or following[:2] == ["for", "example"] or following[0] in ("eg", "ie", "every"))
