"""Search of the rubric browser: skills, role families and questions by words.

Every word of a query must start a word in one of an item's fields; whole words,
heavier fields and the query as a phrase rank higher. Results carry snippets split
into marked and unmarked segments for the template. Pure: no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from hiring.rubrics.types import SCALE_LABELS, Category, Question, RoleFamily, Round, Rubric, Skill

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_LENGTH = 220
MATCHES_SHOWN = 2

# A piece of a snippet and whether it matched a search term (the template marks it).
Segment = tuple[str, bool]


@dataclass(frozen=True)
class Field:
    label: str
    text: str
    weight: int


@dataclass(frozen=True)
class Match:
    label: str
    snippet: tuple[Segment, ...]


@dataclass(frozen=True)
class SkillHit:
    skill: Skill
    category: Category | None
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class RoleHit:
    role: RoleFamily
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class QuestionHit:
    question: Question
    round: Round
    skill: Skill | None
    # The question's text from its start, search terms marked.
    title: tuple[Segment, ...]
    # Where else it matched (follow-ups, signals, red flags).
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: tuple[str, ...]
    skills: tuple[SkillHit, ...] = ()
    roles: tuple[RoleHit, ...] = ()
    questions: tuple[QuestionHit, ...] = ()

    @property
    def total(self) -> int:
        return len(self.skills) + len(self.roles) + len(self.questions)


def search_terms(query: str) -> tuple[str, ...]:
    """Lower-cased words of the query, without surrounding punctuation, at most 8."""
    words = (word.strip("\"'.,;:!?()[]{}") for word in query[:MAX_QUERY_LENGTH].split())
    return tuple(dict.fromkeys(word.casefold() for word in words if word))[:MAX_TERMS]


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Marks the words the terms start: "eval" marks "evaluation", "ml" never "html"."""
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


@lru_cache(maxsize=256)
def _term_pattern(term: str, *, whole_word: bool = False) -> re.Pattern[str]:
    """The term at the start of a word (or as a whole word)."""
    end = r"(?!\w)" if whole_word else ""
    return re.compile(rf"(?<!\w){re.escape(term)}{end}", re.IGNORECASE)


def _term_score(term: str, text: str) -> int:
    """2 when the term is a whole word of the text, 1 when it only starts a word, else 0."""
    if _term_pattern(term, whole_word=True).search(text):
        return 2
    return 1 if _term_pattern(term).search(text) else 0


def _matches(fields: Iterable[Field], terms: tuple[str, ...]) -> bool:
    texts = [field.text for field in fields]
    return all(any(_term_pattern(term).search(text) for text in texts) for term in terms)


def skill_matches(skill: Skill, terms: tuple[str, ...]) -> bool:
    """Whether every term starts a word of the skill's name, keywords, description or
    anchors (the filter of the skills page)."""
    return _matches(_skill_fields(skill), terms)


def _snippet(
    text: str, pattern: re.Pattern[str], *, from_start: bool = False
) -> tuple[Segment, ...]:
    """An excerpt of ``text`` around the first match (or from its start), split into
    marked and unmarked segments."""
    first = None if from_start else pattern.search(text)
    start, end = 0, len(text)
    if len(text) > SNIPPET_LENGTH:
        centre = first.start() if first else 0
        start = max(0, centre - SNIPPET_LENGTH // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < centre else start
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > (first.end() if first else start) else end
    excerpt = text[start:end]
    segments: list[Segment] = [("…", False)] if start else []
    position = 0
    for found in pattern.finditer(excerpt):
        if found.start() > position:
            segments.append((excerpt[position : found.start()], False))
        segments.append((found.group(0), True))
        position = found.end()
    if position < len(excerpt):
        segments.append((excerpt[position:], False))
    if end < len(text):
        segments.append(("…", False))
    return tuple(segments)


def _score(
    fields: list[Field], terms: tuple[str, ...], *, shown: int = MATCHES_SHOWN
) -> tuple[int, tuple[Match, ...]] | None:
    """The item's score and up to ``shown`` of its matching fields to display, or None
    when a term matches none of its fields. A whole word scores twice a word start,
    and a field holding the query as a phrase scores double."""
    if not _matches(fields, terms):
        return None
    pattern = _pattern(terms)
    phrase = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, terms)), re.IGNORECASE)
    scored = []
    for index, field in enumerate(fields):
        points = {term: _term_score(term, field.text) for term in terms}
        found = frozenset(term for term, point in points.items() if point)
        if found:
            score = field.weight * sum(points.values())
            if len(terms) > 1 and phrase.search(field.text):
                score *= 2
            scored.append((score, -index, found, field))
    # Show the best fields, preferring one that shows a term not shown yet.
    chosen: list[Field] = []
    covered: set[str] = set()
    remaining = list(scored)
    while remaining and len(chosen) < shown:
        best = max(remaining, key=lambda item: (bool(item[2] - covered), item[0], item[1]))
        remaining.remove(best)
        chosen.append(best[3])
        covered |= best[2]
    matches = tuple(Match(field.label, _snippet(field.text, pattern)) for field in chosen)
    return sum(score for score, *_ in scored), matches


def _clean(text: str) -> str:
    return " ".join(text.split())


def _skill_fields(skill: Skill) -> list[Field]:
    return [
        Field("Name", skill.name, 10),
        Field("Keywords", ", ".join(skill.keywords), 6),
        Field("Description", _clean(skill.description), 3),
        *(
            Field(f"Level {level}: {SCALE_LABELS[level]}", _clean(skill.anchor(level)), 1)
            for level in range(1, 5)
        ),
    ]


def _role_fields(role: RoleFamily) -> list[Field]:
    return [
        Field("Name", role.name, 10),
        *(Field("Level title", level.title, 5) for level in role.levels),
        Field("Summary", _clean(role.summary), 3),
        *(Field("Responsibility", _clean(item), 2) for item in role.responsibilities),
    ]


def _question_fields(question: Question) -> list[Field]:
    return [
        Field("Question", _clean(question.question), 5),
        *(Field("Follow-up", _clean(text), 2) for text in question.follow_ups),
        *(Field("Strong signal", _clean(text), 2) for text in question.strong),
        *(Field("Weak signal", _clean(text), 2) for text in question.weak),
        *(Field("Red flag", _clean(text), 2) for text in question.red_flags),
    ]


def search(rubric: Rubric, query: str) -> SearchResults:
    """Skills, role families and questions where every word of the query appears
    (at the start of a word, in any of the item's fields), best matches first."""
    terms = search_terms(query)
    if not terms:
        return SearchResults(query.strip(), terms)

    skill_hits = []
    for skill in rubric.skills:
        result = _score(_skill_fields(skill), terms)
        if result:
            score, matches = result
            category = rubric.categories_by_id.get(skill.category)
            skill_hits.append((-score, skill.name.casefold(), SkillHit(skill, category, matches)))

    role_hits = []
    for role in rubric.roles:
        result = _score(_role_fields(role), terms)
        if result:
            score, matches = result
            role_hits.append((-score, role.name.casefold(), RoleHit(role, matches)))

    question_hits = []
    pattern = _pattern(terms)
    for round_ in rubric.rounds:
        for question in round_.questions:
            result = _score(_question_fields(question), terms, shown=MATCHES_SHOWN + 1)
            if result:
                score, matches = result
                skill = rubric.skills_by_id.get(question.skill)
                title = _snippet(_clean(question.question), pattern, from_start=True)
                others = tuple(m for m in matches if m.label != "Question")[:MATCHES_SHOWN]
                hit = QuestionHit(question, round_, skill, title, others)
                question_hits.append((question.retired, -score, question.id, hit))

    return SearchResults(
        query.strip(),
        terms,
        tuple(hit for *_, hit in sorted(skill_hits, key=lambda item: item[:2])),
        tuple(hit for *_, hit in sorted(role_hits, key=lambda item: item[:2])),
        tuple(hit for *_, hit in sorted(question_hits, key=lambda item: item[:3])),
    )
