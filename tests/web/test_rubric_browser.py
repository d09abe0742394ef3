"""The rubric browser: roles by level, skills and scales, rounds and question banks,
search, and what admins are told when the rubric files on disk are broken."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import pytest
from markupsafe import escape

from hiring.config import PROJECT_ROOT
from hiring.rubrics.loader import load_rubrics
from tests.conftest import login, make_user
from tests.fixtures.rubrics import question, rubric_files, write_rubrics

DASH = "\N{EN DASH}"
PAGES = [
    "/rubrics",
    "/rubrics?q=coding",
    "/rubrics/roles/ml-engineer",
    "/rubrics/roles/ml-engineer?level=senior",
    "/rubrics/skills",
    "/rubrics/skills?q=kubernetes&category=ml",
    "/rubrics/skills/coding",
    "/rubrics/rounds",
    "/rubrics/rounds/coding",
    "/rubrics/teams",
]


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def section(html: str, testid: str) -> str:
    """The HTML from the element with this data-testid to the end of its tag's block
    (good enough for the flat structures these pages use)."""
    start = html.index(f'data-testid="{testid}"')
    tag_start = html.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", html[tag_start:]).group(1)
    depth, position = 0, tag_start
    pattern = re.compile(rf"<(/?){tag}\b")
    for found in pattern.finditer(html, tag_start):
        depth += -1 if found.group(1) else 1
        position = html.index(">", found.end()) + 1
        if depth == 0:
            break
    return html[tag_start:position]


def with_retired_question(files) -> None:
    retired = question("coding", "coding", 4)
    retired["retired"] = True
    retired["question"] = "Reverse a linked list on the whiteboard."
    files["rounds/coding.yaml"]["questions"].append(retired)


@pytest.fixture
def interviewer(client, users):
    login(client, users["interviewer"])
    return users["interviewer"]


# --- every page, every signed-in role --------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_an_interviewer(client, interviewer, url):
    html = page(client, url)
    assert "Rubric version" in html
    assert 'data-testid="rubric-problems"' not in html


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_every_role_may_browse(client, users, role):
    login(client, users[role])
    for url in PAGES:
        page(client, url)


@pytest.mark.parametrize("url", PAGES)
def test_pages_run_no_queries_beyond_loading_the_user(client, interviewer, count_queries, url):
    page(client, url)
    with count_queries() as counted:
        page(client, url)
    # The user and their roles; the rubric itself is in memory.
    assert counted.count <= 2, counted.statements


# --- index -----------------------------------------------------------------------


def test_index_groups_roles_by_focus_and_shows_the_version(app, client, interviewer):
    html = page(client, "/rubrics")
    version = app.extensions["rubrics"].current().version
    assert f"<code>{version}</code>" in html
    product = section(html, "focus-product")
    assert "Product" in product
    assert 'href="/rubrics/roles/ml-engineer"' in product
    assert "Builds ML features into the product." in product
    assert 'href="/rubrics/roles/ml-engineer?level=staff"' in product
    assert 'data-testid="focus-data"' not in html  # no data roles in the fixture


def test_search_finds_a_skill_by_keyword(client, interviewer):
    html = page(client, "/rubrics?q=kubernetes")
    skills = section(html, "skill-results")
    assert 'href="/rubrics/skills/mlops"' in skills
    assert "<mark>kubernetes</mark>" in skills
    assert 'data-testid="question-results"' not in html
    assert 'value="kubernetes"' in html


def test_search_finds_a_question_by_its_text(client, interviewer):
    html = page(client, "/rubrics?q=approach+mlops+problem+2")
    questions = section(html, "question-results")
    assert 'href="/rubrics/rounds/ml-systems#question-ml-systems-mlops-2"' in questions
    assert questions.count("#question-") == 1
    assert "ML systems · MLOps" in questions


def test_search_finds_a_role_by_its_responsibilities(client, interviewer):
    html = page(client, "/rubrics?q=ship+models")
    assert 'href="/rubrics/roles/ml-engineer"' in section(html, "role-results")


def test_search_with_no_results_says_so_and_escapes_the_query(client, interviewer):
    html = page(client, "/rubrics?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "0 results" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# --- role ------------------------------------------------------------------------


def test_role_level_shows_must_haves_and_trainables_side_by_side(client, interviewer):
    html = page(client, "/rubrics/roles/ml-engineer?level=senior")
    assert "Senior ML engineer" in html
    assert "Senior ML engineer scope." in html
    assert f"5{DASH}10 years" in section(html, "years")
    pair = section(html, "must-have-vs-trainable")
    must, trainable = section(pair, "must-have"), section(pair, "trainable")
    assert pair.index('data-testid="must-have"') < pair.index('data-testid="trainable"')
    assert pair.count('class="col-md-6"') == 2
    # Must-haves: the bar, the anchor of that bar on the skill's scale, and why.
    assert 'href="/rubrics/skills/coding"' in must
    assert "Bar 3 · Independent" in must
    assert "Shows coding unaided and explains the trade-offs made." in must
    assert "Writes production code from day one." in must
    assert "MLOps" not in must
    # Trainable: target level, weeks of ramp-up and how.
    assert 'href="/rubrics/skills/mlops"' in trainable
    assert "Target 3 · Independent" in trainable
    assert "12 weeks" in trainable
    assert "Pairs with the platform team." in trainable
    assert "Coding" not in trainable


def test_role_level_shows_nice_to_haves_and_the_loop_in_order(client, interviewer):
    html = page(client, "/rubrics/roles/ml-engineer?level=senior")
    assert "Offline evaluation" in section(html, "nice-to-have")
    loop = section(html, "loop")
    positions = [loop.index(f'href="/rubrics/rounds/{r}"') for r in ("overview", "coding")]
    assert positions == sorted(positions)
    assert loop.index("/rubrics/rounds/coding") < loop.index("/rubrics/rounds/ml-systems")
    assert "45 min" in loop and "1 h" in loop
    assert "2 h 45 min in total" in loop


def test_level_tabs_are_links_and_the_default_is_junior(client, interviewer):
    html = page(client, "/rubrics/roles/ml-engineer")
    tabs = section(html, "level-tabs")
    for level in ("junior", "mid", "senior", "staff"):
        assert f'href="/rubrics/roles/ml-engineer?level={level}"' in tabs
    assert re.search(r'level=junior"\s+aria-current="page"', tabs)
    assert "Junior ML engineer" in html
    assert "Bar 2 · Working knowledge" in section(html, "must-have")


@pytest.mark.parametrize(
    "url", ["/rubrics/roles/no-such-role", "/rubrics/roles/ml-engineer?level=principal"]
)
def test_unknown_role_or_level_is_404(client, interviewer, url):
    page(client, url, 404)


# --- skills ----------------------------------------------------------------------


def test_skills_are_grouped_by_category_with_anchored_scales(client, interviewer):
    html = page(client, "/rubrics/skills")
    assert html.index("Engineering") < html.index("Machine learning") < html.index("People")
    for skill_id in ("coding", "ml-fundamentals", "mlops", "communication", "model-evaluation"):
        assert f'id="skill-{skill_id}"' in html
    coding = section(html, "skill")
    assert "Writes correct, readable code." in coding
    for anchor in (
        "Cannot yet show coding without step-by-step help.",
        "Shows coding on familiar problems with some guidance.",
        "Shows coding unaided and explains the trade-offs made.",
        "Teaches coding to others and handles the unusual cases.",
    ):
        assert anchor in coding


def test_skills_filter_by_query_and_category(client, interviewer):
    html = page(client, "/rubrics/skills?q=kubernetes")
    assert 'id="skill-mlops"' in html and 'id="skill-coding"' not in html
    assert "1 of 5 skills match" in html
    html = page(client, "/rubrics/skills?category=people")
    assert 'id="skill-communication"' in html and 'id="skill-mlops"' not in html
    assert '<option value="people" selected>' in html
    html = page(client, "/rubrics/skills?q=kubernetes&category=people")
    assert "No skills match these filters." in html
    # An unknown category is ignored rather than an error.
    assert 'id="skill-coding"' in page(client, "/rubrics/skills?category=nope")


def test_skill_page_shows_scale_roles_and_questions(client, interviewer):
    html = page(client, "/rubrics/skills/coding")
    assert "Shows coding unaided and explains the trade-offs made." in section(html, "scale")
    uses = section(html, "skill-uses")
    assert "Must-have · 3" in uses and "Must-have · 2" in uses
    assert 'href="/rubrics/roles/ml-engineer?level=senior"' in uses
    assert "Writes production code from day one." in uses
    rounds = section(html, "skill-rounds")
    assert 'href="/rubrics/rounds/coding"' in rounds
    assert "Walk me through how you would approach coding problem 1." in rounds
    assert "Starts from a baseline and says why." in rounds
    assert "ml-fundamentals problem" not in rounds


def test_trainable_skill_page_shows_target_and_weeks(client, interviewer):
    uses = section(page(client, "/rubrics/skills/mlops"), "skill-uses")
    assert "Trainable → 3" in uses and "12 weeks" in uses
    assert "Pairs with the platform team." in uses


def test_unknown_skill_is_404(client, interviewer):
    page(client, "/rubrics/skills/kotlin", 404)


# --- rounds ----------------------------------------------------------------------


def test_rounds_list_duration_kind_skills_and_question_count(client, interviewer):
    html = page(client, "/rubrics/rounds")
    cards = html.split('data-testid="round-card"')[1:]
    assert [re.search(r'href="/rubrics/rounds/([\w-]+)"', card).group(1) for card in cards] == [
        "overview",
        "coding",
        "ml-systems",
    ]
    overview, coding, _ = cards
    assert "Non-technical" in overview and "45 min" in overview
    assert "Motivation and collaboration." in overview
    assert "2 questions" in overview
    assert "Technical" in coding and "1 h" in coding
    assert 'href="/rubrics/skills/ml-fundamentals"' in coding
    assert "6 questions" in coding


def test_round_page_shows_purpose_timing_and_signals(client, interviewer):
    html = page(client, "/rubrics/rounds/coding")
    assert "ML from scratch." in html
    assert "An ML engineer." in html
    timing = section(html, "timing")
    assert f"0{DASH}50" in timing and "Exercise" in timing and f"50{DASH}60" in timing
    bank = section(html, "question-bank")
    assert bank.index('id="bank-coding"') < bank.index('id="bank-ml-fundamentals"')
    assert 'id="question-coding-coding-1"' in bank
    for text in (
        "What would you change with twice the data?",
        "Starts from a baseline and says why.",
        "Jumps to the most complex model.",
        "The &#39;model&#39; turns out to be hand-written rules.",
    ):
        assert text in bank
    assert "Retired</span>" not in bank


def test_unknown_round_is_404(client, interviewer):
    page(client, "/rubrics/rounds/whiteboard", 404)


def test_retired_questions_are_greyed_with_a_badge(make_app, tmp_path):
    files = copy.deepcopy(rubric_files())
    with_retired_question(files)
    app = make_app(HIRING_RUBRICS_DIR=str(write_rubrics(tmp_path / "rubrics", files)))
    client = app.test_client()
    login(client, make_user(app, ("interviewer",)))
    html = page(client, "/rubrics/rounds/coding")
    retired = section(html, "retired-badge")
    assert retired.endswith("Retired</span>")
    card_start = html.index('id="question-coding-coding-4"')
    card = html[html.rindex("<article", 0, card_start) : html.index("</article>", card_start)]
    assert "opacity-75" in card and 'data-retired="true"' in card
    assert "Reverse a linked list on the whiteboard." in card
    # Retired questions come after the active ones of their skill.
    assert html.index("coding-coding-3") < card_start < html.index('id="bank-ml-fundamentals"')
    assert "6 questions, 1 retired" in page(client, "/rubrics/rounds")


def test_team_composition_shows_every_stage_whom_to_hire_first_and_the_ratios(client, interviewer):
    index = page(client, "/rubrics")
    assert 'href="/rubrics/teams"' in index and "1:2 scientists : data engineers" in index
    html = page(client, "/rubrics/teams")
    stages = section(html, "team-stages")
    assert stages.count('data-testid="team-stage"') == 5
    assert stages.index("Nascent") < stages.index("Building") < stages.index("Advanced")
    assert "We are building." in stages and "Generalists." in stages
    ratios = section(html, "team-ratios")
    assert "Scientists : data engineers" in ratios and "1:2" in ratios
    assert "Data work dominates." in ratios


def test_the_shipped_team_composition_names_the_ratio_and_analytics_engineers(make_app):
    app = make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))  # the shipped set
    client = app.test_client()
    login(client, make_user(app, ("interviewer",)))
    ratios = section(page(client, "/rubrics/teams"), "team-ratios")
    assert "1:2:4" in ratios and "analytics engineers" in ratios


def test_role_limits_of_questions_and_dropped_must_haves_are_shown(make_app, tmp_path):
    files = copy.deepcopy(rubric_files())
    files["rounds/coding.yaml"]["questions"][0]["roles"] = ["ml-engineer"]
    files["rounds/coding.yaml"]["for_candidates"] = "You write small programs with us."
    role = files["roles/ml-engineer.yaml"]
    role["responsibilities"] = ["Ship models", {"text": "Set direction", "levels": ["staff"]}]
    role["product"] = "You will build ranking models."
    staff = role["levels"]["staff"]
    staff["must_have"] = [m for m in staff["must_have"] if m["skill"] != "ml-fundamentals"]
    staff["no_longer_must_have"] = [
        {"skill": "ml-fundamentals", "why": "Scientists on the team cover it."}
    ]
    staff["trainable"].append({"skill": "ml-fundamentals", "target": 4, "weeks": 4, "how": "x"})
    app = make_app(HIRING_RUBRICS_DIR=str(write_rubrics(tmp_path / "rubrics", files)))
    client = app.test_client()
    login(client, make_user(app, ("interviewer",)))
    limited = section(page(client, "/rubrics/rounds/coding"), "question-roles")
    assert "Written for" in limited and "Machine learning engineer" in limited
    assert "never proposed to others" in limited
    assert "You write small programs with us." in page(client, "/rubrics/rounds/coding")
    html = page(client, "/rubrics/roles/ml-engineer?level=staff")
    dropped = section(html, "no-longer-must-have")
    assert "Machine learning fundamentals" in dropped
    assert "Scientists on the team cover it." in dropped
    assert "Staff only" in section(html, "responsibilities")
    assert "You will build ranking models." in section(html, "in-ads")
    assert "no-longer-must-have" not in page(client, "/rubrics/roles/ml-engineer?level=senior")
    in_ad = section(page(client, "/rubrics/skills/coding"), "in-ad")
    assert "Bar 2:</span> You write small, correct programs" in in_ad
    assert "Bar 4:</span> You set the standard others follow in code." in in_ad


# --- broken rubric files -----------------------------------------------------------


def break_a_bar(directory: Path) -> str:
    """Set a must-have's bar to 9; return the problem line the loader reports."""
    files = copy.deepcopy(rubric_files())
    files["roles/ml-engineer.yaml"]["levels"]["senior"]["must_have"][0]["bar"] = 9
    write_rubrics(directory, {"roles/ml-engineer.yaml": files["roles/ml-engineer.yaml"]})
    path = directory / "roles" / "ml-engineer.yaml"
    stat = path.stat()
    # The same size as before: move the modification time on so the change is noticed.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    problems = load_rubrics(directory).problems
    assert problems
    return str(problems[0])


@pytest.fixture
def broken_after_start(make_app, tmp_path):
    directory = write_rubrics(tmp_path / "rubrics")
    good_version = load_rubrics(directory).rubric.version
    app = make_app(HIRING_RUBRICS_DIR=str(directory), RUBRICS_CHECK_INTERVAL=0)
    admin = make_user(app, ("admin",))
    interviewer = make_user(app, ("interviewer",))
    admin_client, interviewer_client = app.test_client(), app.test_client()
    login(admin_client, admin)
    login(interviewer_client, interviewer)
    assert "rubric-problems" not in page(admin_client, "/rubrics")  # loads the good set
    problem = break_a_bar(directory)
    return admin_client, interviewer_client, good_version, problem


@pytest.mark.parametrize("url", PAGES)
def test_admin_sees_the_problems_and_the_last_good_version_is_served(broken_after_start, url):
    admin_client, interviewer_client, good_version, problem = broken_after_start
    assert "roles/ml-engineer.yaml:" in problem and "bar" in problem
    html = page(admin_client, url)
    panel = section(html, "rubric-problems")
    assert "The rubric files have 1 problem;" in panel
    assert f"the app keeps serving version <code>{good_version}</code>" in panel
    assert str(escape(problem)) in panel
    assert f"Rubric version <code>{good_version}</code>" in html

    html = page(interviewer_client, url)
    assert 'data-testid="rubric-problems"' not in html
    assert str(escape(problem)) not in html
    assert f"<code>{good_version}</code>" in html


def test_the_last_good_role_content_is_still_served(broken_after_start):
    admin_client, _, _, _ = broken_after_start
    must = section(page(admin_client, "/rubrics/roles/ml-engineer?level=senior"), "must-have")
    assert "Bar 3 · Independent" in must


def test_the_dashboard_shows_admins_the_problems(broken_after_start):
    admin_client, interviewer_client, good_version, problem = broken_after_start
    panel = section(page(admin_client, "/"), "rubric-problems")
    assert str(escape(problem)) in panel and good_version in panel
    assert 'data-testid="rubric-problems"' not in page(interviewer_client, "/")


def test_fixing_the_files_removes_the_panel(broken_after_start, tmp_path):
    admin_client, _, good_version, _ = broken_after_start
    directory = tmp_path / "rubrics"
    write_rubrics(directory)
    path = directory / "roles" / "ml-engineer.yaml"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 4_000_000_000))
    html = page(admin_client, "/rubrics")
    assert 'data-testid="rubric-problems"' not in html
    assert good_version in html  # the same content as the first good set


def test_the_dashboard_has_no_panel_when_the_files_are_valid(client, users):
    login(client, users["admin"])
    assert 'data-testid="rubric-problems"' not in page(client, "/")


@pytest.fixture
def invalid_from_start(make_app, tmp_path):
    directory = write_rubrics(tmp_path / "rubrics")
    problem = break_a_bar(directory)
    app = make_app(HIRING_RUBRICS_DIR=str(directory), RUBRICS_CHECK_INTERVAL=0)
    return app, problem


@pytest.mark.parametrize("url", PAGES)
def test_no_valid_rubric_at_all_is_a_friendly_503(invalid_from_start, url):
    app, problem = invalid_from_start
    admin_client, interviewer_client = app.test_client(), app.test_client()
    login(admin_client, make_user(app, ("admin",)))
    login(interviewer_client, make_user(app, ("interviewer",)))

    response = admin_client.get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    html = response.get_data(as_text=True)
    panel = section(html, "rubric-problems")
    assert "no valid version has been loaded yet" in panel
    assert str(escape(problem)) in panel

    response = interviewer_client.get(url)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "The rubrics are being fixed; try again later." in html
    assert str(escape(problem)) not in html
    assert "Traceback" not in html


def test_the_dashboard_still_works_without_a_valid_rubric(invalid_from_start):
    app, problem = invalid_from_start
    client = app.test_client()
    login(client, make_user(app, ("admin",)))
    panel = section(page(client, "/"), "rubric-problems")
    assert "no valid version has been loaded yet" in panel
    assert str(escape(problem)) in panel


def test_anonymous_users_are_sent_to_sign_in_even_without_a_valid_rubric(invalid_from_start):
    app, _ = invalid_from_start
    response = app.test_client().get("/rubrics")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
