"""Match the actors an SOP names ("Quality Manager", "QM", "the auditors") to the roles in data/roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words before a colon that label a line rather than name who does it.
LABELS = {"note", "notes", "record", "records", "example", "tip", "warning", "caution", "important",
          "input", "inputs", "output", "outputs", "result", "reference", "references", "see", "if", "when",
          "step", "action", "responsible", "frequency", "timing", "purpose", "scope", "definition", "nb"}
JOINERS = re.compile(r"\s*(?:,|&|/|\band\b|\bor\b|\bwith\b)\s*", re.IGNORECASE)


def normalise(name: str) -> str:
    """Lower case, no 'the', no brackets, no punctuation, each word in the singular: 'The Auditors' -> 'auditor'."""
    name = re.sub(r"\([^)]*\)", " ", name)  # "Auditor (or a trained deputy)" is the auditor
    words = re.sub(r"[^\w\s]", " ", name.lower().replace("-", " ")).split()
    if words and words[0] in ("the", "a", "an", "each", "every", "all"):
        words = words[1:]
    return " ".join(_singular(word) for word in words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "role"


@dataclass
class RoleBook:
    """The organisation's roles, by every name an SOP may use for them."""

    titles: dict[str, str]  # role id -> title
    mapped: dict[str, str] = field(default_factory=dict)  # author's own mapping: normalised name -> role id
    _names: dict[str, str] = field(default_factory=dict, init=False)
    # what a responsibilities table names: normalised name -> the name as written ('ccc' -> 'Change
    # Control Coordinator'), so a step's 'The CCC registers…' finds the same role as the table's row
    actors: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for role_id, title in self.titles.items():
            for name in (role_id, title, role_id.replace("-", " ")):
                self._names.setdefault(normalise(name), role_id)
            initials = "".join(word[0] for word in normalise(title).split() if word not in ("of", "and"))
            if len(initials) >= 2:
                self._names.setdefault(initials, role_id)

    def learn(self, names: list[str]) -> None:
        """The actors of a responsibilities table: 'Change Control Coordinator (CCC)' is also 'CCC';
        'Quality Manager / Document Control Coordinator' is two actors."""
        for name in names:
            for part in re.split(r"\s+/\s+", name):
                full = re.sub(r"\([^)]*\)", " ", part).strip().strip("*_ ")
                if not full:
                    continue
                self.actors.setdefault(normalise(full), full)
                short = re.search(r"\(([A-Za-z]{2,8})\)", part)
                if short:
                    self.actors.setdefault(normalise(short.group(1)), full)

    def full_name(self, actor: str) -> str:
        """The name a responsibilities table gives an actor ('CCC' -> 'Change Control Coordinator')."""
        return self.actors.get(normalise(actor), actor)

    def match(self, actor: str) -> str | None:
        """The role id an actor's name stands for, or None when no role has that name."""
        for name in dict.fromkeys([actor, self.full_name(actor)]):
            key = normalise(name)
            found = self.mapped.get(key) or self._names.get(key)
            if found:
                return found
        return None

    def placeholder(self, actor: str) -> str:
        """An id that no role has, so that 'qms check' keeps asking until the author picks a real one."""
        return f"unmapped-{slug(re.sub(r'[(][^)]*[)]', ' ', self.full_name(actor)))}"


def split_actor(text: str, book: RoleBook) -> tuple[list[str], str]:
    """'Quality Manager: approve the plan' -> (['Quality Manager'], 'Approve the plan').

    A sentence that starts with a known role ('The quality manager checks …') gives that role and
    keeps its words. Anything else has no actor."""
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and _looks_like_actors(head, book):
        actors = [part.strip() for part in JOINERS.split(head.strip().strip("*_ ")) if part.strip()]
        action = rest.strip()
        return actors, action[:1].upper() + action[1:]
    words = text.split()
    for length in range(min(6, len(words)), 0, -1):
        candidate = " ".join(words[:length])
        parts = [part for part in JOINERS.split(candidate.strip(",")) if part.strip()]
        if len(parts) > 1 and all(book.match(part) or normalise(part) in book.actors for part in parts):
            return parts, text  # "The DCC and CCC verify…": a joint step
        known = book.match(candidate) or normalise(candidate) in book.actors
        if known and (length > 1 or candidate[:1].isupper()):
            return [candidate.strip(",")], text
    return [], text


def _looks_like_actors(head: str, book: RoleBook) -> bool:
    head = head.strip().strip("*_ ")
    words = head.split()
    if not words or len(words) > 6 or normalise(head) in LABELS or (words and words[0].lower() in LABELS):
        return False
    parts = [part for part in JOINERS.split(head) if part.strip()]
    if any(book.match(part) or normalise(part) in book.actors for part in parts):
        return True
    # an unknown actor still reads like a job title: every main word capitalised, no sentence punctuation,
    # and a word that names a person or team ("Periodic Review:" is a label, not an actor)
    return not re.search(r"[.;!?()]", head) and all(
        word[:1].isupper() or word.lower() in ("and", "of", "or", "&", "the", "/") for word in words) and any(
        _singular(word) in ROLE_WORDS for part in parts for word in normalise(part).split()[-1:])


ROLE_WORDS = {"manager", "coordinator", "officer", "owner", "team", "lead", "leader", "director", "engineer",
              "auditor", "staff", "personnel", "employee", "supervisor", "reviewer", "approver", "requestor",
              "requester", "controller", "operator", "technician", "administrator", "head", "board", "committee",
              "inspector", "management", "department", "coordinator", "specialist", "representative", "clerk",
              "buyer", "planner", "agent", "user", "author", "analyst", "assistant", "secretary", "chair",
              "executive", "ceo", "qmo", "member", "holder", "worker", "person", "individual", "customer",
              "supplier", "desk", "division", "office", "group", "unit", "service", "responder", "trainer",
              "trainee", "coordinator", "developer", "designer", "tester", "ops", "hr"}
