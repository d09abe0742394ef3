"""Reminders by email about overdue work: stuck applications and late scorecards."""
