"""The roles a user can hold. A user may hold several."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    HIRING_MANAGER = "hiring_manager"
    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "Admin",
    Role.HIRING_MANAGER: "Hiring manager",
    Role.RECRUITER: "Recruiter",
    Role.INTERVIEWER: "Interviewer",
}
