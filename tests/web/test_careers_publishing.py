"""The public job page and its JSON-LD show one published snapshot, kept until republished."""

from __future__ import annotations

import re

import pytest

from hiring.accounts import services as accounts
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.jobs import descriptions, places, publication
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from tests.conftest import login, post_form
from tests.fixtures.jobs import SENIOR_ML_ENGINEER, make_job
from tests.web.test_jobs import jsonld_of

EDIT_FORM = {
    "title": SENIOR_ML_ENGINEER.title,
    "team": "Search relevance",
    "company_stage": "building",
    "focus": "product",
    "city": "Berlin",
    "region": "",
    "country_code": "DE",
    "remote_policy": "hybrid",
    "remote_regions": [],
    "employment_type": "FULL_TIME",
    "salary_min": "90000",
    "salary_max": "120000",
    "salary_currency": "EUR",
    "headcount": "1",
    "target_start": "",
    "hiring_manager_id": "",
}


def version_of(app, job_id):
    with app.app_context():
        return db.session.get(Job, job_id).version


def public_id_of(app, job_id):
    with app.app_context():
        return db.session.get(Job, job_id).public_id


def publish(app, user, job_id):
    with app.app_context():
        publication.publish(
            accounts.get_user(user.id), job_id, expected_version=None, valid_through=None
        )


def public_view(app, job_id) -> tuple[str, dict]:
    html = app.test_client().get(f"/careers/{public_id_of(app, job_id)}").get_data(as_text=True)
    return html, jsonld_of(html)


def description_text(html: str) -> str:
    match = re.search(r'data-testid="public-description">(.*?)</article>', html, re.S)
    assert match
    return match.group(1)


def test_edits_after_publishing_wait_for_a_republish_then_show_on_page_and_data(app, client, users):
    manager = users["hiring_manager"]
    job_id = make_job(app, manager)
    publish(app, manager, job_id)
    html, data = public_view(app, job_id)
    assert data["title"] == SENIOR_ML_ENGINEER.title and "90,000" in html
    login(client, manager)
    edited = {
        **EDIT_FORM, "version": version_of(app, job_id), "title": "Staff ML engineer, ranking",
        "city": "Munich", "salary_min": "110000", "salary_max": "140000",
    }  # fmt: skip
    assert post_form(client, f"/jobs/{job_id}/edit", edited).status_code == 302
    with app.app_context():
        descriptions.save_description(
            accounts.get_user(manager.id), job_id, base_number=None,
            markdown="# Staff ML engineer\n\nA rewritten description.\n",
        )  # fmt: skip

    # Neither the page nor its data moved.
    after_html, after_data = public_view(app, job_id)
    assert after_data == data
    assert description_text(after_html) == description_text(html)
    assert "Munich" not in after_html and "110,000" not in after_html
    # The editor is told, with a way to republish.
    job_page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    notice = re.search(r'data-testid="unpublished-changes">(.*?)</div>', job_page, re.S)
    assert notice and "title" in notice.group(1) and "location" in notice.group(1)
    assert "pay range" in notice.group(1) and "description (version 2)" in notice.group(1)
    assert "show the version published last" in job_page
    assert ">Republish</button>" in job_page

    response = post_form(client, f"/jobs/{job_id}/publish", {"version": version_of(app, job_id)})
    assert response.status_code == 302
    new_html, new_data = public_view(app, job_id)
    assert new_data["title"] == "Staff ML engineer, ranking"
    assert new_data["jobLocation"]["address"]["addressLocality"] == "Munich"
    assert new_data["baseSalary"]["value"]["minValue"] == 110000
    assert "A rewritten description." in description_text(new_html)
    assert "Munich, Germany" in new_html and "110,000" in new_html
    assert new_data["datePosted"] == data["datePosted"]  # first published, not republished
    assert 'data-testid="unpublished-changes"' not in client.get(f"/jobs/{job_id}").get_data(
        as_text=True
    )


def test_removing_the_pay_range_where_the_law_requires_one_is_refused_at_republish(
    app, client, users
):
    manager = users["hiring_manager"]
    job_id = make_job(app, manager, location="Denver, Colorado", salary_currency="USD")
    publish(app, manager, job_id)
    login(client, manager)
    form_page = client.get(f"/jobs/{job_id}/edit").get_data(as_text=True)
    warning = re.search(r'data-testid="pay-law-warning">(.*?)</div>', form_page, re.S)
    assert warning and "Colorado" in warning.group(1) and "blocks" in warning.group(1)

    unpaid = {
        **EDIT_FORM, "version": version_of(app, job_id), "city": "Denver",
        "region": "Colorado", "country_code": "US", "salary_min": "", "salary_max": "",
        "salary_currency": "USD",
    }  # fmt: skip
    assert post_form(client, f"/jobs/{job_id}/edit", unpaid).status_code == 302
    job_page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Republishing is blocked" in job_page and "pay-transparency law" in job_page

    post_form(client, f"/jobs/{job_id}/publish", {"version": version_of(app, job_id)})
    refused = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Fix before publishing: The published job shows a pay range" in refused
    # The public page keeps the range it was published with.
    _html, data = public_view(app, job_id)
    assert data["baseSalary"]["value"]["minValue"] == SENIOR_ML_ENGINEER.salary_min


def test_a_remote_job_without_applicant_countries_cannot_be_published(app, users):
    manager = users["hiring_manager"]
    job_id = make_job(app, manager, remote_policy="remote", location="", remote_regions="")
    with app.app_context():
        with pytest.raises(ValidationFailed) as refused:
            publication.publish(
                accounts.get_user(manager.id), job_id, expected_version=None, valid_through=None
            )
        assert "does not say where applicants may live" in str(refused.value.errors)
        assert db.session.get(Job, job_id).status == "draft"


def test_applicant_regions_are_countries_not_free_text(app, users):
    with app.app_context():
        actor = accounts.get_user(users["hiring_manager"].id)
        with pytest.raises(ValidationFailed) as refused:
            jobs.create_job(
                actor,
                jobs.JobInput(**{**SENIOR_ML_ENGINEER.__dict__, "remote_policy": "remote",
                                 "remote_regions": "Anywhere, Germany"}),
            )  # fmt: skip
        assert "not a country: Anywhere" in refused.value.errors["remote_regions"][0]


def test_the_job_form_offers_countries_and_json_ld_lists_them(app, client, users):
    manager = users["hiring_manager"]
    job_id = make_job(app, manager)
    login(client, manager)
    page = client.get(f"/jobs/{job_id}/edit").get_data(as_text=True)
    assert re.search(r'<select[^>]+multiple[^>]+name="remote_regions"', page) or re.search(
        r'<select[^>]+name="remote_regions"[^>]+multiple', page
    )
    assert '<option value="NL">Netherlands</option>' in page
    remote = {
        **EDIT_FORM, "version": version_of(app, job_id), "remote_policy": "remote",
        "city": "", "country_code": "", "remote_regions": ["DE", "NL"],
    }  # fmt: skip
    assert post_form(client, f"/jobs/{job_id}/edit", remote).status_code == 302
    post_form(client, f"/jobs/{job_id}/publish", {"version": version_of(app, job_id)})
    _html, data = public_view(app, job_id)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "Germany"},
        {"@type": "Country", "name": "Netherlands"},
    ]


def test_json_ld_address_has_separate_fields_with_the_iso_country(app, client, users):
    manager = users["hiring_manager"]
    job_id = make_job(app, manager)
    login(client, manager)
    place = {
        **EDIT_FORM, "version": version_of(app, job_id), "city": "Toronto",
        "region": "Ontario", "country_code": "CA", "salary_currency": "CAD",
    }  # fmt: skip
    assert post_form(client, f"/jobs/{job_id}/edit", place).status_code == 302
    post_form(client, f"/jobs/{job_id}/publish", {"version": version_of(app, job_id)})
    html, data = public_view(app, job_id)
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Toronto",
            "addressRegion": "Ontario",
            "addressCountry": "CA",
        },
    }
    assert "Toronto, Ontario, Canada" in html


def test_a_one_line_location_is_read_into_its_parts(app, users):
    job_id = make_job(app, users["hiring_manager"], location="Arlington, VA")
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.city, job.region, job.country_code) == ("Arlington", "Virginia", "US")
        assert job.location == "Arlington, Virginia, United States"


def test_the_applicant_countries_fit_the_column(app, users):
    every = ",".join(places.countries())
    with app.app_context():
        actor = accounts.get_user(users["hiring_manager"].id)
        with pytest.raises(ValidationFailed) as refused:
            jobs.create_job(
                actor,
                jobs.JobInput(**{**SENIOR_ML_ENGINEER.__dict__, "remote_policy": "remote",
                                 "remote_regions": every}),
            )  # fmt: skip
        assert "at most 67 countries" in refused.value.errors["remote_regions"][0]
