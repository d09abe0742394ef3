"""The candidate resource's shapes: what a client may send (with the same rules as the
candidate form, stated as patterns the OpenAPI document shows) and what it receives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import marshmallow as ma

from hiring.api import fields, idempotency
from hiring.api.applications import ApplicationSchema, PersonSchema, application_body, tag_field
from hiring.api.fields import choice, doc, line, reference
from hiring.api.schemas import BLANK, NOT_IN_LINE, TEXT, TEXT_MESSAGE
from hiring.candidates import rules, services
from hiring.candidates.models import Candidate, ResumeFile
from hiring.candidates.rules import SOURCES
from hiring.imports import rows
from hiring.pipeline import lists
from hiring.pipeline import services as pipeline

# What the candidate service accepts, stated as patterns the document shows. Each is
# linear-time. No control characters (PostgreSQL stores no NUL); U+0130 is left out of
# emails because it lowercases to two characters.
_EMAIL_CHAR = rf"[^@{BLANK}{NOT_IN_LINE}\u0130]"
_DOMAIN_CHAR = rf"[^@.{BLANK}{NOT_IN_LINE}\u0130]"
EMAIL = rf"^{_EMAIL_CHAR}+@{_EMAIL_CHAR}{_DOMAIN_CHAR}*\.{_EMAIL_CHAR}+$"
EMAIL_MESSAGE = "Enter an email address like name@example.com."
# Empty, or at least five digits.
PHONE = rf"^(?:(?:[^0-9{NOT_IN_LINE}]*[0-9]){{5}}[^{NOT_IN_LINE}]*)?$"
PHONE_MESSAGE = "Enter a phone number with at least five digits, or leave it empty."
LINK = rf"^https?://[^{BLANK}{NOT_IN_LINE}]+$"
LINK_MESSAGE = "Links start with http:// or https:// and hold no spaces."
MAX_LINK = 500

NAME = "Full name, one line."
EMAIL_DOC = "Email address; stored lowercased, and unique among candidates."
PHONE_DOC = "Phone number with at least five digits, or empty."
LOCATION = "Where the candidate lives or works, in words; may be empty."
LINKS = "GitHub, papers, portfolio, LinkedIn: http(s) URLs, at most 10."
SOURCE = "Where the candidate came from."
RESUME_TEXT = "Resume text (pasted, or extracted from uploaded files); search covers it."
TAGS = "Tags, stored lowercased; at most 20."
NOTES = "Notes in Markdown, about the person's work: not about who they are."


def _email(**options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[ma.validate.Length(max=254), ma.validate.Regexp(EMAIL, error=EMAIL_MESSAGE)],
        metadata=doc(EMAIL_DOC, example="ada@example.com"),
        **options,
    )


def _phone(**options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[ma.validate.Length(max=40), ma.validate.Regexp(PHONE, error=PHONE_MESSAGE)],
        metadata=doc(PHONE_DOC, example="+44 20 7946 0000"),
        **options,
    )


def _link(description: str = "An http(s) URL", **options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[ma.validate.Length(max=MAX_LINK), ma.validate.Regexp(LINK, error=LINK_MESSAGE)],
        metadata=doc(description),
        **options,
    )


def _links(**options: Any) -> ma.fields.List:
    return ma.fields.List(
        _link(),
        validate=ma.validate.Length(max=rules.MAX_LINKS),
        metadata=doc(LINKS, example=["https://github.com/ada"]),
        **options,
    )


def _text(description: str, maximum: int, **options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[ma.validate.Length(max=maximum), ma.validate.Regexp(TEXT, error=TEXT_MESSAGE)],
        metadata=doc(description),
        **options,
    )


def _tags(**options: Any) -> ma.fields.List:
    return ma.fields.List(
        tag_field("A tag"),
        validate=ma.validate.Length(max=rules.MAX_TAGS),
        metadata=doc(TAGS, example=["ranking", "pytorch"]),
        **options,
    )


# --- answers ---------------------------------------------------------------------------


class CandidateSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True, metadata=doc("For an erased one: Erased candidate #id"))
    email = ma.fields.String(required=True)
    phone = ma.fields.String(required=True)
    location = ma.fields.String(required=True)
    links = ma.fields.List(ma.fields.String(), required=True)
    source = choice(SOURCES, SOURCE, required=True)
    tags = ma.fields.List(ma.fields.String(), required=True)
    erased_at = ma.fields.DateTime(
        required=True,
        allow_none=True,
        metadata=doc("When the personal data was erased; null while it is kept"),
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    version = ma.fields.Integer(
        required=True, metadata=doc("Changes on every edit; send it back with PATCH")
    )


class ResumeFileSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    filename = ma.fields.String(required=True, metadata=doc("The uploaded file's name, cleaned"))
    content_type = ma.fields.String(required=True, metadata=doc("Found from the content"))
    size = ma.fields.Integer(required=True, metadata=doc("Bytes"))
    sha256 = ma.fields.String(required=True)
    text_note = ma.fields.String(
        required=True,
        metadata=doc(
            "Why the file's text is not in resume_text, or was cut (a reading limit was "
            "reached); empty when all of it is in"
        ),
    )
    uploaded_at = ma.fields.DateTime(required=True)
    uploaded_by = ma.fields.Nested(PersonSchema, required=True, allow_none=True)


class CandidateSchema(CandidateSummarySchema):
    resume_text = ma.fields.String(required=True, metadata=doc(RESUME_TEXT))
    notes = ma.fields.String(required=True, metadata=doc("Notes in Markdown"))
    notes_html = ma.fields.String(
        required=True, metadata=doc("The notes rendered and sanitised when they were saved")
    )
    resume_files = ma.fields.List(
        ma.fields.Nested(ResumeFileSchema),
        required=True,
        metadata=doc("Uploaded resume files, newest first (download them in the browser)"),
    )
    applications = ma.fields.List(
        ma.fields.Nested(ApplicationSchema),
        required=True,
        metadata=doc("Every application, newest first; the stage history is on each"),
    )


class CandidateListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CandidateSummarySchema), required=True)
    next_cursor = fields.next_cursor()


class ImportRowSchema(ma.Schema):
    line = ma.fields.Integer(required=True, metadata=doc("1: a JSON Resume is one row"))
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    outcome = choice(
        (rows.CREATED, rows.MERGED, rows.REFUSED),
        "created; merged into the candidate with this email (nothing overwritten); or refused",
        required=True,
    )
    messages = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("What was done, or why it was refused")
    )
    candidate_id = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("The candidate created or merged into")
    )


class ImportReportSchema(ma.Schema):
    created = ma.fields.Integer(required=True)
    merged = ma.fields.Integer(required=True)
    refused = ma.fields.Integer(required=True)
    job_title = ma.fields.String(
        required=True, allow_none=True, metadata=doc("The job they were added to, if any")
    )
    rows = ma.fields.List(ma.fields.Nested(ImportRowSchema), required=True)


# --- what the API accepts --------------------------------------------------------------


class CandidateListQuerySchema(ma.Schema):
    q = line("Only candidates whose name, email or resume text contains this text")
    source = choice(SOURCES, "Only candidates from this source")
    tag = tag_field("Only candidates with this tag")
    cursor = fields.id_cursor()
    limit = fields.limit("Candidates")


class IdempotencyHeaderSchema(ma.Schema):
    idempotency_key = ma.fields.String(
        data_key="Idempotency-Key",
        validate=[
            ma.validate.Length(1, idempotency.MAX_KEY_LENGTH),
            ma.validate.Regexp(r"^[!-~]+$", error="Use visible ASCII characters."),
        ],
        metadata=doc(
            "Optional; any unique string (a UUID, say). Retrying with the same key and body "
            "within 24 hours answers the first response again instead of adding a second "
            "candidate; the same key with another body is 422.",
            example="2f1c7d7e-9b1a-4c1e-8a57-4a1bd2c0f0aa",
        ),
    )


class CandidateCreateSchema(ma.Schema):
    name = line(NAME, visible=True, required=True, metadata={"example": "Ada Lovelace"})
    email = _email(required=True)
    phone = _phone(load_default="")
    location = line(LOCATION, load_default="", metadata={"example": "London, UK"})
    links = _links(load_default=list)
    source = choice(SOURCES, SOURCE, load_default="inbound")
    resume_text = _text(RESUME_TEXT, rules.MAX_RESUME, load_default="")
    tags = _tags(load_default=list)
    notes = _text(NOTES, rules.MAX_NOTES, load_default="")
    allow_possible_duplicate = ma.fields.Boolean(
        load_default=False,
        metadata=doc(
            "Add the candidate even when someone with the same name and phone is on file "
            "(without it, that is 409 listing them in `matches`)."
        ),
    )


class CandidatePatchSchema(ma.Schema):
    version = fields.version(
        "The candidate's `version` as last read; 409 if it changed since", required=True
    )
    name = line(NAME, visible=True)
    email = _email()
    phone = _phone()
    location = line(LOCATION)
    links = _links()
    source = choice(SOURCES, SOURCE)
    resume_text = _text(RESUME_TEXT, rules.MAX_RESUME)
    tags = _tags()
    notes = _text(NOTES, rules.MAX_NOTES)


class ImportQuerySchema(ma.Schema):
    source = choice(SOURCES, "Where the candidate came from", load_default="inbound")
    job_id = reference(
        "Add the candidate to this open job (unless active there already)", in_query=True
    )


# A JSON Resume (jsonresume.org/schema): the parts that make a candidate. Other members
# are allowed and ignored. The bounds keep the resume text under the candidate's limit.
class JsonResumeLocationSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    city = line("City", max_length=60)
    region = line("Region or state", max_length=60)
    country_code = line("ISO country code", max_length=60, data_key="countryCode")


class JsonResumeProfileSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    network = line("GitHub, LinkedIn...")
    username = line("The name on that network")
    url = _link("The profile's URL; kept as a link")


class JsonResumeBasicsSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    name = line(NAME, visible=True, required=True, metadata={"example": "Ada Lovelace"})
    email = _email(required=True)
    phone = _phone()
    url = _link("Personal site; kept as a link")
    summary = _text("Kept at the top of the resume text", 2000)
    location = ma.fields.Nested(JsonResumeLocationSchema)
    profiles = ma.fields.List(
        ma.fields.Nested(JsonResumeProfileSchema),
        validate=ma.validate.Length(max=rules.MAX_LINKS - 1),
    )


class JsonResumePeriodSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    start_date = line("As written, e.g. 2019-04", max_length=20, data_key="startDate")
    end_date = line("Absent while ongoing", max_length=20, data_key="endDate")


class JsonResumeWorkSchema(JsonResumePeriodSchema):
    name = line("The employer")
    company = line("The employer, in older JSON Resumes (when there is no `name`)")
    position = line("The role")
    summary = _text("What the work was", 2000)
    highlights = ma.fields.List(
        line("One achievement", max_length=300), validate=ma.validate.Length(max=10)
    )


class JsonResumeEducationSchema(JsonResumePeriodSchema):
    institution = line("School or university")
    area = line("Field of study")
    study_type = line("Degree, e.g. MSc", data_key="studyType")


class JsonResumeSkillSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    name = line("The skill", max_length=100)
    level = line("As written, e.g. Advanced", max_length=100)
    keywords = ma.fields.List(line("A keyword", max_length=60), validate=ma.validate.Length(max=20))


class JsonResumeSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    basics = ma.fields.Nested(JsonResumeBasicsSchema, required=True)
    work = ma.fields.List(
        ma.fields.Nested(JsonResumeWorkSchema), validate=ma.validate.Length(max=20)
    )
    education = ma.fields.List(
        ma.fields.Nested(JsonResumeEducationSchema), validate=ma.validate.Length(max=10)
    )
    skills = ma.fields.List(
        ma.fields.Nested(JsonResumeSkillSchema), validate=ma.validate.Length(max=30)
    )


JSON_RESUME_EXAMPLE = {
    "basics": {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "+44 20 7946 0000",
        "location": {"city": "London", "countryCode": "UK"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/ada"}],
    },
    "work": [
        {
            "name": "Analytical Engines Ltd",
            "position": "ML engineer",
            "startDate": "2019-04",
            "highlights": ["Shipped a ranking model"],
        }
    ],
    "education": [{"institution": "University of London", "area": "Mathematics"}],
    "skills": [{"name": "Machine learning", "keywords": ["pytorch", "ranking"]}],
}


# --- answers ---------------------------------------------------------------------------


def summary_body(candidate: Candidate) -> dict[str, Any]:
    """The candidate as CandidateSummarySchema describes it; its tags must be loaded."""
    return {
        "id": candidate.id,
        **services.contact_fields(candidate),
        "tags": list(candidate.tags),
        "erased_at": candidate.erased_at,
        "created_at": candidate.created_at,
        "updated_at": candidate.updated_at,
        "version": candidate.version,
    }


def candidate_body(
    candidate: Candidate,
    applications: Sequence[lists.CandidateApplication],
    files: Sequence[ResumeFile],
) -> dict[str, Any]:
    stages = pipeline.current_pipeline()
    return {
        **summary_body(candidate),
        "resume_text": candidate.resume_text or "",
        "notes": candidate.notes or "",
        "notes_html": candidate.notes_html or "",
        "resume_files": [
            {
                "id": record.id,
                "filename": record.original_filename,
                "content_type": record.content_type,
                "size": record.size,
                "sha256": record.sha256,
                "text_note": record.text_note,
                "uploaded_at": record.uploaded_at,
                "uploaded_by": {"id": record.uploaded_by.id, "name": record.uploaded_by.name}
                if record.uploaded_by is not None
                else None,
            }
            for record in files
        ],
        "applications": [
            application_body(item.application, candidate, stages, item.days, item.stuck)
            for item in applications
        ],
    }
