"""Scorecards: interviewers rate focus skills with evidence; late ones are chased."""
