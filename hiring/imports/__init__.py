"""Importing candidates from CSV files and JSON Resume documents."""
