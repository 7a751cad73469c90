"""The core feature: organisation, roles and controlled procedures.

Review dates and readability gates run here; the pages are one per procedure,
one per role (both from their kinds' templates), one per process area, the
document register and the quality dashboard.
"""

from __future__ import annotations

from ...feedback import check_feedback, feedback_links
from ...general_part import check_definitions
from ...kinds import glossary, organisation, plain_words, procedure, role
from ...procedure_checks import check_steps
from ...registry import ClauseEvidence, Feature
from ...validate import check_controlled, check_plain_words, check_replacement_circles, check_reporting_lines
from .analysis import FLAG_KINDS, analyse_procedures, review_flags
from .dashboard import DASHBOARD_FLAG_ROWS, dashboard_page
from .pages import area_pages, navigation, register_page, role_context, roles_index

__all__ = ["DASHBOARD_FLAG_ROWS", "FEATURE", "FLAG_KINDS", "analyse_procedures", "review_flags"]

FEATURE = Feature(
    name="documents",
    kinds=(organisation, role, procedure, plain_words, glossary),
    checks={"procedure": (check_controlled, check_definitions, check_steps), "plain-words": (check_plain_words,),
            "organisation": (check_feedback,)},
    template_globals={"feedback_links": feedback_links},
    repository_checks=(check_reporting_lines, check_replacement_circles),
    analyse=analyse_procedures,
    pages=(roles_index, area_pages, register_page, dashboard_page),
    page_context={"role": role_context},
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    clause_evidence=(
        ClauseEvidence("procedure", ("4.4",), "Document register: procedures by process area", "register.md"),
        ClauseEvidence("role", ("5.3",), "Roles and their responsibilities", role.uri()),
    ),
)
