"""Intake: finding ledger workbooks, telling them from the tool's own outputs, reading them."""
