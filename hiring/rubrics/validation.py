"""The checks of each rubric file kind except roles (see ``role_validation``).

Each ``read_*`` turns one kind of file into rubric objects and records every problem it
finds (unknown references, out-of-range values, duplicate ids) instead of stopping at
the first. Pure: no Flask.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hiring.rubrics.parsing import Documents, LineDict, Reader, item_line
from hiring.rubrics.types import (
    TEAM_STAGES,
    AdText,
    Category,
    LintData,
    PipelineStages,
    Question,
    Ratio,
    RejectionReason,
    Round,
    SalaryLawData,
    Skill,
    Stage,
    TeamStage,
    TechnologyData,
    TimingStep,
    WordingData,
)

MIN_QUESTIONS_PER_SKILL = 3
WORDING_KINDS = ("vague", "exclusionary", "gendered")


def read_skills(documents: Documents) -> tuple[list[Category], list[Skill]]:
    """``skills.yaml``: the categories and the skills with their four-level scales."""
    reader, data = documents.document("skills.yaml")
    if data is None:
        return [], []
    categories = []
    for path, _line, item in reader.items(data, "categories", ""):
        categories.append(
            Category(id=reader.identifier(item, "id", path), name=reader.text(item, "name", path))
        )
    _duplicates(reader, [(c.id, 1) for c in categories], "categories", "category id")
    category_ids = {c.id for c in categories}
    skills = []
    seen: list[tuple[str, int]] = []
    for path, line, item in reader.items(data, "skills", ""):
        skill_id = reader.identifier(item, "id", path)
        category = reader.text(item, "category", path)
        if category and category not in category_ids:
            reader.problem(
                reader.line_of(item, "category"),
                f"{path}.category",
                f"unknown category {category!r}",
            )
        scale = _scale(reader, item, path)
        in_ad = _in_ad(reader, item, path)
        keywords = tuple(k.lower() for k in reader.strings(item, "keywords", path, required=False))
        seen.append((skill_id, line))
        skills.append(
            Skill(
                id=skill_id,
                name=reader.text(item, "name", path),
                category=category,
                description=reader.text(item, "description", path),
                keywords=keywords,
                scale=scale,
                in_ad=in_ad,
            )
        )
    _duplicates(reader, seen, "skills", "skill id")
    return categories, skills


def _scale(reader: Reader, item: LineDict, path: str) -> tuple[str, str, str, str]:
    scale = reader.get(item, "scale", path, dict, default=None)
    anchors = ["", "", "", ""]
    if scale is None:
        return ("", "", "", "")
    keys = set(scale)
    if keys != {1, 2, 3, 4}:
        reader.problem(
            reader.line_of(item, "scale"),
            f"{path}.scale",
            "must have exactly the levels 1, 2, 3 and 4"
            + (f" (found {', '.join(map(str, sorted(keys, key=str)))})" if keys else ""),
        )
    for level in (1, 2, 3, 4):
        if level in scale:
            value = scale[level]
            if not isinstance(value, str) or not value.strip():
                reader.problem(
                    reader.line_of(scale, level),
                    f"{path}.scale.{level}",
                    "must describe the level",
                )
            else:
                anchors[level - 1] = " ".join(value.split())
    return (anchors[0], anchors[1], anchors[2], anchors[3])


# Words that show a text was written to interviewers, not to the candidate reading an ad.
INTERVIEWER_WORDS = re.compile(
    r"\b(?:the candidate(?:'s)?|red flags?|probe[sd]?|probing|watch the|interviewers? should)\b",
    re.IGNORECASE,
)


def candidate_text(reader: Reader, item: LineDict, key: str, path: str, line: int) -> str:
    """A field written to candidates (a job ad's text): plain text that says "you"."""
    text = " ".join(reader.text(item, key, path, required=False).split())
    if text and (match := INTERVIEWER_WORDS.search(text)):
        reader.problem(
            line,
            f"{path}.{key}" if path else key,
            f"is written to the candidate; {match.group(0)!r} reads as a note to "
            'interviewers (say "you")',
        )
    return text


def _in_ad(reader: Reader, item: LineDict, path: str) -> tuple[tuple[int, str], ...]:
    """``in_ad``: text for every level ({2: ..., 3: ...}) or one text for all levels."""
    if "in_ad" not in item:
        return ()
    value = item["in_ad"]
    line = reader.line_of(item, "in_ad")
    if isinstance(value, str):
        text = candidate_text(reader, item, "in_ad", path, line)
        return tuple((level, text) for level in (1, 2, 3, 4)) if text else ()
    if not isinstance(value, dict) or not value:
        reader.problem(line, f"{path}.in_ad", "must be text, or a mapping of levels 1-4 to text")
        return ()
    texts = []
    for level in sorted(value, key=str):
        if level not in (1, 2, 3, 4):
            reader.problem(line, f"{path}.in_ad", f"levels are 1 to 4, not {level!r}")
            continue
        if not isinstance(value[level], str) or not value[level].strip():
            reader.problem(reader.line_of(value, level), f"{path}.in_ad.{level}", "must be text")
            continue
        text = candidate_text(reader, value, level, f"{path}.in_ad", reader.line_of(value, level))
        texts.append((level, text))
    return tuple(texts)


def read_rounds(documents: Documents, skill_ids: set[str]) -> list[Round]:
    """``rounds/*.yaml``: each round, its timing and its questions, checked against the
    skills; question ids are unique across all rounds."""
    rounds = []
    question_ids: list[tuple[str, str, int]] = []
    role_ids = {Path(name).stem for name in documents.names_under("roles/")}
    for name in documents.names_under("rounds/"):
        reader, data = documents.document(name)
        if data is None:
            continue
        round_id = reader.identifier(data, "id", "")
        expected = Path(name).stem
        if round_id and round_id != expected:
            reader.problem(
                reader.line_of(data, "id"), "id", f"must match the file name ({expected!r})"
            )
        technical = reader.get(data, "technical", "", bool, default=False)
        duration = reader.integer(data, "duration", "", 5, 480) or 0
        assesses = reader.strings(data, "assesses", "", min_items=1)
        for index, skill in enumerate(assesses):
            if skill not in skill_ids:
                reader.problem(
                    item_line(data.get("assesses"), index),
                    f"assesses[{index}]",
                    f"unknown skill {skill!r}",
                )
        timing = []
        for path, _line, item in reader.items(data, "timing", ""):
            minutes = reader.integer(item, "minutes", path, 1, 480) or 0
            timing.append(TimingStep(minutes=minutes, activity=reader.text(item, "activity", path)))
        if timing and duration and sum(step.minutes for step in timing) != duration:
            reader.problem(
                reader.line_of(data, "timing"),
                "timing",
                f"adds up to {sum(s.minutes for s in timing)} minutes, "
                f"but the round lasts {duration}",
            )
        questions = []
        for path, line, item in reader.items(data, "questions", ""):
            question_id = reader.identifier(item, "id", path)
            skill = reader.text(item, "skill", path)
            if skill and skill not in assesses:
                reader.problem(
                    reader.line_of(item, "skill"),
                    f"{path}.skill",
                    f"{skill!r} is not among the skills this round assesses",
                )
            question_ids.append((question_id, name, line))
            roles = reader.strings(item, "roles", path, required=False)
            for index, role in enumerate(roles):
                if role not in role_ids:
                    reader.problem(
                        item_line(item.get("roles"), index),
                        f"{path}.roles[{index}]",
                        f"unknown role family {role!r}",
                    )
            questions.append(
                Question(
                    id=question_id,
                    round=round_id,
                    skill=skill,
                    question=" ".join(reader.text(item, "question", path).split()),
                    follow_ups=reader.strings(item, "follow_ups", path, required=False),
                    strong=reader.strings(item, "strong", path, min_items=1),
                    weak=reader.strings(item, "weak", path, min_items=1),
                    red_flags=reader.strings(item, "red_flags", path, required=False),
                    retired=bool(reader.get(item, "retired", path, bool, required=False)),
                    roles=roles,
                )
            )
        if technical:
            counts = Counter(q.skill for q in questions if not q.retired)
            for skill in assesses:
                if skill in skill_ids and counts[skill] < MIN_QUESTIONS_PER_SKILL:
                    reader.problem(
                        reader.line_of(data, "questions"),
                        "questions",
                        f"a technical round needs at least {MIN_QUESTIONS_PER_SKILL} "
                        f"questions for each skill it assesses; {skill!r} has {counts[skill]}",
                    )
        rounds.append(
            Round(
                id=round_id,
                name=reader.text(data, "name", ""),
                technical=bool(technical),
                purpose=" ".join(reader.text(data, "purpose", "").split()),
                duration=duration,
                max_focus_skills=reader.integer(data, "max_focus_skills", "", 1, 10) or 3,
                interviewers=" ".join(reader.text(data, "interviewers", "").split()),
                timing=tuple(timing),
                assesses=assesses,
                questions=tuple(questions),
                for_candidates=candidate_text(
                    reader, data, "for_candidates", "", reader.line_of(data, "for_candidates")
                ),
            )
        )
    if not rounds:
        documents.reader("rounds/").problem(1, "(directory)", "has no round files")
    seen: dict[str, str] = {}
    for question_id, file, line in question_ids:
        if question_id in seen:
            documents.reader(file).problem(
                line,
                "questions",
                f"duplicate question id {question_id!r} (also in {seen[question_id]})",
            )
        elif question_id:
            seen[question_id] = file
    round_ids = [(r.id, 1) for r in rounds]
    _duplicates(documents.reader("rounds/"), round_ids, "id", "round id")
    return rounds


def read_stages(documents: Documents) -> PipelineStages:
    """``stages.yaml``: the pipeline stages, terminal stages and rejection reasons."""
    reader, data = documents.document("stages.yaml")
    if data is None:
        return PipelineStages((), (), ())

    def read_stages(key: str, *, targets: bool) -> list[Stage]:
        result = []
        for path, _line, item in reader.items(data, key, ""):
            target = reader.integer(item, "target_days", path, 1, 365, required=targets)
            pass_rate = reader.get(item, "pass_rate", path, (int, float), required=False)
            if pass_rate is not None and not 0 <= pass_rate <= 1:
                reader.problem(
                    reader.line_of(item, "pass_rate"),
                    f"{path}.pass_rate",
                    f"must be between 0 and 1, not {pass_rate}",
                )
                pass_rate = None
            result.append(
                Stage(
                    id=reader.identifier(item, "id", path),
                    name=reader.text(item, "name", path),
                    target_days=target,
                    pass_rate=None if pass_rate is None else float(pass_rate),
                )
            )
        return result

    stages = read_stages("stages", targets=True)
    terminal = read_stages("terminal", targets=False)
    reasons = [
        RejectionReason(
            id=reader.identifier(item, "id", path), name=reader.text(item, "name", path)
        )
        for path, _line, item in reader.items(data, "rejection_reasons", "")
    ]
    _duplicates(reader, [(s.id, 1) for s in stages + terminal], "stages", "stage id")
    _duplicates(reader, [(r.id, 1) for r in reasons], "rejection_reasons", "reason id")
    return PipelineStages(tuple(stages), tuple(terminal), tuple(reasons))


def read_teams(documents: Documents) -> tuple[list[TeamStage], list[Ratio]]:
    """``teams.yaml``: exactly the known team stages, and the staffing ratios."""
    reader, data = documents.document("teams.yaml")
    if data is None:
        return [], []
    stages = [
        TeamStage(
            id=reader.identifier(item, "id", path),
            name=reader.text(item, "name", path),
            description=" ".join(reader.text(item, "description", path).split()),
            hire_first=" ".join(reader.text(item, "hire_first", path).split()),
        )
        for path, _line, item in reader.items(data, "stages", "")
    ]
    found = [stage.id for stage in stages]
    if sorted(found) != sorted(TEAM_STAGES):
        reader.problem(
            reader.line_of(data, "stages"),
            "stages",
            f"must be exactly {', '.join(TEAM_STAGES)} (found {', '.join(found) or 'none'})",
        )
    ratios = (
        [
            Ratio(
                name=reader.text(item, "name", path),
                value=str(reader.get(item, "value", path, (str, int, float), default="")),
                why=" ".join(reader.text(item, "why", path).split()),
            )
            for path, _line, item in reader.items(data, "ratios", "")
        ]
        if "ratios" in data
        else []
    )
    return stages, ratios


def read_lint(documents: Documents) -> LintData:
    """``lint.yaml``: the wording, technology and salary-law lists the JD linter uses."""
    reader, data = documents.document("lint.yaml")
    if data is None:
        return LintData()

    def terms(item: LineDict, path: str) -> tuple[str, ...]:
        return tuple(t.lower() for t in reader.strings(item, "terms", path, min_items=1))

    wording = []
    for path, _line, item in reader.items(data, "wording", ""):
        kind = reader.choice(item, "kind", path, WORDING_KINDS)
        wording.append(WordingData(terms(item, path), kind, reader.text(item, "suggestion", path)))
    technologies = [
        TechnologyData(terms(item, path), reader.integer(item, "since", path, 1950, 2100) or 2100)
        for path, _line, item in reader.items(data, "technologies", "")
    ]
    laws = [
        SalaryLawData(terms(item, path), reader.text(item, "name", path))
        for path, _line, item in reader.items(data, "salary_range_required", "")
    ]
    length = None
    if "length" in data:
        bounds = reader.mapping(data["length"], "length", reader.line_of(data, "length"))
        if bounds is not None:
            low = reader.integer(bounds, "min_words", "length", 1, 10_000)
            high = reader.integer(bounds, "max_words", "length", 1, 10_000)
            if low is not None and high is not None:
                if low >= high:
                    reader.problem(bounds.line, "length", "min_words must be below max_words")
                else:
                    length = (low, high)
    return LintData(tuple(wording), tuple(technologies), tuple(laws), length)


def read_ads(documents: Documents) -> AdText:
    """``descriptions.yaml`` (optional): candidate-facing text every job ad shares."""
    if "descriptions.yaml" not in documents.parsed:
        return AdText()
    reader, data = documents.document("descriptions.yaml")
    if data is None:
        return AdText()
    return AdText(
        equal_opportunity=candidate_text(
            reader, data, "equal_opportunity", "", reader.line_of(data, "equal_opportunity")
        )
    )


def _duplicates(reader: Reader, ids: list[tuple[str, int]], field: str, what: str) -> None:
    counts = Counter(identifier for identifier, _ in ids if identifier)
    reported: set[str] = set()
    for identifier, line in ids:
        if counts[identifier] > 1 and identifier not in reported:
            reported.add(identifier)
            reader.problem(line, field, f"duplicate {what} {identifier!r}")
