"""Scheduling interviews in the browser, "My interviews", pinned kits and .ics invites."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from hiring import policy, submissions
from hiring.domain import Conflict, ValidationFailed
from hiring.input_rules import as_id
from hiring.interviews import invites, scheduling, services
from hiring.interviews.forms import CancelForm, ScheduleForm
from hiring.policy import Action
from hiring.time_zones import viewer_zone, zone_label
from hiring.web import attach_errors, permission_required

interviews = Blueprint("interviews", __name__)


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _render_schedule(application_id: int, form: ScheduleForm, status: int = 200):
    choices = scheduling.scheduling_choices(_actor(), application_id)
    form.loop_round_id.choices = [SelectChoice("", "Choose a round")] + [
        SelectChoice(
            str(item.loop_round.id),
            f"{item.loop_round.name} ({item.loop_round.duration} min)",
        )
        for item in choices.rounds
    ]
    assigned: dict[int, list[str]] = {}
    for item in choices.rounds:
        for link in item.loop_round.interviewer_links:
            assigned.setdefault(link.user_id, []).append(item.loop_round.name)
    zone = form.time_zone.data or ""
    if zone and zone not in scheduling.COMMON_TIME_ZONES:
        # The viewer's own zone as the default, or a refused one kept beside its message.
        form.time_zone.choices = [SelectChoice(zone, zone_label(zone)), *form.time_zone.choices]
    form.interviewer_ids.choices = [
        SelectChoice(
            str(user.id),
            user.name
            + (f" (assigned: {', '.join(assigned[user.id])})" if user.id in assigned else ""),
        )
        for user in choices.interviewers
    ]
    return render_template(
        "interviews/schedule.html",
        form=form,
        choices=choices,
        application=choices.application,
        cancel_forms={
            i.id: CancelForm(formdata=None, version=i.version) for i in choices.scheduled
        },
    ), status


@interviews.route("/applications/<int:application_id>/interviews/new", methods=["GET", "POST"])
@permission_required(Action.SCHEDULE_INTERVIEWS)
def schedule(application_id: int) -> ResponseReturnValue:
    form = ScheduleForm()
    if request.method == "GET":
        form.time_zone.data = viewer_zone().key
        form.submission_token.data = submissions.new_token()
        round_id = request.args.get("round", "")
        if as_id(round_id):
            form.loop_round_id.data = round_id
        return _render_schedule(application_id, form)
    if form.validate_on_submit():
        round_id = form.loop_round_id.data or ""
        data = scheduling.InterviewInput(
            loop_round_id=as_id(round_id),
            date=form.date.data or "",
            time=form.time.data or "",
            time_zone=form.time_zone.data or "",
            duration=form.duration.data,
            interviewer_ids=tuple(i for i in map(as_id, form.interviewer_ids.data or []) if i),
            location=form.location.data or "",
        )
        back = url_for("interviews.schedule", application_id=application_id)
        try:
            outcome = submissions.submit_once(
                _actor().id,
                f"interview:{application_id}",
                form.submission_token.data,
                lambda keep: scheduling.schedule(
                    _actor(), application_id, data, before_commit=keep
                ),
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        except Conflict as exc:  # the same application, round and time, from another page
            flash(exc.message, "info")
            return redirect(back)
        else:
            interview = outcome.created
            if interview is None:
                flash(
                    "This interview was already scheduled; nothing new was scheduled and "
                    "no second invite was sent.",
                    "info",
                )
            else:
                flash(
                    f"Scheduled {interview.round_name} with "
                    f"{interview.application.candidate.name} on "
                    f"{interview.local_starts_at:%Y-%m-%d at %H:%M} ({interview.time_zone}).",
                    "success",
                )
            return redirect(back)
        # A refused submit keeps its token: fixed and sent again, it still schedules once.
    return _render_schedule(application_id, form, 422)


@interviews.post("/interviews/<int:interview_id>/cancel")
@permission_required(Action.SCHEDULE_INTERVIEWS)
def cancel(interview_id: int) -> ResponseReturnValue:
    interview = services.get_interview(_actor(), interview_id)
    back = url_for("interviews.schedule", application_id=interview.application_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash("The form was incomplete; reload the page and try again.", "danger")
        return redirect(back)
    try:
        scheduling.cancel(_actor(), interview_id, expected_version=form.version.data)
    except Conflict as exc:
        flash(exc.message, "danger")
        return redirect(back)
    flash("Interview cancelled.", "success")
    return redirect(back)


@interviews.get("/interviews/mine")
@permission_required(Action.VIEW_MY_INTERVIEWS)
def mine() -> ResponseReturnValue:
    return render_template("interviews/mine.html", mine=services.interviews_of(_actor()))


@interviews.get("/interviews/<int:interview_id>/kit")
@login_required  # the service asks policy: interviewers see only their own interviews
def kit(interview_id: int) -> ResponseReturnValue:
    found = services.kit_or_notice(_actor(), interview_id)
    if isinstance(found, services.CancellationNotice):
        return render_template("interviews/cancelled.html", notice=found)
    return render_template(
        "interviews/kit.html",
        kit=found,
        interview=found.interview,
        can_schedule=policy.can(_actor(), Action.SCHEDULE_INTERVIEWS),
    )


@interviews.get("/interviews/<int:interview_id>.ics")
@login_required
def invite(interview_id: int) -> ResponseReturnValue:
    data = invites.invite(_actor(), interview_id)
    return Response(
        data,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="interview-{interview_id}.ics"'},
    )


__all__ = ["interviews"]
