"""Every model module, imported so that ``db.metadata`` knows every table.

Migrations (autogenerate and ``db check``) and ``db.create_all`` rely on it.
"""

from hiring.accounts.models import ApiToken, User, UserRole
from hiring.audit import AuditEvent
from hiring.jobs.models import Job, JobDescriptionVersion

__all__ = ["ApiToken", "AuditEvent", "Job", "JobDescriptionVersion", "User", "UserRole"]
