"""Evaluation: scorecards judged against must-have and trainable skills, the debrief,
the hiring decision and interviewer calibration; the judging is pure (``scoring``)."""
