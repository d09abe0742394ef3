"""Jobs in the browser's terms: open, tune, describe, version, publish."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.jobs import descriptions, publication, queries
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from tests.conftest import login, make_user, post_form
from tests.fixtures.jobs import SENIOR_ML_ENGINEER, make_job
from tests.fixtures.rubrics import rubric_files, write_rubrics

NEW_JOB_FORM = {
    "role_family": "ml-engineer",
    "level": "senior",
    "title": "",
    "team": "Ads ranking",
    "company_stage": "scaling",
    "focus": "product",
    "city": "Paris",
    "region": "",
    "country_code": "FR",
    "remote_policy": "hybrid",
    "remote_regions": [],
    "employment_type": "FULL_TIME",
    "salary_min": "80000",
    "salary_max": "110000",
    "salary_currency": "EUR",
    "headcount": "2",
    "target_start": "",
    "hiring_manager_id": "",
}


def job_version(app, job_id):
    with app.app_context():
        return db.session.get(Job, job_id).version


def current_number(app, job_id):
    with app.app_context():
        return db.session.get(Job, job_id).current_description_number


def test_a_hiring_manager_opens_a_job_from_the_rubric(app, client, users):
    login(client, users["hiring_manager"])
    response = post_form(client, "/jobs/new", NEW_JOB_FORM)
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    # An empty title takes the rubric's title for the level.
    assert "Senior ML engineer" in page
    assert "What you need on day one" in page and "Machine learning fundamentals" in page
    assert "What we will teach you" in page and "MLOps" in page
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert job.hiring_manager_id == users["hiring_manager"].id
        assert job.rubric_snapshot["level"]["level"] == "senior"
        assert job.current_description_number == 1
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.created"))


def test_bad_job_input_comes_back_filled_in_with_errors_next_to_fields(client, users):
    login(client, users["hiring_manager"])
    form = {
        **NEW_JOB_FORM, "city": "", "country_code": "", "salary_min": "150000",
        "salary_max": "100000",
    }  # fmt: skip
    response = post_form(client, "/jobs/new", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Ads ranking"' in html and 'value="150000"' in html
    location = re.search(
        r'<input[^>]+id="city"[^>]*>\s*<div class="invalid-feedback"[^>]*>([^<]+)', html
    )
    assert location and "only fully remote jobs" in location.group(1)
    salary = re.search(
        r'<input[^>]+id="salary_max"[^>]*>\s*<div class="invalid-feedback"[^>]*>([^<]+)', html
    )
    assert salary and "must not be below" in salary.group(1)


def test_a_rubric_change_never_rewrites_an_existing_job(make_app, tmp_path):
    rubric_dir = write_rubrics(tmp_path / "rubrics")
    app = make_app(HIRING_RUBRICS_DIR=str(rubric_dir), RUBRICS_CHECK_INTERVAL=0)
    manager = make_user(app, ("hiring_manager",))
    job_id = make_job(app, manager)
    with app.app_context():
        before = descriptions.current_description(db.session.get(Job, job_id)).markdown
    files = rubric_files()
    senior = files["roles/ml-engineer.yaml"]["levels"]["senior"]
    senior["must_have"][0]["bar"] = 4
    senior["trainable"] = []
    senior["must_have"].append({"skill": "mlops", "bar": 2, "why": "Ships on day one."})
    # Levels rise: staff asks at least what senior now asks.
    staff = files["roles/ml-engineer.yaml"]["levels"]["staff"]
    staff["must_have"][0]["bar"] = 4
    staff["trainable"] = []
    staff["must_have"].append({"skill": "mlops", "bar": 2, "why": "Ships on day one."})
    write_rubrics(rubric_dir, files)
    client = app.test_client()
    login(client, manager)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "A newer rubric exists" in page
    assert "The bar for Coding moved from 3 to 4." in page
    assert "MLOps is now a must-have (bar 2)." in page
    with app.app_context():
        job = queries.get_job(accounts.get_user(manager.id), job_id)
        assert descriptions.current_description(job).markdown == before
        assert descriptions.generated_markdown(job) == before
        assert [e.skill for e in queries.profile_of(job) if e.kind == "must"] == [
            "coding",
            "ml-fundamentals",
        ]


def test_tuning_skills_shows_each_change_against_the_rubric(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    page = client.get(f"/jobs/{job_id}/skills").get_data(as_text=True)
    assert 'name="kind-mlops"' in page
    form = {
        "version": job_version(app, job_id),
        "kind-coding": "must", "level-coding": "4",
        "kind-ml-fundamentals": "must", "level-ml-fundamentals": "3",
        "kind-mlops": "must", "level-mlops": "2",
        "kind-model-evaluation": "", "level-model-evaluation": "",
        "kind-communication": "nice", "level-communication": "",
    }  # fmt: skip
    response = post_form(client, f"/jobs/{job_id}/skills", form)
    assert response.status_code == 302
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Coding bar 3 -&gt; 4 (rubric: 3)" in page
    assert "MLOps promoted from trainable to must-have" in page
    assert "Offline evaluation removed (rubric: nice to have)" in page
    assert "Communication added as nice to have" in page


def test_a_must_have_needs_a_bar(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    form = {"version": job_version(app, job_id), "kind-coding": "must", "level-coding": ""}
    response = post_form(client, f"/jobs/{job_id}/skills", form)
    assert response.status_code == 422
    assert "Choose a bar from 1 to 4." in response.get_data(as_text=True)


def test_saving_the_description_makes_a_version_with_lint_findings(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    text = "# Rockstar wanted\n\n## Requirements\n\n- 8+ years of LLMs\n- MLOps\n"
    response = post_form(
        client,
        f"/jobs/{job_id}/description",
        {"markdown": text, "base_number": 1, "note": "Shorter", "save": "y"},
    )
    assert response.status_code == 302
    page = client.get(f"/jobs/{job_id}/description").get_data(as_text=True)
    assert "v2" in page and "Shorter" in page
    for rule in ("wording", "years-beyond-technology", "trainable-listed-as-required"):
        assert f'data-rule="{rule}"' in page, rule


def test_preview_without_javascript_keeps_the_text_and_saves_nothing(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    response = post_form(
        client,
        f"/jobs/{job_id}/description",
        {"markdown": "# Draft\n\nWe need a ninja.", "base_number": 1, "preview": "y"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We need a ninja." in html and "<h1>Draft</h1>" in html
    assert 'data-rule="wording"' in html
    assert current_number(app, job_id) == 1


def test_live_preview_answers_sanitised_html_and_findings(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    response = post_form(
        client,
        f"/jobs/{job_id}/description/preview",
        {"markdown": "Hi <script>alert(1)</script> [x](javascript:alert(1)) rockstar"},
    )
    data = response.get_json()
    assert "<script" not in data["html"] and "javascript:" not in data["html"]
    assert [f["rule"] for f in data["findings"]] == ["wording"]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        "[click](javascript:alert('x'))",
        '<img src=x onerror="alert(1)">',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
    ],
)
def test_user_markdown_is_sanitised_everywhere_it_is_shown(app, client, users, payload):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    post_form(
        client,
        f"/jobs/{job_id}/description",
        {"markdown": f"# Job\n\n{payload}\n", "base_number": 1, "save": "y"},
    )
    with app.app_context():
        html = descriptions.current_description(db.session.get(Job, job_id)).html
    assert "<script" not in html and "onerror" not in html
    assert "javascript:" not in html.lower()
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    # The page's own scripts are files (src=...); no script of the user's survives.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "onerror" not in page and "javascript:" not in page.lower()


def test_concurrent_description_edits_conflict_visibly(app, users):
    job_id = make_job(app, users["hiring_manager"])
    second = make_user(app, ("hiring_manager",), name="Second Manager")
    first_client, second_client = app.test_client(), app.test_client()
    login(first_client, users["hiring_manager"])
    login(second_client, second)
    saved = post_form(
        first_client,
        f"/jobs/{job_id}/description",
        {"markdown": "# First edit\n", "base_number": 1, "save": "y"},
    )
    assert saved.status_code == 302
    stale = post_form(
        second_client,
        f"/jobs/{job_id}/description",
        {"markdown": "# Second edit, typed meanwhile\n", "base_number": 1, "save": "y"},
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "saved version 2 of this description" in html
    assert "# Second edit, typed meanwhile" in html  # nothing typed is lost
    assert current_number(app, job_id) == 2


def test_concurrent_detail_edits_conflict(app, users):
    job_id = make_job(app, users["hiring_manager"])
    version = job_version(app, job_id)
    a, b = app.test_client(), app.test_client()
    login(a, users["hiring_manager"])
    login(b, users["admin"])
    base = {k: v for k, v in NEW_JOB_FORM.items() if k not in ("role_family", "level")}
    ok = post_form(a, f"/jobs/{job_id}/edit", {**base, "title": "Title A", "version": version})
    assert ok.status_code == 302
    stale = post_form(b, f"/jobs/{job_id}/edit", {**base, "title": "Title B", "version": version})
    assert stale.status_code == 409
    assert 'value="Title B"' in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Job, job_id).title == "Title A"


def test_versions_can_be_compared_and_restored(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    post_form(
        client,
        f"/jobs/{job_id}/description",
        {"markdown": "# Short\n\nOnly this.\n", "base_number": 1, "save": "y"},
    )
    diff = client.get(f"/jobs/{job_id}/description/versions/2?compare=1").get_data(as_text=True)
    assert 'class="diff-line diff-added"' in diff and "Only this." in diff
    assert 'class="diff-line diff-removed"' in diff
    response = post_form(
        client, f"/jobs/{job_id}/description/versions/1/restore", {"base_number": 2}
    )
    assert response.status_code == 302
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.current_description_number == 3
        restored = descriptions.description_version(job, 3)
        assert restored.markdown == descriptions.description_version(job, 1).markdown
        assert restored.note == "Restored from version 1"


def test_publish_is_blocked_by_lint_errors_and_says_why(app, client, users):
    job_id = make_job(
        app, users["hiring_manager"], location="Denver, Colorado", salary_min=None, salary_max=None
    )
    login(client, users["hiring_manager"])
    response = post_form(client, f"/jobs/{job_id}/publish", {"version": job_version(app, job_id)})
    assert response.status_code == 302
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Fix before publishing" in page and "Colorado" in page
    with app.app_context():
        assert db.session.get(Job, job_id).status == "draft"


def jsonld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_publish_makes_a_public_page_with_job_posting_data(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    post_form(
        client,
        f"/jobs/{job_id}/publish",
        {"version": job_version(app, job_id), "valid_through": "2099-01-31"},
    )
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == "published"
        public_id = job.public_id
    visitor = app.test_client()
    page = visitor.get(f"/careers/{public_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Senior ML engineer, search ranking" in html
    data = jsonld_of(html)
    assert data["@type"] == "JobPosting"
    assert data["title"] == SENIOR_ML_ENGINEER.title
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"]["name"] == app.config["COMPANY_NAME"]
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE",
    }  # fmt: skip
    assert data["directApply"] is True
    assert data["baseSalary"]["currency"] == "EUR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 90000, "maxValue": 120000,
    }  # fmt: skip
    assert data["validThrough"].startswith("2099-01-31")
    assert re.match(r"\d{4}-\d{2}-\d{2}$", data["datePosted"])
    assert "Coding" in data["skills"] and "<h2>" in data["description"]
    # Unpublishing takes the page down.
    post_form(client, f"/jobs/{job_id}/unpublish", {"version": job_version(app, job_id)})
    gone = visitor.get(f"/careers/{public_id}")
    assert gone.status_code == 410
    assert "no longer open" in gone.get_data(as_text=True)


def test_remote_jobs_say_where_applicants_may_live(app, users):
    job_id = make_job(
        app,
        users["hiring_manager"],
        remote_policy="remote",
        location="",
        remote_regions="Germany, Netherlands",
    )
    with app.app_context():
        job = publication.publish(
            accounts.get_user(users["hiring_manager"].id),
            job_id,
            expected_version=None,
            valid_through=None,
        )
        public_id = job.public_id
    data = jsonld_of(app.test_client().get(f"/careers/{public_id}").get_data(as_text=True))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "Germany"},
        {"@type": "Country", "name": "Netherlands"},
    ]
    assert "jobLocation" not in data


def test_draft_jobs_have_no_public_page(app, users):
    job_id = make_job(app, users["hiring_manager"])
    with app.app_context():
        public_id = db.session.get(Job, job_id).public_id
    assert app.test_client().get(f"/careers/{public_id}").status_code == 404


def test_exports(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["recruiter"])
    markdown = client.get(f"/jobs/{job_id}/export.md")
    assert markdown.mimetype == "text/markdown"
    assert markdown.get_data(as_text=True).startswith("# Senior ML engineer, search ranking")
    assert "attachment" in markdown.headers["Content-Disposition"]
    html = client.get(f"/jobs/{job_id}/export.html").get_data(as_text=True)
    assert html.startswith("<!doctype html>") and "<h1>Senior ML engineer" in html
    data = client.get(f"/jobs/{job_id}/export.json").get_json()
    for field in (
        "title", "company", "type", "date", "description", "location", "remote", "salary",
        "experience", "responsibilities", "qualifications", "skills",
    ):  # fmt: skip
        assert field in data, field
    assert data["remote"] == "Hybrid" and data["experience"] == "Senior"
    assert data["location"] == {"city": "Berlin", "countryCode": "DE"}
    assert {"name": "Coding", "level": "Required on day one (bar 3 of 4)"}.items() <= data[
        "skills"
    ][0].items()


def test_job_list_filters(app, client, users):
    make_job(app, users["hiring_manager"])
    make_job(app, users["hiring_manager"], title="Junior ML engineer", level="junior")
    login(client, users["recruiter"])
    html = client.get("/jobs?level=junior").get_data(as_text=True)
    assert "Junior ML engineer" in html and "search ranking" not in html
    html = client.get("/jobs?q=ranking").get_data(as_text=True)
    assert "search ranking" in html and "Junior ML engineer" not in html


def test_interviewers_do_not_see_jobs_in_their_navigation(client, users):
    login(client, users["interviewer"])
    nav = client.get("/").get_data(as_text=True)
    assert ">Jobs<" not in nav and ">Rubrics<" in nav


def test_job_input_is_validated_in_the_service(app, users):
    with app.app_context():
        actor = accounts.get_user(users["hiring_manager"].id)
        bad = replace(SENIOR_ML_ENGINEER, role_family="astronaut", level="principal", headcount=0)
        with pytest.raises(ValidationFailed) as error:
            jobs.create_job(actor, bad)
        assert set(error.value.errors) == {"role_family", "level", "headcount"}
        assert db.session.scalar(select(Job)) is None
