"""/api/v1/jobs/{id}/loop: read, replace, coverage and kits."""

from __future__ import annotations

from tests.api.conftest import API, PROBLEM_JSON, issue_token
from tests.conftest import make_user
from tests.fixtures.jobs import make_job


def setup(app, users):
    job_id = make_job(app, users["hiring_manager"])
    return job_id, issue_token(app, users["hiring_manager"]).headers


def test_get_the_loop_with_coverage(app, client, users):
    job_id, headers = setup(app, users)
    response = client.get(f"{API}/jobs/{job_id}/loop", headers=headers)
    assert response.status_code == 200
    loop = response.get_json()
    assert [r["round_id"] for r in loop["rounds"]] == ["overview", "coding", "ml-systems"]
    assert loop["total_minutes"] == 165
    coding = loop["rounds"][1]
    assert coding["position"] == 2 and "coding" in coding["focus_skills"]
    assert coding["questions"][0]["strong"] and coding["questions"][0]["red_flags"]
    rows = {row["skill"]: row for row in loop["coverage"]["rows"]}
    assert rows["coding"]["kind"] == "must" and rows["coding"]["rounds"] == [False, True, False]
    kinds = {w["kind"] for w in loop["coverage"]["warnings"]}
    assert "must-have-assessed-once" in kinds


def test_replace_the_loop_and_see_coverage_change(app, client, users):
    job_id, headers = setup(app, users)
    loop = client.get(f"{API}/jobs/{job_id}/loop", headers=headers).get_json()
    body = {
        "version": loop["version"],
        "rounds": [
            {"round_id": "overview", "focus_skills": ["communication"]},
            {
                "round_id": "ml-systems",
                "duration": 75,
                "focus_skills": ["mlops"],
                "question_ids": ["ml-systems-mlops-1"],
                "interviewer_ids": [users["interviewer"].id],
            },
        ],
    }
    response = client.put(f"{API}/jobs/{job_id}/loop", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    new = response.get_json()
    assert [r["round_id"] for r in new["rounds"]] == ["overview", "ml-systems"]
    assert new["rounds"][1]["duration"] == 75
    assert new["rounds"][1]["interviewers"] == [
        {"id": users["interviewer"].id, "name": users["interviewer"].name}
    ]
    assert new["version"] != loop["version"]
    coverage = client.get(f"{API}/jobs/{job_id}/loop/coverage", headers=headers).get_json()
    missing = {w["skill"] for w in coverage["warnings"] if w["kind"] == "must-have-not-assessed"}
    assert missing == {"coding", "ml-fundamentals"}
    # A stale version conflicts and changes nothing.
    stale = client.put(f"{API}/jobs/{job_id}/loop", json=body, headers=headers)
    assert stale.status_code == 409 and stale.mimetype == PROBLEM_JSON
    again = client.get(f"{API}/jobs/{job_id}/loop", headers=headers).get_json()
    assert again["version"] == new["version"]


def test_invalid_loops_are_refused_with_field_errors(app, client, users):
    job_id, headers = setup(app, users)
    version = client.get(f"{API}/jobs/{job_id}/loop", headers=headers).get_json()["version"]
    coding = {"round_id": "coding", "focus_skills": ["coding"]}
    body = {
        "version": version,
        "rounds": [
            {"round_id": "overview", "focus_skills": ["coding"]},
            {**coding, "question_ids": ["overview-communication-1"]},
            {**coding, "interviewer_ids": [users["recruiter"].id]},
        ],
    }
    response = client.put(f"{API}/jobs/{job_id}/loop", json=body, headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {
        "rounds[0].focus_skills",
        "rounds[1].question_ids",
        "rounds[2].interviewer_ids",
    }
    unknown = client.put(
        f"{API}/jobs/{job_id}/loop",
        json={"version": version, "rounds": [{"round_id": "lunch"}]},
        headers=headers,
    )
    assert unknown.status_code == 422


def test_kits_follow_the_interviewer_assignment(app, client, users):
    job_id, headers = setup(app, users)
    loop = client.get(f"{API}/jobs/{job_id}/loop", headers=headers).get_json()
    coding = loop["rounds"][1]
    body = {
        "version": loop["version"],
        "rounds": [
            {
                "round_id": r["round_id"],
                "focus_skills": r["focus_skills"],
                "question_ids": [q["id"] for q in r["questions"]],
                "interviewer_ids": [users["interviewer"].id] if r["id"] == coding["id"] else [],
            }
            for r in loop["rounds"]
        ],
    }
    new = client.put(f"{API}/jobs/{job_id}/loop", json=body, headers=headers).get_json()
    coding_id, overview_id = new["rounds"][1]["id"], new["rounds"][0]["id"]
    interviewer = issue_token(app, users["interviewer"]).headers
    kit = client.get(f"{API}/jobs/{job_id}/loop/rounds/{coding_id}/kit", headers=interviewer)
    assert kit.status_code == 200
    data = kit.get_json()
    assert data["round"]["name"] == "Coding"
    coding_skill = next(s for s in data["skills"] if s["id"] == "coding")
    assert coding_skill["kind"] == "must" and coding_skill["level"] == 3
    assert len(coding_skill["scale"]) == 4
    other = client.get(f"{API}/jobs/{job_id}/loop/rounds/{overview_id}/kit", headers=interviewer)
    assert other.status_code == 403
    assert client.get(f"{API}/jobs/{job_id}/loop", headers=interviewer).status_code == 403


def test_roles_and_missing_things(app, client, users):
    job_id, headers = setup(app, users)
    recruiter = issue_token(app, users["recruiter"]).headers
    assert client.get(f"{API}/jobs/{job_id}/loop", headers=recruiter).status_code == 200
    put = client.put(
        f"{API}/jobs/{job_id}/loop",
        json={"version": 1, "rounds": [{"round_id": "coding"}]},
        headers=recruiter,
    )
    assert put.status_code == 403
    assert client.get(f"{API}/jobs/999/loop", headers=headers).status_code == 404
    assert (
        client.get(f"{API}/jobs/{job_id}/loop/rounds/999/kit", headers=headers).status_code == 404
    )
    assert client.get(f"{API}/jobs/{job_id}/loop").status_code == 401
    other_manager = make_user(app, ("hiring_manager",))
    assert (
        client.get(
            f"{API}/jobs/{job_id}/loop", headers=issue_token(app, other_manager).headers
        ).status_code
        == 200
    )
