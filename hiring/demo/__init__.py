"""Demo data for trying the app: accounts, jobs, candidates, interviews and scorecards."""
