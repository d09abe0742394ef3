"""The length rule: an ad far shorter or longer than good ML job ads.

Words are counted on what a reader sees: headings, bullets and emphasis marks, link
targets, HTML tags and fenced code do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hiring.jobs.lint.context import LintContext
from hiring.jobs.lint.document import Document
from hiring.jobs.lint.findings import WARNING, Finding

_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG_RE = re.compile(r"<[^>]+>")
_URL_RE = re.compile(r"https?://\S+")
_MARKER_RE = re.compile(r"^[ \t]*(?:#{1,6}|>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)", re.MULTILINE)
_WORD_RE = re.compile(r"[^\W_](?:[\w'\u2019.,/-]*[^\W_])?")


def visible_words(doc: Document) -> int:
    """The number of words a reader sees in the rendered ad."""
    text = _LINK_RE.sub(r"\1", doc.prose)
    text = _URL_RE.sub(" ", _TAG_RE.sub(" ", _MARKER_RE.sub(" ", text)))
    return len(_WORD_RE.findall(text))


def length(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    if ctx.length_words is None:
        return
    low, high = ctx.length_words
    words = visible_words(doc)
    if words > high:
        yield Finding(
            "length",
            WARNING,
            None,
            f"The description is {words:,} words; good ML job ads run {low}-{high}, and "
            "long ones lose readers before the requirements.",
            f"Cut about {words - high:,} words: keep responsibilities to the ones this level "
            "really has, describe each interview round in one sentence, and drop anything a "
            "candidate cannot act on.",
        )
    elif words < low:
        yield Finding(
            "length",
            WARNING,
            None,
            f"The description is only {words:,} words; good ML job ads run {low}-{high}, "
            "and a short one leaves candidates guessing about the work.",
            f"Add about {low - words:,} words: what the team builds and for whom, the tools "
            "it uses, what this level is responsible for, and how the interviews run.",
        )
