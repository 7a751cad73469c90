"""Validation of the records that needs no clock: everything here is true whatever the date."""

from __future__ import annotations

import datetime as dt

from ...errors import DataError
from ...model import Document, Repository
from ...validate import error_at


def _check_id_year(doc: Document, date_field: str, errors: list[DataError]) -> None:
    year = doc.id.split("-")[1] if doc.id.count("-") == 2 else None
    when = getattr(doc, date_field)
    if year and when and int(year) != when.year:
        errors.append(error_at(doc, ("id",), f"the id says {year} but {date_field} is in {when.year}",
                               f"number it by the year it was {date_field}, e.g. "
                               f"{doc.id.split('-')[0]}-{when.year}-{doc.id.split('-')[2]}"))


def _not_before(doc: Document, path: tuple, value: dt.date | None, earliest: dt.date | None,
                what: str, errors: list[DataError], hint: str = "check the date") -> None:
    if value is not None and earliest is not None and value < earliest:
        errors.append(error_at(doc, path, f"{value} is before {what} ({earliest})", hint))


def check_ncr(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Date order and what each status needs."""
    _check_id_year(doc, "raised", errors)
    raised = doc.raised
    status = doc.status
    cause = doc.root_cause
    actions = doc.actions
    check = doc.effectiveness
    closed = doc.closed
    if cause is not None:
        _not_before(doc, ("root_cause", "date"), cause.date, raised, "the date raised", errors)
        if not cause.whys and not cause.categories:
            errors.append(error_at(doc, ("root_cause",), "a root cause needs its analysis",
                                   "add 'whys:' (the five whys) or 'categories:' (cause categories)"))
    for index, action in enumerate(actions):
        _not_before(doc, ("actions", index, "due"), action.due, raised, "the date raised", errors)
        _not_before(doc, ("actions", index, "done"), action.done, raised, "the date raised", errors,
                    "an action cannot be done before the NCR was raised")
    done_dates = [action.done for action in actions if action.done]
    if check is not None:
        _not_before(doc, ("effectiveness", "due"), check.due, raised, "the date raised", errors)
        _not_before(doc, ("effectiveness", "checked"), check.checked, raised, "the date raised", errors)
        if done_dates:
            _not_before(doc, ("effectiveness", "checked"), check.checked, max(done_dates),
                        "the last action was done", errors, "check the actions once they are all done")
        if check.result and not check.checked:
            errors.append(error_at(doc, ("effectiveness", "result"), "a result needs the date of the check",
                                   "add 'checked: YYYY-MM-DD'"))
        if check.checked and not check.result:
            errors.append(error_at(doc, ("effectiveness", "checked"), "a done check needs its result",
                                   "add 'result: effective' or 'result: not-effective'"))
    if closed is not None:
        _not_before(doc, ("closed",), closed, raised, "the date raised", errors)
        if done_dates:
            _not_before(doc, ("closed",), closed, max(done_dates), "the last action was done", errors)
        if check is not None:
            _not_before(doc, ("closed",), closed, check.checked, "the effectiveness check", errors)
        if status != "closed":
            errors.append(error_at(doc, ("closed",), f"only a closed NCR has a closed date (status is {status!r})",
                                   "set 'status: closed' or remove the closed date"))
    open_actions = [index for index, action in enumerate(actions) if not action.done]
    if status in ("action", "verifying", "closed"):
        if cause is None:
            errors.append(error_at(doc, ("status",), f"an NCR with status {status!r} needs its root cause",
                                   "add 'root_cause:' or set 'status: open'"))
        if not actions:
            errors.append(error_at(doc, ("status",), f"an NCR with status {status!r} needs corrective actions",
                                   "add 'actions:' or set 'status: open'"))
    if status in ("verifying", "closed"):
        for index in open_actions:
            errors.append(error_at(doc, ("actions", index), f"an NCR with status {status!r} cannot have "
                                   "an action that is not done", "add 'done: YYYY-MM-DD' or set 'status: action'"))
    if status == "verifying" and check is None:
        errors.append(error_at(doc, ("status",), "an NCR waiting for its check needs the check date",
                               "add 'effectiveness:' with 'due: YYYY-MM-DD'"))
    if status == "closed":
        if closed is None:
            errors.append(error_at(doc, ("status",), "a closed NCR needs the date it was closed",
                                   "add 'closed: YYYY-MM-DD'"))
        if check is not None and check.result == "not-effective":
            errors.append(error_at(doc, ("effectiveness", "result"), "the check found the actions did not "
                                   "work, so the NCR cannot be closed",
                                   "add new actions and set 'status: action'"))


def check_improvement(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    _check_id_year(doc, "raised", errors)
    raised = doc.raised
    _not_before(doc, ("status_since",), doc.status_since, raised, "the date raised", errors)
    _not_before(doc, ("due",), doc.due, raised, "the date raised", errors)
    if doc.status == "closed" and not doc.outcome:
        errors.append(error_at(doc, ("status",), "a closed item needs its outcome",
                               "add 'outcome:': what changed, or why we did not go ahead"))


def check_audit(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    status = doc.status
    done = doc.done
    findings = doc.findings
    if status == "done" and done is None:
        errors.append(error_at(doc, ("status",), "a done audit needs the date it was done",
                               "add 'done: YYYY-MM-DD'"))
    if status != "done" and done is not None:
        errors.append(error_at(doc, ("done",), f"only a done audit has a done date (status is {status!r})",
                               "set 'status: done' or remove the done date"))
    if status == "cancelled" and not doc.note:
        errors.append(error_at(doc, ("status",), "a cancelled audit needs a note that says why",
                               "add 'note:'"))
    if findings and status != "done":
        errors.append(error_at(doc, ("findings",), f"an audit with status {status!r} cannot have findings",
                               "record findings once the audit is done"))
    for index, item in enumerate(findings):
        ncr_id = item.ncr
        if item.type == "nonconformity" and not ncr_id:
            errors.append(error_at(doc, ("findings", index), "a nonconformity finding needs the NCR it raised",
                                   "raise an NCR (QP-007) and add 'ncr: NCR-YYYY-NNN'"))
        if ncr_id and item.type != "nonconformity":
            errors.append(error_at(doc, ("findings", index, "ncr"), "only a nonconformity finding raises an NCR",
                                   "set 'type: nonconformity' or remove the ncr"))
        raised_ncr = repository.get("ncr", ncr_id) if ncr_id else None
        if raised_ncr is not None:
            if raised_ncr.source != "internal-audit":
                errors.append(error_at(doc, ("findings", index, "ncr"), f"{ncr_id} came from this audit, so "
                                       f"its source must be internal-audit (it is {raised_ncr.source!r})",
                                       f"fix the source in {raised_ncr.path}"))
            if done is not None and raised_ncr.raised and raised_ncr.raised < done:
                errors.append(error_at(doc, ("findings", index, "ncr"), f"{ncr_id} was raised on "
                                       f"{raised_ncr.raised}, before the audit was done ({done})",
                                       "check the NCR and the audit dates"))


def check_single_finding_per_ncr(repository: Repository, errors: list[DataError]) -> None:
    """An NCR comes from one audit finding at most, so its page can say where it came from."""
    seen: dict[str, tuple[Document, int]] = {}
    for doc in sorted(repository.of_kind("audit").values(), key=lambda d: d.id):
        for index, item in enumerate(doc.findings):
            ncr_id = item.ncr
            if not ncr_id:
                continue
            if ncr_id in seen:
                first, first_index = seen[ncr_id]
                errors.append(error_at(doc, ("findings", index, "ncr"), f"{ncr_id} is already the NCR of "
                                       f"{first.id} finding {first_index + 1}", "raise a new NCR for this finding"))
            else:
                seen[ncr_id] = (doc, index)
