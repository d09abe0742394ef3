from dataclasses import dataclass, field

import pytest

from hiring import policy
from hiring.domain import PermissionDenied
from hiring.policy import Action


@dataclass
class FakeUser:
    id: int
    roles: frozenset[str] = field(default_factory=frozenset)
    is_active: bool = True
    is_authenticated: bool = True


@dataclass
class FakeToken:
    user_id: int


ADMIN = FakeUser(1, frozenset({"admin"}))
MANAGER = FakeUser(2, frozenset({"hiring_manager"}))
RECRUITER = FakeUser(3, frozenset({"recruiter"}))
INTERVIEWER = FakeUser(4, frozenset({"interviewer"}))


@pytest.mark.parametrize(
    ("user", "allowed"),
    [(ADMIN, True), (MANAGER, False), (RECRUITER, False), (INTERVIEWER, False)],
)
@pytest.mark.parametrize(
    "action", [Action.MANAGE_USERS, Action.VIEW_AUDIT_LOG, Action.CHANGE_ROLES]
)
def test_only_admins_manage_users_and_read_the_audit_log(user, allowed, action):
    assert policy.can(user, action) is allowed


@pytest.mark.parametrize("user", [ADMIN, MANAGER, RECRUITER, INTERVIEWER])
def test_every_role_has_a_dashboard_an_account_and_the_api(user):
    for action in (Action.VIEW_DASHBOARD, Action.MANAGE_OWN_ACCOUNT, Action.USE_API):
        assert policy.can(user, action)


def test_inactive_anonymous_and_roleless_users_may_do_nothing():
    inactive = FakeUser(9, frozenset({"admin"}), is_active=False)
    anonymous = FakeUser(0, frozenset(), is_authenticated=False)
    roleless = FakeUser(8, frozenset())
    unknown_role = FakeUser(7, frozenset({"superuser"}))
    for user in (inactive, anonymous, roleless, unknown_role, None):
        assert not any(policy.can(user, action) for action in Action)


def test_a_user_holding_several_roles_gets_the_union():
    both = FakeUser(5, frozenset({"interviewer", "admin"}))
    assert policy.can(both, Action.MANAGE_USERS)
    assert policy.can(both, Action.VIEW_DASHBOARD)


def test_an_admin_cannot_deactivate_themselves():
    assert not policy.can(ADMIN, Action.DEACTIVATE_USER, ADMIN)
    assert policy.can(ADMIN, Action.DEACTIVATE_USER, MANAGER)
    assert not policy.can(MANAGER, Action.DEACTIVATE_USER, RECRUITER)


def test_tokens_are_revoked_by_their_owner_or_an_admin():
    token = FakeToken(user_id=RECRUITER.id)
    assert policy.can(RECRUITER, Action.REVOKE_TOKEN, token)
    assert policy.can(ADMIN, Action.REVOKE_TOKEN, token)
    assert not policy.can(INTERVIEWER, Action.REVOKE_TOKEN, token)


def test_a_browser_session_is_ended_only_by_its_owner():
    record = FakeToken(user_id=RECRUITER.id)  # anything with a user_id
    assert policy.can(RECRUITER, Action.END_OWN_SESSION, record)
    # Not even an admin: admins sign a whole account out instead.
    assert not policy.can(ADMIN, Action.END_OWN_SESSION, record)
    assert not policy.can(INTERVIEWER, Action.END_OWN_SESSION, record)


def test_require_raises_permission_denied():
    with pytest.raises(PermissionDenied):
        policy.require(INTERVIEWER, Action.MANAGE_USERS)
    policy.require(ADMIN, Action.MANAGE_USERS)


@dataclass
class Scheduled:
    """Who is on a candidate's interviews that are not cancelled."""

    interviewer_ids: frozenset[int]


def test_interviewers_see_the_brief_only_of_candidates_they_are_scheduled_with():
    with_them = Scheduled(frozenset({INTERVIEWER.id}))
    with_others = Scheduled(frozenset({99}))
    assert policy.can(INTERVIEWER, Action.VIEW_CANDIDATE_BRIEF, with_them)
    assert not policy.can(INTERVIEWER, Action.VIEW_CANDIDATE_BRIEF, with_others)
    assert not policy.can(INTERVIEWER, Action.VIEW_CANDIDATE_BRIEF)
    # The brief, never the whole candidate.
    assert not policy.can(INTERVIEWER, Action.VIEW_CANDIDATES)
    for user in (ADMIN, MANAGER, RECRUITER):
        assert policy.can(user, Action.VIEW_CANDIDATE_BRIEF, with_others)


# --- scorecards ---------------------------------------------------------------------


@dataclass
class InterviewSeats:
    """The interview a scorecard is for: who is on it and whether it is cancelled."""

    interviewer_ids: frozenset[int]
    status: str = "scheduled"


@dataclass
class ScorecardAudience:
    """An application's interviewers (on interviews not cancelled) and who still owes one."""

    interviewer_ids: frozenset[int]
    pending_ids: frozenset[int] = frozenset()


def test_interviewers_see_who_an_interview_is_with_only_until_it_is_cancelled():
    on_it = InterviewSeats(frozenset({INTERVIEWER.id}))
    cancelled = InterviewSeats(frozenset({INTERVIEWER.id}), status="cancelled")
    assert policy.can(INTERVIEWER, Action.VIEW_INTERVIEW_DETAILS, on_it)
    assert not policy.can(INTERVIEWER, Action.VIEW_INTERVIEW_DETAILS, cancelled)
    assert not policy.can(INTERVIEWER, Action.VIEW_INTERVIEW_DETAILS, InterviewSeats(frozenset()))
    assert not policy.can(INTERVIEWER, Action.VIEW_INTERVIEW_DETAILS)
    # The cancelled interview itself stays theirs to open, as its notice.
    assert policy.can(INTERVIEWER, Action.VIEW_INTERVIEW, cancelled)
    for user in (ADMIN, MANAGER, RECRUITER):
        assert policy.can(user, Action.VIEW_INTERVIEW_DETAILS, cancelled)


def test_only_the_interviewers_on_an_interview_write_its_scorecards():
    on_it = InterviewSeats(frozenset({INTERVIEWER.id}))
    assert policy.can(INTERVIEWER, Action.SUBMIT_SCORECARD, on_it)
    assert not policy.can(INTERVIEWER, Action.SUBMIT_SCORECARD, InterviewSeats(frozenset({99})))
    assert not policy.can(INTERVIEWER, Action.SUBMIT_SCORECARD)
    cancelled = InterviewSeats(frozenset({INTERVIEWER.id}), status="cancelled")
    assert not policy.can(INTERVIEWER, Action.SUBMIT_SCORECARD, cancelled)
    # Nobody writes or changes someone else's scorecard, whatever their role.
    everyone_on_it = InterviewSeats(frozenset({ADMIN.id, MANAGER.id, RECRUITER.id}))
    for user in (ADMIN, MANAGER, RECRUITER):
        assert not policy.can(user, Action.SUBMIT_SCORECARD, everyone_on_it)


def test_readers_of_candidates_see_every_submitted_scorecard():
    nobody = ScorecardAudience(frozenset())
    for user in (ADMIN, MANAGER, RECRUITER):
        assert policy.can(user, Action.VIEW_SCORECARDS, nobody)
        assert policy.can(user, Action.VIEW_OTHERS_SCORECARDS, nobody)


def test_interviewers_see_others_scorecards_only_after_submitting_their_own():
    owes_one = ScorecardAudience(frozenset({INTERVIEWER.id, 99}), frozenset({INTERVIEWER.id}))
    assert policy.can(INTERVIEWER, Action.VIEW_SCORECARDS, owes_one)
    assert not policy.can(INTERVIEWER, Action.VIEW_OTHERS_SCORECARDS, owes_one)
    done = ScorecardAudience(frozenset({INTERVIEWER.id, 99}), frozenset({99}))
    assert policy.can(INTERVIEWER, Action.VIEW_OTHERS_SCORECARDS, done)
    not_on_it = ScorecardAudience(frozenset({99}))
    assert not policy.can(INTERVIEWER, Action.VIEW_SCORECARDS, not_on_it)
    assert not policy.can(INTERVIEWER, Action.VIEW_OTHERS_SCORECARDS, not_on_it)
    assert not policy.can(INTERVIEWER, Action.VIEW_SCORECARDS)
