"""Outputs: result workbooks, issue reports and the office's Word documents."""
