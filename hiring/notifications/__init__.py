"""Outgoing email: an outbox table filled inside the caller's transaction, drained by cron."""
