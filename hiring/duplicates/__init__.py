"""Duplicate candidates: finding look-alike records and merging them into one."""
