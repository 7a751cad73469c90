"""Addresses of the generated leadership pages and the news feed."""

from __future__ import annotations


def review_uri(review_id: str) -> str:
    return f"leadership/management-reviews/{review_id}.md"


def newsletter_uri(issue_id: str) -> str:
    return f"news/{issue_id}.md"


POLICY_URI = "leadership/policy.md"
REVIEWS_URI = "leadership/management-reviews/index.md"
ROADMAP_URI = "leadership/roadmap.md"
NEWS_URI = "news/index.md"
FEED_URI = "feed.xml"
