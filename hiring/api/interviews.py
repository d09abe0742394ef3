"""/api/v1/interviews: schedule interviews, list them, read one, download its invite.

Scheduling follows the schedule form's rules (``hiring.interviews.scheduling``): a round of
the job's loop, a future date and time in an IANA time zone (stored in UTC; a time
skipped by a clock change is refused), active interviewers (by default the round's) and
a room or video link. The interview pins the round's definition as it was. Schedulers
(admins, hiring managers, recruiters) see every interview; interviewers only the
interviews they are on.
"""

from __future__ import annotations

import http
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import marshmallow as ma
from flask import Response, jsonify, request, url_for
from flask.views import MethodView
from sqlalchemy.exc import IntegrityError

from hiring import time_zones
from hiring.api import fields, idempotency
from hiring.api.applications import JobRefSchema, PersonSchema
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import choice, doc, line, reference
from hiring.api.schemas import MAX_INT
from hiring.domain import DomainError, NotFound, ValidationFailed
from hiring.interviews import invites, scheduling
from hiring.interviews import services as interviews
from hiring.interviews.models import INTERVIEW_STATUSES, Interview
from hiring.policy import Action

blp = resource("api-interviews", "/interviews", "Interviews: scheduling, lists and invites")

INTERVIEW_URL = fields.id_url("interview_id")
INTERVIEW_ID_DOC = [fields.id_parameter("interview_id", "The interview's id")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
# Every zone the scheduling service accepts, so the document lists exactly those.
TIME_ZONES = time_zones.TIME_ZONE_NAMES
# Days an interview can be planned on; outside them the UTC conversion has no meaning.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2199, 12, 31)
CLOCK = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = r"^[0-9]{1,16}-[0-9]{1,10}$"


# --- answers ---------------------------------------------------------------------------


NOTICE_ONLY = "; null in an interviewer's cancellation notice"


class InterviewSchema(ma.Schema):
    class Meta:
        description = (
            "One interview. Once it is cancelled, its interviewers get only a "
            "cancellation notice in the same shape: `status` cancelled, `application_id`, "
            "`candidate` and `loop_round_id` null, `location` empty. Admins, hiring "
            "managers and recruiters keep the whole record."
        )

    id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("The application" + NOTICE_ONLY)
    )
    candidate = ma.fields.Nested(
        PersonSchema,
        required=True,
        allow_none=True,
        metadata=doc("Who is interviewed" + NOTICE_ONLY),
    )
    job = ma.fields.Nested(JobRefSchema, required=True)
    loop_round_id = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata=doc("The loop round; null once it was dropped" + NOTICE_ONLY),
    )
    round_name = ma.fields.String(
        required=True,
        metadata=doc("The round as pinned when scheduled (a later loop change never rewrites it)"),
    )
    status = choice(INTERVIEW_STATUSES, "Scheduled, or cancelled", required=True)
    starts_at = ma.fields.DateTime(required=True, metadata=doc("In UTC"))
    ends_at = ma.fields.DateTime(required=True, metadata=doc("In UTC"))
    local_start = ma.fields.DateTime(
        required=True, metadata=doc("The start in the interview's time zone, with its offset")
    )
    time_zone = ma.fields.String(required=True, metadata=doc("IANA name it was planned in"))
    duration = ma.fields.Integer(required=True, metadata=doc("Minutes"))
    location = ma.fields.String(
        required=True,
        metadata=doc("A room, a video link, or empty (always in a cancellation notice)"),
    )
    is_video_link = ma.fields.Boolean(required=True)
    interviewers = ma.fields.List(ma.fields.Nested(PersonSchema), required=True)
    ics_url = ma.fields.String(
        required=True, metadata=doc("Its iCalendar invite (with a token)", format="uri")
    )
    created_at = ma.fields.DateTime(required=True)
    version = ma.fields.Integer(required=True, metadata=doc("Changes on every change"))


class InterviewListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(InterviewSchema), required=True)
    next_cursor = fields.next_cursor()


# --- what the API accepts --------------------------------------------------------------


def _day(description: str, **options: Any) -> ma.fields.Date:
    return ma.fields.Date(
        validate=ma.validate.Range(FIRST_DAY, LAST_DAY),
        metadata=doc(f"{description} (from {FIRST_DAY} to {LAST_DAY})"),
        **options,
    )


class InterviewListQuerySchema(ma.Schema):
    application_id = reference("Only interviews of this application", in_query=True)
    starts_from = ma.fields.Date(
        data_key="from", metadata=doc("Only interviews starting on this day (UTC) or later")
    )
    starts_to = ma.fields.Date(
        data_key="to", metadata=doc("Only interviews starting on this day (UTC) or earlier")
    )
    cursor = ma.fields.String(
        validate=ma.validate.Regexp(CURSOR, error=fields.CURSOR_MESSAGE),
        metadata=doc("Opaque: the `next_cursor` of the previous page, passed back unchanged"),
    )
    limit = fields.limit("Interviews")


class IdempotencyHeaderSchema(ma.Schema):
    idempotency_key = idempotency.key_field("scheduling a second interview")


class InterviewCreateSchema(ma.Schema):
    application_id = reference(
        "An application still active in the pipeline", required=True, metadata={"example": 1}
    )
    loop_round_id = reference(
        "A round of the interview loop of the application's job",
        required=True,
        metadata={"example": 1},
    )
    date = _day("The day, in `time_zone`; with `time`, in the future", required=True)
    time = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(CLOCK, error="Enter the time as HH:MM (24-hour clock)."),
        metadata=doc("Start, HH:MM on a 24-hour clock, in `time_zone`", example="10:00"),
    )
    time_zone = choice(
        TIME_ZONES,
        "IANA time zone of `date` and `time`",
        required=True,
        metadata={"example": "Europe/Berlin"},
    )
    duration = ma.fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=ma.validate.Range(scheduling.MIN_DURATION, scheduling.MAX_DURATION),
        metadata=doc("Minutes; null or absent for the round's duration"),
    )
    interviewer_ids = ma.fields.List(
        reference("An active user with the interviewer role"),
        validate=ma.validate.Length(max=10),
        load_default=list,
        metadata=doc("Who interviews; empty or absent for the round's assigned interviewers"),
    )
    location = line(
        "A room, or a video link starting with https://; may be empty",
        max_length=scheduling.MAX_LOCATION,
        load_default="",
        metadata={"example": "https://meet.example.com/ada"},
    )


# --- answers ---------------------------------------------------------------------------


def interview_body(interview: Interview | interviews.CancellationNotice) -> dict[str, Any]:
    """The interview as InterviewSchema describes it; loaded with its application,
    candidate, job and interviewers. A cancellation notice names no candidate."""
    if isinstance(interview, interviews.CancellationNotice):
        return notice_body(interview)
    application = interview.application
    return {
        "id": interview.id,
        "application_id": application.id,
        "candidate": {"id": application.candidate.id, "name": application.candidate.name},
        "job": {"id": application.job.id, "title": application.job.title},
        "loop_round_id": interview.loop_round_id,
        "round_name": interview.round_name,
        "status": interview.status,
        "starts_at": interview.starts_at,
        "ends_at": interview.ends_at,
        "local_start": interview.local_starts_at,
        "time_zone": interview.time_zone,
        "duration": interview.duration,
        "location": interview.location,
        "is_video_link": interview.is_video_link,
        "interviewers": [{"id": user.id, "name": user.name} for user in interview.interviewers],
        "ics_url": url_for(
            f"{blp.name}.InterviewInvite", interview_id=interview.id, _external=True
        ),
        "created_at": interview.created_at,
        "version": interview.version,
    }


def notice_body(notice: interviews.CancellationNotice) -> dict[str, Any]:
    """A cancelled interview as its interviewers see it, in InterviewSchema's shape."""
    return {
        "id": notice.id,
        "application_id": None,
        "candidate": None,
        "job": {"id": notice.job_id, "title": notice.job_title},
        "loop_round_id": None,
        "round_name": notice.round_name,
        "status": notice.status,
        "starts_at": notice.starts_at,
        "ends_at": notice.ends_at,
        "local_start": notice.local_starts_at,
        "time_zone": notice.time_zone,
        "duration": notice.duration,
        "location": "",
        "is_video_link": False,
        "interviewers": [{"id": user.id, "name": user.name} for user in notice.interviewers],
        "ics_url": url_for(f"{blp.name}.InterviewInvite", interview_id=notice.id, _external=True),
        "created_at": notice.created_at,
        "version": notice.version,
    }


def cursor_of(interview: Interview | interviews.CancellationNotice) -> str:
    micros = (interview.starts_at - EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{interview.id}"


def position_of(cursor: str) -> tuple[datetime, int]:
    micros, _, interview_id = cursor.partition("-")
    # No id is above MAX_INT (PostgreSQL's integer): after it means after every id.
    return EPOCH + timedelta(microseconds=int(micros)), min(int(interview_id), MAX_INT)


def _filters(args: dict[str, Any]) -> interviews.InterviewFilter:
    first: date | None = args.get("starts_from")
    last: date | None = args.get("starts_to")
    return interviews.InterviewFilter(
        application_id=args.get("application_id"),
        starts_from=datetime.combine(first, time.min, UTC) if first is not None else None,
        starts_before=datetime.combine(last + timedelta(days=1), time.min, UTC)
        if last is not None and last < date.max
        else None,
    )


# --- endpoints -------------------------------------------------------------------------


CREATED_HEADERS = {
    "Location": {
        "description": "The URL of the new interview",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with "
        "the same Idempotency-Key; absent otherwise",
        "schema": {"type": "string", "enum": ["true"]},
    },
}
CREATED = http.HTTPStatus.CREATED
# Keys are per user across endpoints; this endpoint's requests name it in the fingerprint.
IDEMPOTENCY_SCOPE = "POST /api/v1/interviews"


@blp.route("")
class InterviewList(MethodView):
    @requires_token(blp)  # everyone may list: the service narrows interviewers to theirs
    @blp.arguments(InterviewListQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, InterviewListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Interviews, soonest first, one page at a time (cursor pagination).

        Admins, hiring managers and recruiters see every interview; interviewers only
        the ones they are on, a cancelled one as its cancellation notice (no candidate,
        application or location; filtering by `application_id` leaves it out). `from`
        and `to` are days in UTC, both included. Follow
        `next_cursor` until it is null; interviews scheduled meanwhile never make one
        repeat or go missing.
        """
        after = position_of(args["cursor"]) if "cursor" in args else None
        page = interviews.list_interviews_after(api_user(), _filters(args), after, args["limit"])
        return {
            "items": [interview_body(interview) for interview in page.interviews],
            "next_cursor": cursor_of(page.interviews[-1]) if page.has_more else None,
        }

    @requires_token(blp)
    @requires_permission(Action.SCHEDULE_INTERVIEWS)
    @blp.arguments(IdempotencyHeaderSchema, location="headers", unknown=ma.EXCLUDE)
    @blp.arguments(
        InterviewCreateSchema,
        example={
            "application_id": 1,
            "loop_round_id": 1,
            "date": "2031-03-04",
            "time": "10:00",
            "time_zone": "Europe/Berlin",
            "location": "https://meet.example.com/ada",
        },
    )
    @blp.response(201, InterviewSchema, headers=CREATED_HEADERS)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def post(self, headers: dict[str, Any], data: dict[str, Any]) -> Response:
        """Schedule an interview for an application and a round of its job's loop.

        It pins the round's definition and questions, and each interviewer is emailed
        the invite. Rules the schema cannot state are 422 with the field at fault: an
        application no longer active, a round of another job, a time in the past or
        skipped by a clock change, interviewers who are not active interviewers, a
        round without interviewers when none are given. Interviewers may not schedule.
        The same application, round and start time as an interview not cancelled is
        409 and schedules nothing.
        With an `Idempotency-Key`, a retry answers the first 201 again with
        `Idempotent-Replayed: true` and schedules nothing and emails nobody, even when
        two arrive at once; a refused request (422) is not kept, so it can be fixed and
        sent again with the same key.
        """
        actor = api_user()
        # Kept apart: a failed commit expires the actor, and the replay still needs it.
        user_id = actor.id
        key = headers.get("idempotency_key")
        request_fingerprint = idempotency.fingerprint(request.get_json(), scope=IDEMPOTENCY_SCOPE)
        if key is not None:
            earlier = idempotency.stored_response(user_id, key, request_fingerprint)
            if earlier is not None:
                return _created(earlier.status, earlier.body, replayed=True)
        answer: dict[str, Any] = {}

        def keep(interview: Interview) -> None:
            answer.update(InterviewSchema().dump(interview_body(interview)))
            if key is not None:
                idempotency.remember(user_id, key, request_fingerprint, CREATED, answer)

        try:
            scheduling.schedule(
                actor,
                data["application_id"],
                scheduling.InterviewInput(
                    loop_round_id=data["loop_round_id"],
                    date=data["date"].isoformat(),
                    time=data["time"],
                    time_zone=data["time_zone"],
                    duration=data["duration"],
                    interviewer_ids=tuple(data["interviewer_ids"]),
                    location=data["location"],
                ),
                before_commit=keep,
            )
        except (DomainError, IntegrityError) as exc:
            if key is not None:
                # A request with the same key may have won a race: answer what it did.
                earlier = idempotency.replay_after_failure(user_id, key, request_fingerprint)
                if earlier is not None:
                    return _created(earlier.status, earlier.body, replayed=True)
            if isinstance(exc, NotFound):
                raise ValidationFailed({"application_id": [exc.message]}) from exc
            # Only a concurrent request with the same key breaks the key's unique
            # constraint, and its answer was replayed above.
            raise
        return _created(CREATED, answer)


def _created(status: int, body: dict[str, Any], *, replayed: bool = False) -> Response:
    """The answer to POST, built once and replayed as it was (same status and body)."""
    response = jsonify(body)
    response.status_code = status
    response.headers["Location"] = url_for(
        f"{blp.name}.InterviewDetail", interview_id=body["id"], _external=True
    )
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@blp.route(INTERVIEW_URL, parameters=INTERVIEW_ID_DOC)
class InterviewDetail(MethodView):
    @requires_token(blp)
    @blp.response(200, InterviewSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, interview_id: int) -> dict[str, Any]:
        """One interview; interviewers may read only the interviews they are on (403),
        and a cancelled one only as its cancellation notice (no candidate, application
        or location)."""
        return interview_body(interviews.interview_or_notice(api_user(), interview_id))


ICS_RESPONSE = {
    "description": "The iCalendar file, as an attachment",
    "content": {"text/calendar": {"schema": {"type": "string"}}},
}


@blp.route(f"{INTERVIEW_URL}/invite.ics", parameters=INTERVIEW_ID_DOC)
class InterviewInvite(MethodView):
    @requires_token(blp)
    @blp.doc(responses={"200": ICS_RESPONSE})
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, interview_id: int) -> Response:
        """The interview's iCalendar invite (with its time zone), as emailed to the
        interviewers; a cancelled interview's invite cancels the event (`METHOD:CANCEL`,
        the same UID, a higher SEQUENCE) and names neither the candidate nor the place."""
        data = invites.invite(api_user(), interview_id)
        return Response(
            data,
            mimetype="text/calendar",
            headers={"Content-Disposition": f'attachment; filename="interview-{interview_id}.ics"'},
        )
