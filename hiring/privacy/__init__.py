"""Privacy: export and erase a candidate's personal data; enforce retention."""
