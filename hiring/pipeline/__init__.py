"""The pipeline: applications to jobs moving through stages, boards and lists."""
