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

# The members of a JSON Resume that are read (the API's schema declares the same):
# each section's one-line members, and "summary", multi-line. Others are ignored.
_PERIOD = ("startDate", "endDate")
READ: dict[str, tuple[str, ...]] = {
    "basics": ("name", "email", "phone", "url"),
    "basics.location": ("city", "region", "countryCode"),
    "basics.profiles": ("network", "username", "url"),
    "work": ("name", "company", "position", *_PERIOD),
    "work.highlights": (),
    "education": ("institution", "area", "studyType", *_PERIOD),
    "skills": ("name", "level"),
    "skills.keywords": (),
}
SUMMARIES = ("basics", "work")


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


def _items(document: Mapping[str, Any], section: str) -> Iterator[tuple[str, Any]]:
    """(where, value) of each object of ``section`` ("work", "basics.location"...)."""
    head, _, member = section.partition(".")
    if head == "basics":
        basics = document.get("basics")
        if not isinstance(basics, Mapping):
            return
        if not member:
            yield "basics", basics
        elif isinstance(basics.get(member), Mapping):
            yield section, basics[member]
        else:
            for index, item in enumerate(_dicts(basics.get(member))):
                yield f"{section}[{index}]", item
        return
    for index, item in enumerate(_dicts(document.get(head))):
        if not member:
            yield f"{head}[{index}]", item
        elif isinstance(item.get(member), list):
            for position, value in enumerate(item[member]):
                yield f"{head}[{index}].{member}[{position}]", value


def character_problems(document: Mapping[str, Any]) -> list[str]:
    """The members read that break ``hiring.input_rules`` (the API's rules) once
    cleaned as they are stored: control or text-direction characters in a one-line
    member, NUL in a summary."""
    problems = []
    for section, members in READ.items():
        for where, item in _items(document, section):
            values = (
                [(where, item)]
                if not members
                else [(f"{where}.{name}", item.get(name)) for name in members]
            )
            if section in SUMMARIES:
                summary = item.get("summary")
                if isinstance(summary, str) and not is_text(summary):
                    problems.append(f"{where}.summary holds a NUL character.")
            for path, value in values:
                # As stored: runs of whitespace (newlines, tabs) become one space.
                if isinstance(value, str) and not is_line(_text(value)):
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
