"""Reading a Markdown job description: its prose and its requirements sections.

Lines are counted the way a browser's textarea counts them: ``\\n``, ``\\r\\n`` and ``\\r``
each end a line. Text inside fenced code blocks (```` ``` ```` or ``~~~``) is blanked out:
code is not ad text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A heading starts a requirements section when it contains one of these (lowercased) ...
REQUIREMENT_HEADING_WORDS: tuple[str, ...] = (
    "must",
    "require",
    "qualification",
    "need",
    "day one",
    "day 1",
    "you have",
    "you bring",
    "what we look for",
    "looking for",
)
# ... unless it also contains one of these: such sections list what is optional or taught.
OPTIONAL_HEADING_WORDS: tuple[str, ...] = (
    "nice",
    "bonus",
    "teach",
    "learn",
    "grow",
    "plus",
    "preferred",
    "optional",
    "desirable",
)

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# Python-Markdown (the app's renderer) accepts "##Heading" without a space, so do we.
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?!#)(.*)$")
_CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t])#+[ \t]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
# A line that is only bold text ("**What you'll need**") works as a heading in pasted ads.
_BOLD_LINE_RE = re.compile(r"^[ \t]*+(\*\*|__)((?:(?!\1).)++)\1[ \t]*+:?[ \t]*+$")
_EMPHASIS_RE = re.compile(r"[*_`]+")
_PSEUDO_LEVEL = 7  # below every real heading: ends only at another pseudo-heading
_MAX_COLON_HEADING = 80


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str
    kind: str  # "requirements" | "optional" | "neutral"


@dataclass(frozen=True)
class Item:
    """A bullet (with its continuation lines) or a paragraph line in a section."""

    line: int
    text: str
    indent: int
    is_bullet: bool


@dataclass
class Section:
    """A requirements section: its heading and the items it owns."""

    heading: Heading
    items: list[Item]

    @property
    def bullets(self) -> list[Item]:
        return [item for item in self.items if item.is_bullet]

    @property
    def text(self) -> str:
        return "\n".join(item.text for item in self.items)


@dataclass(frozen=True)
class Document:
    prose: str  # the Markdown with fenced code blanked out, lines kept in place
    line_starts: tuple[int, ...]  # offset in prose where each line starts
    sections: tuple[Section, ...]

    def line_at(self, offset: int) -> int:
        """The 1-based line holding ``offset`` of ``prose``."""
        return bisect_right(self.line_starts, offset)


def _split_lines(markdown: str) -> list[str]:
    return markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _blank_code(lines: list[str]) -> list[str]:
    """Replace fenced code (fences included) by empty lines: code is not ad text."""
    visible: list[str] = []
    fence: str | None = None
    for text in lines:
        match = _FENCE_RE.match(text)
        if fence is None:
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
                visible.append("")
            else:
                visible.append(text)
            continue
        if (
            match
            and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence)
            and not match.group(2).strip()
        ):
            fence = None
        visible.append("")
    return visible


# "Machine learning requirements" is about ML, not about what the hire will learn.
_ML_LEARNING_RE = re.compile(
    r"(?:machine|deep|reinforcement|statistical|representation|federated|transfer|"
    r"(?:self-|semi-|un)?supervised|online|active|meta|ensemble|contrastive|few-shot|"
    r"zero-shot|multi-task)[\s-]+learn\w*",
    re.IGNORECASE,
)


def _classify_heading(text: str) -> str:
    """Requirements, optional (nice to have, taught, learned) or neutral, by its words."""
    words = " ".join(_ML_LEARNING_RE.sub(" ", text.lower().replace("\u2019", "'")).split())
    if any(word in words for word in OPTIONAL_HEADING_WORDS):
        return "optional"
    if any(word in words for word in REQUIREMENT_HEADING_WORDS):
        return "requirements"
    return "neutral"


def _indent(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _is_paragraph(text: str) -> bool:
    return bool(
        text.strip()
        and not _ATX_RE.match(text)
        and not _BULLET_RE.match(text)
        and not _THEMATIC_BREAK_RE.match(text)
    )


def _find_headings(lines: list[str]) -> tuple[dict[int, Heading], set[int]]:
    """Headings by 0-based line index, and the indexes of setext underlines."""
    headings: dict[int, Heading] = {}
    underlines: set[int] = set()
    for index, text in enumerate(lines):
        atx = _ATX_RE.match(text)
        setext = _SETEXT_RE.match(text)
        if atx:
            level, title = len(atx.group(1)), _CLOSING_HASHES_RE.sub("", atx.group(2))
        elif (
            setext
            and index > 0
            and index - 1 not in headings
            and index - 1 not in underlines
            and _is_paragraph(lines[index - 1])
        ):
            previous = lines[index - 1].strip()
            level = 1 if setext.group(1)[0] == "=" else 2
            headings[index - 1] = Heading(index, level, previous, _classify_heading(previous))
            underlines.add(index)
            continue
        elif bold := _BOLD_LINE_RE.match(text):
            level, title = _PSEUDO_LEVEL, bold.group(2).strip()
        elif (
            _is_paragraph(text)
            and not text[:1].isspace()  # an indented line ending in ":" continues a bullet
            and text.rstrip().endswith(":")
            and len(text.strip()) <= _MAX_COLON_HEADING
        ):
            level, title = _PSEUDO_LEVEL, text.strip().rstrip(":")
        else:
            continue
        title = _EMPHASIS_RE.sub("", title).strip().rstrip(":").rstrip()
        headings[index] = Heading(index + 1, level, title, _classify_heading(title))
    return headings, underlines


def _owner(stack: list[Heading]) -> Heading | None:
    """The requirements section a line belongs to, if any.

    The nearest heading that says something decides: an optional heading ("Nice to have")
    inside a requirements section takes its lines out of it. Requirements headings nested
    in one another form one section, owned by the outermost, so items are counted once.
    """
    owner: Heading | None = None
    for heading in reversed(stack):
        if heading.kind == "optional":
            break
        if heading.kind == "requirements":
            owner = heading
    return owner


def parse(markdown: str) -> Document:
    lines = _blank_code(_split_lines(markdown))
    headings, underlines = _find_headings(lines)
    sections: dict[int, Section] = {}
    stack: list[Heading] = []
    current: Item | None = None  # the open bullet, collecting continuation lines
    for index, text in enumerate(lines):
        if heading := headings.get(index):
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            stack.append(heading)
            current = None
            continue
        if index in underlines or not text.strip() or _THEMATIC_BREAK_RE.match(text):
            current = None
            continue
        owner = _owner(stack)
        if owner is None:
            current = None
            continue
        section = sections.setdefault(owner.line, Section(owner, []))
        bullet = _BULLET_RE.match(text)
        if bullet:
            content = (bullet.group(2) or "").strip()
            if not content:
                current = None
                continue
            current = Item(index + 1, content, _indent(bullet.group(1)), is_bullet=True)
            section.items.append(current)
        elif current is not None:
            # A wrapped bullet: its next line continues the same item.
            merged = Item(current.line, f"{current.text} {text.strip()}", current.indent, True)
            section.items[-1] = merged
            current = merged
        else:
            section.items.append(Item(index + 1, text.strip(), 0, is_bullet=False))
    prose = "\n".join(lines)
    starts = [0]
    for text in lines[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    return Document(prose, tuple(starts), tuple(sections.values()))


def count_items(bullets: list[Item]) -> int:
    """Top-level bullets; a group bullet ending in ":" counts its sub-bullets instead.

    Sub-bullets usually explain their parent ("Python" / "numpy, pandas"), so counting
    them would overstate the list; a "Technical:" group is a list in its own right.
    """
    if not bullets:
        return 0
    base = min(bullet.indent for bullet in bullets)
    count = 0
    index = 0
    while index < len(bullets):
        end = index + 1
        while end < len(bullets) and bullets[end].indent > base + 1:
            end += 1
        children = bullets[index + 1 : end]
        if children and _EMPHASIS_RE.sub("", bullets[index].text).rstrip().endswith(":"):
            child_base = min(child.indent for child in children)
            count += sum(1 for child in children if child.indent <= child_base + 1)
        else:
            count += 1
        index = end
    return count
