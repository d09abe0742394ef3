"""Markdown from users, rendered and sanitised once, when it is saved.

``markdown`` turns text into HTML; ``nh3`` (the Rust ammonia sanitiser) keeps only
an allow-list of tags, attributes and URL schemes, so ``<script>``, event handlers
and ``javascript:`` links never reach a page.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(text: str) -> str:
    """Safe HTML for ``text``; links get rel="noopener noreferrer nofollow"."""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text: str) -> str:
    """Markdown reduced to text, for places that take no HTML (JSON exports, meta tags)."""
    return nh3.clean(render_markdown(text), tags=set()).strip()
