"""Candidates: the people, their records, resume files and the candidate's pages."""
