"""The ML team planner."""
