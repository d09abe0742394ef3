from sqlalchemy import func, select

from hiring.accounts import api_tokens, services, sign_in
from hiring.accounts.models import ApiToken, User
from hiring.database import utcnow
from hiring.demo.content import DEMO_ACCOUNTS, DEMO_COLLEAGUES
from hiring.extensions import db


def test_users_create_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Lead@Example.com",
            "--name",
            "Team Lead",
            "--role",
            "hiring_manager",
            "--role",
            "interviewer",
            "--password-stdin",
        ],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = services.find_user_by_email("lead@example.com")
        assert user.roles == {"hiring_manager", "interviewer"}
        assert sign_in.authenticate("lead@example.com", "a long enough passphrase").id == user.id


def test_users_create_reports_every_problem_and_fails(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert result.exit_code == 1
    assert "password: Use at least 12 characters." in result.output


def test_users_create_refuses_an_unknown_role(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "x@example.com", "--name", "X", "--role", "boss"]
    )
    assert result.exit_code == 2
    assert "boss" in result.output


def test_users_create_without_password_prints_an_invitation(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "inv@example.com",
            "--name",
            "Inv",
            "--role",
            "recruiter",
        ]
    )
    assert result.exit_code == 0
    assert result.stdout.strip().startswith("/invitations/")


def test_tokens_create_prints_only_the_token(app, runner, users):
    result = runner.invoke(args=["tokens", "create", users["recruiter"].email])
    assert result.exit_code == 0
    token = result.stdout.strip()
    assert token.startswith("hk_") and "\n" not in token
    with app.app_context():
        assert api_tokens.user_for_api_token(token).id == users["recruiter"].id
        assert db.session.scalar(select(func.count(ApiToken.id))) == 1


def test_tokens_create_for_an_unknown_user_fails(runner):
    result = runner.invoke(args=["tokens", "create", "ghost@example.com"])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_demo_seed_is_idempotent_and_prints_the_sign_ins(app, runner):
    first = runner.invoke(args=["demo", "seed"])
    second = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == second.exit_code == 0
    for account in DEMO_ACCOUNTS:
        assert account.email in second.output and account.password in second.output
    with app.app_context():
        # The demo accounts, and the invited colleagues whose scorecards fill the debrief.
        assert db.session.scalar(select(func.count(User.id))) == len(DEMO_ACCOUNTS) + len(
            DEMO_COLLEAGUES
        )
        for account in DEMO_ACCOUNTS:
            user = sign_in.authenticate(account.email, account.password)
            assert user.roles == set(account.roles)


def test_demo_seed_if_empty_leaves_a_used_database_alone(app, runner, users):
    result = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert result.exit_code == 0
    assert "no demo data added" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == len(users)


def test_demo_seed_gives_the_interviewer_an_upcoming_and_a_late_interview(make_app):
    from hiring.config import PROJECT_ROOT
    from hiring.interviews import services as interviews
    from hiring.scorecards import progress

    app = make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        interviewer = services.find_user_by_email("interviewer@example.com")
        mine = interviews.interviews_of(interviewer)
        assert [i.application.candidate.name for i in mine.upcoming] == ["Jonas Berg"]
        # Amara's coding (scorecard in) and breadth (late) rounds, and Lena's coding round.
        assert sorted(i.application.candidate.name for i in mine.past) == [
            "Amara Okafor",
            "Amara Okafor",
            "Lena Vogel",
        ]
        late = progress.late_scorecards(utcnow()).rows
        assert [(row.interviewer.email, row.interview.round_name) for row in late] == [
            ("interviewer@example.com", "ML and statistics breadth")
        ]


def test_demo_seed_gives_the_manager_a_complete_and_an_incomplete_debrief(make_app):
    from hiring.config import PROJECT_ROOT
    from hiring.evaluation import services as evaluation
    from hiring.pipeline.lists import ApplicationFilter, list_applications

    app = make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))
    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    with app.app_context():
        manager = services.find_user_by_email("manager@example.com")
        rows = list_applications(manager, ApplicationFilter(stage="debrief")).rows
        by_name = {row.candidate_name: row.id for row in rows}
        lena = evaluation.evaluation_of(manager, by_name["Lena Vogel"])
        assert lena.complete and len(lena.cards) >= 5
        assert lena.evaluation.verdict == "below_bar"
        assert [m.name for m in lena.evaluation.must_haves if m.status == "fail"] == [
            "ML system design"
        ]
        assert lena.evaluation.growth_plan and lena.evaluation.flags
        amara = evaluation.evaluation_of(manager, by_name["Amara Okafor"])
        assert amara.evaluation.verdict == "incomplete" and not amara.complete
