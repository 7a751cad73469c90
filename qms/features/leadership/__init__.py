"""Leadership, roadmap and communication: policy, objectives, management review, roadmap, news.

The commonest reasons an ISO 9001 system fails are weak leadership support,
missing resources, resistance to change and poor communication. This feature
makes each of them visible from data: the policy and its sponsors, quality
objectives with owners, management reviews with their actions, a resourced
implementation roadmap, and newsletters that tell staff what changed.

Kinds: ``objective`` (data/objectives/), ``management-review``
(data/management-reviews/), ``roadmap`` (data/roadmap.yml, optional) and
``newsletter`` (data/newsletters/). Sponsors live in the quality policy of
data/organisation.yml.

An objective measured by a KPI takes its status from the KPI (``objective_status``);
a typed status that contradicts it is a flag.

The package is split by job: ``kinds`` (schemas and allowed values),
``addresses``, ``checks``, ``analysis`` (what is late today), ``objective_status``, ``news`` (what
changed between newsletters), ``timeline`` (the roadmap picture), ``pages`` and
``macros``. This module assembles ``FEATURE`` and re-exports the names other
code imports from the feature.
"""

from __future__ import annotations

from pathlib import Path

from ...registry import ClauseEvidence, Feature

from .addresses import NEWS_URI, POLICY_URI, REVIEWS_URI, ROADMAP_URI
from .analysis import analyse_leadership, roadmap_plan
from .checks import check_management_review, check_newsletters, check_objective, check_roadmap, doc_milestone
from .kinds import FLAG_KINDS, management_review, newsletter, objective, roadmap
from .macros import macros
from .news import document_changes, newsletter_issues
from .objective_status import objective_status, objective_statuses, objective_table
from .pages import leadership_flags, navigation, newsletter_pages, policy_page, review_pages, roadmap_page

__all__ = ["FEATURE", "check_objective", "doc_milestone", "document_changes", "newsletter_issues",
           "objective_status", "objective_statuses", "roadmap_plan"]

FEATURE = Feature(
    name="leadership",
    templates=Path(__file__).parent / "templates",
    slots={"dashboard.sections": ("leadership/dashboard.md.j2",)},
    kinds=(objective, management_review, roadmap, newsletter),
    checks={"objective": (check_objective,),
            "management-review": (check_management_review,),
            "roadmap": (check_roadmap,)},
    repository_checks=(check_newsletters,),
    analyse=analyse_leadership,
    pages=(policy_page, review_pages, roadmap_page, newsletter_pages),
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    macros=macros,
    macro_names=("leadership_sponsors", "latest_newsletter", "quality_objectives"),
    template_globals={"leadership_flags": leadership_flags, "roadmap_uri": ROADMAP_URI,
                      "objective_table": objective_table, "policy_uri": POLICY_URI},
    clause_evidence=(
        ClauseEvidence("organisation", ("5.1.1",), "Leaders' commitments", POLICY_URI,
                       with_field="quality_policy.sponsors"),
        ClauseEvidence("organisation", ("5.2",), "Quality policy", POLICY_URI, with_field="quality_policy"),
        ClauseEvidence("objective", ("6.2",), "Quality objectives", POLICY_URI),
        ClauseEvidence("roadmap", ("6.3",), "Implementation roadmap", ROADMAP_URI),
        ClauseEvidence("newsletter", ("7.4",), "News for staff", NEWS_URI),
        ClauseEvidence("management-review", ("9.3",), "Management reviews", REVIEWS_URI),
    ),
)
