"""An interview's calendar invite: the .ics file, and the email that carries it to
each interviewer when the interview is scheduled or cancelled.

The invite itself is the pure ``calendar`` module; the emailed and the downloaded
invite share one UID, so calendars update the event rather than duplicate it.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.interviews import calendar
from hiring.interviews.models import CANCELLED, Interview
from hiring.interviews.services import get_interview
from hiring.notifications import outbox
from hiring.notifications.mailer import Attachment


def kit_url(interview_id: int) -> str:
    """The kit's address: absolute in a request or with SERVER_NAME set, else the path."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for("interviews.kit", interview_id=interview_id, _external=True)
    return f"/interviews/{interview_id}/kit"


def _sender() -> str:
    return str(current_app.config.get("MAIL_DEFAULT_SENDER") or "hiring@localhost")


def _uid_domain() -> str:
    """A stable domain for event UIDs, so the emailed and the downloaded invite of one
    interview are the same calendar event: the sender address's domain."""
    return _sender().rpartition("@")[2].strip(" >") or "localhost"


def invite(actor: User, interview_id: int) -> bytes:
    """The interview's .ics file, for a scheduler or one of its interviewers."""
    interview = get_interview(actor, interview_id)
    return calendar.build_invite(invite_data(interview))


def invite_data(interview: Interview) -> calendar.Invite:
    cancelled = interview.status == CANCELLED
    organizer = (
        calendar.Person(interview.created_by.name, interview.created_by.email)
        if interview.created_by is not None
        else calendar.Person("Hiring", _sender())
    )
    return calendar.Invite(
        uid=f"interview-{interview.id}@{_uid_domain()}",
        starts_at=interview.starts_at,
        duration_minutes=interview.duration,
        time_zone=interview.time_zone,
        # A cancellation names nobody: it is all its interviewers keep of it.
        candidate_name="" if cancelled else interview.application.candidate.name,
        round_name=interview.round_name,
        job_title=interview.application.job.title,
        location="" if cancelled else interview.location,
        organizer=organizer,
        attendees=tuple(calendar.Person(u.name, u.email) for u in interview.interviewers),
        kit_url=kit_url(interview.id),
        stamp=utcnow(),
        sequence=interview.version - 1,
        cancelled=cancelled,
    )


def invite_email(interview: Interview, interviewer: User) -> tuple[str, str]:
    """Subject and body of the email that carries an interview's invite to one interviewer."""
    when = f"{interview.local_starts_at:%A %d %B %Y, %H:%M} ({interview.time_zone})"
    job = interview.application.job.title
    if interview.status == CANCELLED:
        # A notice only, like the calendar update it carries: nothing of the candidate.
        subject = f"Cancelled: {interview.round_name} interview on {when}"
        lines = [
            f"Hello {interviewer.name},",
            "",
            f"The {interview.round_name} interview for {job} on {when} has been "
            "cancelled. There is nothing to prepare and no scorecard to write for it. "
            "The attached update removes it from your calendar.",
        ]
    else:
        candidate = interview.application.candidate.name
        subject = f"Interview: {candidate}, {interview.round_name} on {when}"
        where = interview.location or "to be confirmed"
        lines = [
            f"Hello {interviewer.name},",
            "",
            f"You are interviewing {candidate} for {job}.",
            "",
            f"Round: {interview.round_name} ({interview.duration} minutes)",
            f"When: {when}",
            f"{'Join' if interview.is_video_link else 'Where'}: {where}",
            f"With: {', '.join(u.name for u in interview.interviewers)}",
            "",
            f"Your interview kit (focus skills, questions, what good answers sound like): "
            f"{kit_url(interview.id)}",
            "",
            "The calendar invite is attached.",
        ]
    return subject, "\n".join(lines) + "\n"


def queue_invites(interview: Interview) -> None:
    """One email per interviewer with the .ics attached, in the caller's transaction."""
    ics = calendar.build_invite(invite_data(interview)).decode("utf-8")
    method = "CANCEL" if interview.status == CANCELLED else "REQUEST"
    attachment = Attachment(
        filename=f"interview-{interview.id}.ics",
        content_type=f"text/calendar; method={method}",
        content=ics,
    )
    for person in interview.interviewers:
        subject, body = invite_email(interview, person)
        outbox.queue(
            person.email,
            subject,
            body,
            kind="interview_cancelled" if method == "CANCEL" else "interview_invite",
            dedupe_key=f"interview:{interview.id}:{interview.version}:{person.id}",
            attachments=(attachment,),
            candidate_id=interview.application.candidate_id,
            topic=interview.topic,
        )
