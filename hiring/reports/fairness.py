"""The adverse-impact report: selection rates per self-identified group, in aggregate.

For each self-identification question (gender, ethnicity, veteran and disability
status), each group's selection rate at every pipeline stage (the share of the group's
applications that reached the stage or went past it) and at the decision (the share
with a current hire decision). A rate under four-fifths of the highest group's rate at
that step is flagged. A group with fewer applications than the configured minimum is
shown only as "fewer than N": no counts, no rates, and it is never the highest group.
"Prefer not to say" and no answer are one row of their own, never flagged.

Complementary suppression: every question's groups add up to all the applications, and
the funnel report shows how many reached each stage, so a single hidden group's figures
are those totals minus the rows shown. Whenever hiding leaves one group hidden, hidden
groups adding up to fewer than the minimum, or hidden groups that all reached (or all
missed) a step some others did not, the next-smallest groups are hidden too
(``hidden_groups``); the report says which and why, never with a number.

One grouped query per question, whatever the number of applications.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import case, func, select

from hiring.candidates.models import CandidateSelfIdentification
from hiring.candidates.self_identification import PREFER_NOT, QUESTIONS
from hiring.evaluation.decisions import HIRE
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.jobs.models import Job
from hiring.pipeline.models import Application, StageChange
from hiring.pipeline.stages import Pipeline
from hiring.reports import sql
from hiring.reports.types import SHARE, TEXT, Chart, Column, Report, ReportFilter, Value, share

FOUR_FIFTHS = 0.8
UNANSWERED = ""
UNANSWERED_LABEL = "Prefer not to say or no answer"
DECISION_ID, DECISION_NAME = "hire_decision", "Hire decision"
UNDER_FOUR_FIFTHS = "Under four-fifths of the highest group"
EVERY_STEP = "Every step"


def _group_counts(pipeline: Pipeline, filters: ReportFilter, question: str) -> dict[str, list]:
    """Per group of one question: applications, then how many reached each stage, then
    how many have a current hire decision."""
    order = sql.stage_order(StageChange.to_stage, [s.id for s in pipeline.stages])
    furthest = (
        select(
            StageChange.application_id.label("application_id"),
            func.max(order).label("furthest"),
        )
        .group_by(StageChange.application_id)
        .subquery("adverse_furthest")
    )
    revision = HiringDecision.__table__.alias("revision")
    current = ~select(revision.c.id).where(revision.c.revises_id == HiringDecision.id).exists()
    hired = (
        select(HiringDecision.application_id.label("application_id"))
        .where(current, HiringDecision.outcome == HIRE)
        .group_by(HiringDecision.application_id)
        .subquery("adverse_hired")
    )
    answers = [key for key, _ in QUESTIONS[question][1] if key != PREFER_NOT[0]]
    answer = getattr(CandidateSelfIdentification, question)
    group = case((answer.in_(answers), answer), else_=UNANSWERED).label("answer")
    reached = [
        func.sum(case((furthest.c.furthest >= index, 1), else_=0))
        for index in range(len(pipeline.stages))
    ]
    statement = (
        select(
            group,
            func.count(Application.id),
            *reached,
            func.count(hired.c.application_id),
        )
        .select_from(Application)
        .join(Job, Job.id == Application.job_id)
        .outerjoin(
            CandidateSelfIdentification,
            CandidateSelfIdentification.candidate_id == Application.candidate_id,
        )
        .outerjoin(furthest, furthest.c.application_id == Application.id)
        .outerjoin(hired, hired.c.application_id == Application.id)
        .where(*sql.application_conditions(filters))
        .group_by(group)
    )
    return {row[0]: [int(value or 0) for value in row[1:]] for row in db.session.execute(statement)}


def _reveals(counts: dict[str, list[int]], hidden: set[str]) -> int | None:
    """The first step at which the hidden groups' summed figure (the step's total less
    the rows shown) says something about each of them: all reached it, or none did,
    while among the others some did and some did not. None when no step does."""
    applications = sum(counts[key][0] for key in hidden)
    for step in range(1, len(next(iter(counts.values())))):
        reached = sum(counts[key][step] for key in hidden)
        total = sum(values[step] for values in counts.values())
        everyone = sum(values[0] for values in counts.values())
        if (reached == 0 and total > 0) or (reached == applications and total < everyone):
            return step
    return None


def hidden_groups(counts: dict[str, list[int]], minimum: int) -> tuple[set[str], set[str]]:
    """The groups too small to show, and the groups hidden with them so that no small
    group's figures can be derived from the totals and the rows shown. ``counts`` maps
    each group with applications to [applications, reached step 1, step 2, ...]."""
    present = {key: values for key, values in counts.items() if values[0] > 0}
    small = {key for key, values in present.items() if values[0] < minimum}
    hidden = set(small)
    while hidden and len(hidden) < len(present):
        visible = sorted(
            (key for key in present if key not in hidden), key=lambda k: (present[k][0], k)
        )
        if len(hidden) < 2 or sum(present[key][0] for key in hidden) < minimum:
            hidden.add(visible[0])
            continue
        step = _reveals(present, hidden)
        if step is None:
            break
        reached = sum(present[key][step] for key in hidden)
        # The smallest group that changes what the hidden sum says, else the smallest.
        helps = [
            key
            for key in visible
            if (reached == 0 and present[key][step] > 0)
            or (reached > 0 and present[key][step] < present[key][0])
        ]
        hidden.add((helps or visible)[0])
    return small, hidden - small


def adverse_impact(pipeline: Pipeline, filters: ReportFilter, minimum: int) -> Report:
    steps = [(stage.id, stage.name) for stage in pipeline.stages] + [(DECISION_ID, DECISION_NAME)]
    too_few = f"Fewer than {minimum} applications: not shown"
    hidden_too = f"Not shown: fewer than {minimum} applications, or hidden with such a group"
    rows: list[dict[str, Value]] = []
    hidden_notes: list[str] = []
    for question, (title, choices) in QUESTIONS.items():
        counts = _group_counts(pipeline, filters, question)
        groups = [(key, label) for key, label in choices if key != PREFER_NOT[0]]
        groups.append((UNANSWERED, UNANSWERED_LABEL))
        small, also = hidden_groups(counts, minimum)
        shown = {key: values for key, values in counts.items() if key not in small | also}
        # Which hidden group is the small one stays unsaid: saying it would narrow
        # down its count (the others have at least the minimum).
        flag = too_few if not also else hidden_too
        if also:
            names = [label for key, label in groups if key in small | also]
            hidden_notes.append(
                f"{title}: {', '.join(names[:-1])} and {names[-1]} are not shown. At least "
                f"one has fewer than {minimum} applications; the others are hidden with it, "
                "so that its figures cannot be worked out from the totals (shown in the "
                "funnel report) and the rows shown here."
            )
        for step, (step_id, step_name) in enumerate(steps):
            rates = {key: share(values[step + 1], values[0]) for key, values in shown.items()}
            highest = max(
                (rate or 0.0 for key, rate in rates.items() if key != UNANSWERED), default=0.0
            )
            for key, label in groups:
                applications = counts.get(key, [0])[0]
                if not applications or (key not in shown and step):
                    continue
                base = {"dimension": title, "dimension_id": question, "group": label}
                if key not in shown:
                    rows.append(
                        base
                        | {
                            "step": EVERY_STEP,
                            "step_id": "",
                            "applications": None,
                            "selected": None,
                            "selection_rate": None,
                            "impact_ratio": None,
                            "flag": flag,
                            "label": f"{title}: {label}",
                        }
                    )
                    continue
                rate = rates[key]
                ratio = None
                if key != UNANSWERED and highest:
                    ratio = round((rate or 0.0) / highest, 4)
                flagged = ratio is not None and ratio < FOUR_FIFTHS
                rows.append(
                    base
                    | {
                        "step": step_name,
                        "step_id": step_id,
                        "applications": applications,
                        "selected": shown[key][step + 1],
                        "selection_rate": rate,
                        "impact_ratio": ratio,
                        "flag": UNDER_FOUR_FIFTHS if flagged else "",
                        "label": f"{title}: {label}",
                    }
                )
    return Report(
        name="adverse-impact",
        title="Adverse impact",
        description=(
            "Per self-identified group: the share of its applications that reached each "
            "stage and that were hired, and that rate against the highest group's. A rate "
            "under four-fifths of the highest is flagged. Answers are voluntary; groups "
            f"with fewer than {minimum} applications are not shown, nor, where needed, "
            "the next-smallest groups, so that no hidden group's figures can be worked out."
        ),
        columns=(
            Column("dimension", "Question", TEXT),
            Column("dimension_id", "Question id", TEXT),
            Column("group", "Group", TEXT),
            Column("step", "Step", TEXT),
            Column("step_id", "Step id", TEXT),
            Column("applications", "Applications"),
            Column("selected", "Reached the step"),
            Column("selection_rate", "Selection rate", SHARE),
            Column("impact_ratio", "Against the highest group", SHARE),
            Column("flag", "Flag", TEXT),
            Column("label", "Group and question", TEXT),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Hire decisions per application, per group",
            label_key="label",
            series=("selection_rate",),
            value_axis="Share of the group's applications hired",
            category_axis="Group",
        ),
        notes=(
            *hidden_notes,
            "The four-fifths rule is a screening signal, not a finding: look at the "
            "numbers behind a flag before drawing conclusions.",
        ),
    )


def chart_rows(report: Report) -> Report:
    """The report narrowed to what its chart draws: the decision step."""
    return replace(report, rows=tuple(r for r in report.rows if r["step_id"] == DECISION_ID))
