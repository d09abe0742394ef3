"""Candidates and their applications moving through the pipeline."""
