"""Generated pages: policy, management reviews, roadmap and newsletters, with their navigation."""

from __future__ import annotations

from typing import Any

from ...flags import Flag, declared_examples
from ...model import Repository
from ...render import GeneratedPage, Renderer, nav_entry
from ...settings import Settings

from .addresses import FEED_URI, NEWS_URI, POLICY_URI, REVIEWS_URI, ROADMAP_URI, newsletter_uri, review_uri
from .analysis import open_actions, roadmap_plan
from .kinds import DECISION_TOPICS, FLAG_KINDS, NEWS_IN_NAV, REVIEWS_IN_NAV, REVIEW_INPUTS
from .news import CHANGE_TITLES, newsletter_issues
from .timeline import timeline_svg


def money(amount: float, currency: str) -> str:
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency)
    text = f"{amount:,.0f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def days(amount: float) -> str:
    return f"{amount:g}"


def sponsors_of(repository: Repository) -> list[dict]:
    policy = repository.organisation.quality_policy
    return list(policy.sponsors if policy is not None else [])


def leadership_flags(analysis: Any, repository: Repository) -> list[tuple[Flag, bool]]:
    """The build's flags of this feature's kinds, each with whether its document declares it in example_flags.

    The dashboard counts them and says how many the quality team has accepted (declared in the data).
    Declared, not severity-based, so a flag that settings already lower to info still says so.
    """
    kinds = {kind.name for kind in FLAG_KINDS}
    expected = declared_examples(repository)
    return [(flag, flag.kind in expected.get(flag.document, ())) for flag in analysis.flags if flag.kind in kinds]


def policy_page(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    return [renderer.page("leadership/policy.md.j2", POLICY_URI, "Quality policy and objectives",
                          repository.organisation.path, sponsors=sponsors_of(repository))]




def review_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = renderer.analysis.today
    reviews = sorted(repository.of_kind("management-review").values(), key=lambda d: (d.scheduled, d.id))
    actions = open_actions(repository, today)
    pages = [renderer.page("leadership/reviews.md.j2", REVIEWS_URI, "Management reviews", None,
                           reviews=reviews, actions=actions, review_uri=review_uri)]
    for review in reviews:
        pages.append(renderer.page("leadership/review.md.j2", review_uri(review.id), review.title, review.path,
                                   review=review, inputs=REVIEW_INPUTS, topics=DECISION_TOPICS,
                                   late=review.status == "planned" and review.scheduled < today))
    return pages


def roadmap_page(renderer: Renderer) -> list[GeneratedPage]:
    doc = renderer.repository.singleton("roadmap")
    if doc is None:
        return []
    plan = roadmap_plan(doc, renderer.analysis.today)
    currency = doc.currency if doc.currency is not None else "GBP"
    return [renderer.page("leadership/roadmap.md.j2", ROADMAP_URI, doc.title, doc.path, roadmap=doc,
                          plan=plan, timeline=timeline_svg(plan, f"{doc.title}: timeline"),
                          money=lambda amount: money(amount, currency), days=days,
                          role_title=lambda role_id: renderer.repository.get("role", role_id).title)]


def newsletter_pages(renderer: Renderer) -> list[GeneratedPage]:
    issues = newsletter_issues(renderer.repository)
    pages = [renderer.page("leadership/news_index.md.j2", NEWS_URI, "News", None, issues=issues,
                           issue_uri=newsletter_uri, feed_uri=FEED_URI)]
    for issue in issues:
        pages.append(renderer.page("leadership/newsletter.md.j2", newsletter_uri(issue.doc.id), issue.doc.title,
                                   issue.doc.path, issue=issue, issue_uri=newsletter_uri,
                                   change_titles=CHANGE_TITLES))
    base = renderer.context.get("site_url") or ""
    if base and not base.endswith("/"):
        base += "/"
    pages.append(renderer.page("leadership/feed.xml.j2", FEED_URI, "News feed", None, issues=issues,
                               base=base, entry_url=lambda doc: f"{base}news/{doc.id}/",
                               change_titles=CHANGE_TITLES))
    return pages


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    uris = {page.src_uri for page in generated}
    reviews = sorted(repository.of_kind("management-review").values(), key=lambda d: (d.scheduled, d.id),
                     reverse=True)
    leadership: list[Any] = [nav_entry("Quality policy and objectives", POLICY_URI),
                             {"Management reviews": [REVIEWS_URI] + [nav_entry(r.title, review_uri(r.id))
                                                                     for r in reviews[:REVIEWS_IN_NAV]]}]
    if ROADMAP_URI in uris:
        leadership.append(nav_entry("Implementation roadmap", ROADMAP_URI))
    news = [NEWS_URI] + [nav_entry(issue.doc.title, newsletter_uri(issue.doc.id))
                         for issue in newsletter_issues(repository)[:NEWS_IN_NAV]]
    return [{"Leadership": leadership}, {"News": news}]
