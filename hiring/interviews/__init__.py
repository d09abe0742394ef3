"""Interviews: scheduling, invites, pinned kits, My interviews and candidate briefs."""
