"""Reports: aggregate figures of the pipeline, the interviews and the decisions.

Every figure is an SQL aggregate (``sql``, ``pipeline_reports``, ``interview_reports``);
the pure modules draw the charts (``charts``) and write the CSV exports (``exports``).
"""
