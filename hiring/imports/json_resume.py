"""Reading a JSON Resume document into a candidate (pure).

Work, education and skills become plain resume text, so search covers them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from hiring.imports.rows import ImportedCandidate, candidate_problems
from hiring.imports.tables import UploadRefused
from hiring.input_rules import MAX_JSON_DEPTH, JSONTooDeep, is_line, is_text, loads_json

# The parts of a JSON Resume that are read; other members are ignored.
SECTIONS = ("basics", "work", "education", "skills")
# Members holding multi-line text; every other string read is one line.
MULTI_LINE = frozenset({"summary"})


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _period(item: Mapping[str, Any]) -> str:
    start, end = _text(item.get("startDate")), _text(item.get("endDate"))
    if start and end:
        return f" ({start} to {end})"
    if start:
        return f" ({start} to present)"
    return f" (until {end})" if end else ""


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def resume_text_of(document: Mapping[str, Any]) -> str:
    """Work, education and skills of a JSON Resume, as plain readable text."""
    sections = []
    basics = document.get("basics") if isinstance(document.get("basics"), Mapping) else {}
    summary = basics.get("summary") if isinstance(basics, Mapping) else None
    if isinstance(summary, str) and summary.strip():
        sections.append("Summary\n" + summary.strip())
    work_lines = []
    for job in _dicts(document.get("work")):
        position = _text(job.get("position"))
        company = _text(job.get("name") or job.get("company"))
        title = ", ".join(part for part in (position, company) if part) or "Work"
        work_lines.append(f"- {title}{_period(job)}")
        if _text(job.get("summary")):
            work_lines.append(f"  {job['summary'].strip()}")
        for highlight in job.get("highlights") or []:
            if _text(highlight):
                work_lines.append(f"  * {_text(highlight)}")
    if work_lines:
        sections.append("Work\n" + "\n".join(work_lines))
    education_lines = []
    for school in _dicts(document.get("education")):
        degree = " ".join(
            p for p in (_text(school.get("studyType")), _text(school.get("area"))) if p
        )
        institution = _text(school.get("institution"))
        title = ", ".join(part for part in (degree, institution) if part) or "Education"
        education_lines.append(f"- {title}{_period(school)}")
    if education_lines:
        sections.append("Education\n" + "\n".join(education_lines))
    skill_lines = []
    for skill in _dicts(document.get("skills")):
        name = _text(skill.get("name"))
        keywords = ", ".join(_text(k) for k in skill.get("keywords") or [] if _text(k))
        level = _text(skill.get("level"))
        line = name + (f" ({level})" if level else "") + (f": {keywords}" if keywords else "")
        if line.strip():
            skill_lines.append(f"- {line.strip(': ')}")
    if skill_lines:
        sections.append("Skills\n" + "\n".join(skill_lines))
    return "\n\n".join(sections)


def _strings(value: Any, path: str, key: str = "") -> Iterator[tuple[str, str, str]]:
    """Every string under ``value``: (where, member name, the string)."""
    if isinstance(value, str):
        yield path, key, value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from _strings(item, f"{path}.{name}", str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]", key)


def character_problems(document: Mapping[str, Any]) -> list[str]:
    """The members read that break ``hiring.input_rules`` (the API's rules): control
    or bidirectional characters in a line, NUL in a summary."""
    problems = []
    for section in SECTIONS:
        for path, key, text in _strings(document.get(section), section):
            if key in MULTI_LINE and not is_text(text):
                problems.append(f"{path} holds a NUL character.")
            elif key not in MULTI_LINE and not is_line(text):
                problems.append(f"{path} holds control or text-direction characters.")
    return problems


def parse_json_resume(text: str, source: str = "inbound") -> ImportedCandidate:
    """The candidate a JSON Resume describes; ``UploadRefused`` says what is wrong."""
    try:
        document = loads_json(text)
    except JSONTooDeep as exc:
        raise UploadRefused(
            f"The file is not a JSON Resume: it nests deeper than {MAX_JSON_DEPTH} levels."
        ) from exc
    except json.JSONDecodeError as exc:
        raise UploadRefused(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    if not isinstance(document, Mapping) or not isinstance(document.get("basics"), Mapping):
        raise UploadRefused(
            "This is not a JSON Resume: it needs a 'basics' object with at least a name and "
            "an email (see jsonresume.org/schema)."
        )
    refused = character_problems(document)
    if refused:
        raise UploadRefused(
            "The JSON Resume cannot be imported: "
            + " ".join(refused[:5])
            + (f" (and {len(refused) - 5} more)" if len(refused) > 5 else "")
        )
    basics = document["basics"]
    location = basics.get("location") if isinstance(basics.get("location"), Mapping) else {}
    place = ", ".join(
        _text(location.get(key))
        for key in ("city", "region", "countryCode")
        if _text(location.get(key))
    )
    links = [_text(basics.get("url"))] + [
        _text(p.get("url")) for p in _dicts(basics.get("profiles"))
    ]
    candidate = ImportedCandidate(
        name=_text(basics.get("name")),
        email=_text(basics.get("email")).lower(),
        phone=_text(basics.get("phone")),
        location=place,
        links=tuple(dict.fromkeys(link for link in links if link)),
        source=source,
        resume_text=resume_text_of(document),
    )
    problems = candidate_problems(candidate)
    if problems:
        raise UploadRefused("The JSON Resume cannot be imported: " + " ".join(problems))
    return candidate
