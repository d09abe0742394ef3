"""/api/v1/candidates: list, add, read, edit and erase candidates; import a JSON Resume.

The same services as the candidate pages do the work: an email is on file once
(stored lowercased), the same name and phone needs a confirmation, Markdown notes are
sanitised when saved. Adding accepts an ``Idempotency-Key`` so a client may retry
safely (``hiring.api.idempotency``). DELETE erases the candidate's personal data as the
admin privacy page does; the anonymous record stays, so reports keep their counts, and
reads answer it as erased. An erased candidate is read-only: PATCH and DELETE are 409.
"""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask import Response, jsonify, request, url_for
from flask.views import MethodView

from hiring.api import fields, idempotency
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.candidate_schemas import (
    JSON_RESUME_EXAMPLE,
    CandidateCreateSchema,
    CandidateListQuerySchema,
    CandidateListSchema,
    CandidatePatchSchema,
    CandidateSchema,
    IdempotencyHeaderSchema,
    ImportQuerySchema,
    ImportReportSchema,
    JsonResumeSchema,
    candidate_body,
    summary_body,
)
from hiring.api.schemas import problem_with
from hiring.candidates import resume_services, rules, services
from hiring.candidates.models import Candidate
from hiring.domain import Conflict, DomainError, ValidationFailed
from hiring.imports import rows
from hiring.imports import services as import_services
from hiring.pipeline import lists
from hiring.policy import Action
from hiring.privacy import services as privacy

blp = resource(
    "api-candidates",
    "/candidates",
    "Candidates: contact details, resume text, tags, notes, imports and erasure",
)

CANDIDATE_URL = fields.id_url("candidate_id")
CANDIDATE_ID_DOC = [fields.id_parameter("candidate_id", "The candidate's id")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
# No valid rubric was ever loaded: the pipeline's stages are unknown.
UNAVAILABLE = http.HTTPStatus.SERVICE_UNAVAILABLE
CREATED = http.HTTPStatus.CREATED


def _candidate(candidate_id: int) -> dict[str, Any]:
    actor = api_user()
    candidate = services.get_candidate(actor, candidate_id)
    return candidate_body(
        candidate,
        lists.applications_of(actor, candidate_id),
        resume_services.list_resumes(actor, candidate_id),
    )


def _input(data: dict[str, Any]) -> rules.CandidateInput:
    return rules.CandidateInput(
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        location=data["location"],
        links=tuple(data["links"]),
        source=data["source"],
        resume_text=data["resume_text"],
        tags=tuple(data["tags"]),
        notes=data["notes"],
    )


def _created(status: int, body: dict[str, Any], *, replayed: bool = False) -> Response:
    """The answer to POST, built once and replayed as it was (same status and body)."""
    response = jsonify(body)
    response.status_code = status
    response.headers["Location"] = url_for(
        f"{blp.name}.CandidateDetail", candidate_id=body["id"], _external=True
    )
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _duplicate(exc: services.DuplicateCandidate) -> Response:
    return problem_with(
        CONFLICT,
        f"A candidate with this email is on file already (#{exc.existing_id}); change "
        "that candidate instead of adding a second record.",
        errors=exc.errors,
        candidate_id=exc.existing_id,
    )


def _possible_duplicate(exc: services.PossibleDuplicate) -> Response:
    return problem_with(
        CONFLICT,
        "Candidates with the same name and phone are on file (see `matches`). Check them; "
        'if this is another person, send the request again with "allow_possible_duplicate": '
        "true.",
        errors={"allow_possible_duplicate": list(exc.errors["confirm_duplicate"])},
        matches=[{"id": match[0], "name": match[1]} for match in exc.matches],
    )


# --- endpoints -------------------------------------------------------------------------


CREATED_HEADERS = {
    "Location": {
        "description": "The URL of the new candidate",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with "
        "the same Idempotency-Key; absent otherwise",
        "schema": {"type": "string", "enum": ["true"]},
    },
}


@blp.route("")
class CandidateList(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_CANDIDATES)
    @blp.arguments(CandidateListQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, CandidateListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Candidates, newest first, filtered; one page at a time (cursor pagination).

        `q` searches name, email and resume text as the candidates page does. Erased
        candidates are listed by id only ("Erased candidate #12", no personal data), so
        counts stay right. Follow `next_cursor` until it is null; candidates added
        meanwhile never shift later pages and appear on a fresh first page.
        """
        filters = services.CandidateFilter(
            query=args.get("q", ""), source=args.get("source", ""), tag=args.get("tag", "")
        )
        page = services.list_candidates_after(
            api_user(), filters, fields.after_id(args), args["limit"]
        )
        return {
            "items": [summary_body(candidate) for candidate in page.candidates],
            "next_cursor": str(page.candidates[-1].id) if page.has_more else None,
        }

    @requires_token(blp)
    @requires_permission(Action.MANAGE_CANDIDATES)
    @blp.arguments(IdempotencyHeaderSchema, location="headers", unknown=ma.EXCLUDE)
    @blp.arguments(
        CandidateCreateSchema,
        example={
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "phone": "+44 20 7946 0000",
            "source": "referral",
            "tags": ["ranking", "pytorch"],
            "notes": "Strong on **evaluation**.",
        },
    )
    @blp.response(201, CandidateSchema, headers=CREATED_HEADERS)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def post(self, headers: dict[str, Any], data: dict[str, Any]) -> Response:
        """Add a candidate.

        409 when the email is on file already (`candidate_id` names that candidate), or
        when someone with the same name and phone is (`matches` lists them; send
        `allow_possible_duplicate: true` to add this person anyway). With an
        `Idempotency-Key`, a retry answers the first 201 again with
        `Idempotent-Replayed: true`, even when two arrive at once; a refused request
        (409, 422) is not kept, so it can be fixed and sent again with the same key.
        """
        actor = api_user()
        key = headers.get("idempotency_key")
        request_fingerprint = idempotency.fingerprint(request.get_json())
        if key is not None:
            earlier = idempotency.stored_response(actor.id, key, request_fingerprint)
            if earlier is not None:
                return _created(earlier.status, earlier.body, replayed=True)
        answer: dict[str, Any] = {}

        def keep(candidate: Candidate) -> None:
            answer.update(CandidateSchema().dump(candidate_body(candidate, [], [])))
            if key is not None:
                idempotency.remember(actor.id, key, request_fingerprint, CREATED, answer)

        try:
            services.create_candidate(
                actor,
                _input(data),
                confirm_duplicate=data["allow_possible_duplicate"],
                before_commit=keep,
            )
        except DomainError as exc:
            if key is not None:
                # A request with the same key may have won a race: answer what it did.
                earlier = idempotency.stored_response(actor.id, key, request_fingerprint)
                if earlier is not None:
                    return _created(earlier.status, earlier.body, replayed=True)
            if isinstance(exc, services.DuplicateCandidate):
                return _duplicate(exc)
            if isinstance(exc, services.PossibleDuplicate):
                return _possible_duplicate(exc)
            raise
        return _created(CREATED, answer)


@blp.route(CANDIDATE_URL, parameters=CANDIDATE_ID_DOC)
class CandidateDetail(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_CANDIDATES)
    @blp.response(200, CandidateSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def get(self, candidate_id: int) -> dict[str, Any]:
        """A candidate: contact details, tags, links, notes (Markdown and sanitised HTML),
        resume text, resume files (metadata only) and their applications.

        An erased candidate is answered with `erased_at` set and nothing personal left:
        the name is "Erased candidate #id", the email a placeholder, the rest empty.
        """
        return _candidate(candidate_id)

    @requires_token(blp)
    @requires_permission(Action.MANAGE_CANDIDATES)
    @blp.arguments(CandidatePatchSchema, example={"version": 1, "tags": ["ranking", "nlp"]})
    @blp.response(200, CandidateSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def patch(self, data: dict[str, Any], candidate_id: int) -> Any:
        """Change some of a candidate's fields; fields left out keep their value.

        Send the `version` you read: if the candidate changed since, the answer is 409
        and nothing changes. Lists (links, tags) are replaced as a whole. An email that
        belongs to another candidate is 409 naming them in `candidate_id`. An erased
        candidate cannot be changed (409).
        """
        actor = api_user()
        expected = data.pop("version")
        candidate = services.get_candidate(actor, candidate_id)
        if candidate.erased_at is not None:
            raise Conflict("This candidate's personal data was erased; nothing can be changed.")
        current = {
            **services.contact_fields(candidate),
            "resume_text": candidate.resume_text or "",
            "tags": list(candidate.tags),
            "notes": candidate.notes or "",
        }
        try:
            services.update_candidate(
                actor, candidate_id, expected_version=expected, data=_input({**current, **data})
            )
        except services.DuplicateCandidate as exc:
            return _duplicate(exc)
        return _candidate(candidate_id)

    @requires_token(blp)
    @requires_permission(Action.MANAGE_CANDIDATE_PRIVACY)
    @blp.response(204)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def delete(self, candidate_id: int) -> None:
        """Erase the candidate's personal data; admins only. This is an erasure, not a
        deletion of the record, and it cannot be undone.

        Exactly what "Erase" on the admin privacy page does: the name becomes "Erased
        candidate #id", the email a placeholder; phone, location, links, resume text,
        notes, tags, the notes of stage moves and the resume files (on disk too) are
        removed. The candidate and their applications stay, anonymous, so report counts
        do not change, and GET answers the erased record. Erasing an erased candidate
        is 409.
        """
        actor = api_user()
        candidate = privacy.get_candidate(actor, candidate_id)
        if candidate.erased_at is not None:
            raise Conflict("This candidate's personal data was erased already.")
        # The web page asks for the email typed again; here the DELETE itself confirms.
        privacy.erase_candidate(actor, candidate_id, candidate.email)


@blp.route("/import/json-resume")
class JsonResumeImport(MethodView):
    @requires_token(blp)
    @requires_permission(Action.MANAGE_CANDIDATES)
    @blp.arguments(ImportQuerySchema, location="query", unknown=ma.RAISE)
    @blp.arguments(JsonResumeSchema, example=JSON_RESUME_EXAMPLE)
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def post(self, query: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
        """Import a JSON Resume (jsonresume.org) as one candidate, as the import page does.

        A new email creates the candidate (work, education and skills become resume
        text, the URL and profiles links); an email on file is merged: empty fields
        filled, links added, nothing overwritten. With `job_id` the candidate is also
        added to that job unless active there. The answer is the import's report, one
        row, created, merged or refused and why. A `job_id` that is not an open job is 422.
        """
        try:
            report = import_services.import_json_resume(
                api_user(),
                "resume.json",
                request.get_data(),
                source=query["source"],
                job_id=query.get("job_id"),
            )
        except ValidationFailed as exc:
            # The service reports an unreadable document against the uploaded file.
            errors = {("_schema" if f == "file" else f): m for f, m in exc.errors.items()}
            raise ValidationFailed(errors) from exc
        return {
            "created": report.count(rows.CREATED),
            "merged": report.count(rows.MERGED),
            "refused": report.count(rows.REFUSED),
            "job_title": report.job_title,
            "rows": [
                {
                    "line": row.line,
                    "name": row.name,
                    "email": row.email,
                    "outcome": row.outcome,
                    "messages": list(row.messages),
                    "candidate_id": row.candidate_id,
                }
                for row in report.results
            ],
        }
