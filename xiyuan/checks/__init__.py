"""Checks: every cell's value, cross-checks between sheets, findings and their words."""
