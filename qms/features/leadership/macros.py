"""Macros for hand-written pages: sponsors, the latest newsletter, quality objectives."""

from __future__ import annotations

from typing import Any

from .addresses import FEED_URI, NEWS_URI, POLICY_URI, newsletter_uri
from .news import newsletter_issues
from .pages import sponsors_of


def macros(macro_obj: Any) -> dict[str, Any]:
    state = macro_obj.state

    def leadership_sponsors() -> str:
        """The leadership sponsors of the quality system and what each commits to."""
        return macro_obj._renderer().render("leadership/macros/sponsors.md.j2", macro_obj.page_uri,
                                            sponsors=sponsors_of(state.repository), policy_uri=POLICY_URI)

    def latest_newsletter() -> str:
        """The newest newsletter issue: title, date, summary and a link to the rest."""
        issues = newsletter_issues(state.repository)
        return macro_obj._renderer().render("leadership/macros/latest_newsletter.md.j2", macro_obj.page_uri,
                                            issue=issues[0] if issues else None, issue_uri=newsletter_uri,
                                            news_uri=NEWS_URI, feed_uri=FEED_URI)

    def quality_objectives() -> str:
        """The quality objectives as a table: owner, target, due date and status (from their KPIs)."""
        return macro_obj._renderer().render("leadership/macros/objectives.md.j2", macro_obj.page_uri)

    return {"leadership_sponsors": leadership_sponsors, "latest_newsletter": latest_newsletter,
            "quality_objectives": quality_objectives}
