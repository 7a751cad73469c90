"""Addresses of the generated leadership pages and the news feed, from the kinds' declarations."""

from __future__ import annotations

from .kinds import management_review, newsletter, objective


def review_uri(review_id: str) -> str:
    return management_review.uri(review_id)


def newsletter_uri(issue_id: str) -> str:
    return newsletter.uri(issue_id)


POLICY_URI = f"{objective.url_prefix}/policy.md"  # objectives are shown with the policy they serve
REVIEWS_URI = management_review.uri()
ROADMAP_URI = f"{objective.url_prefix}/roadmap.md"
NEWS_URI = newsletter.uri()
FEED_URI = "feed.xml"
