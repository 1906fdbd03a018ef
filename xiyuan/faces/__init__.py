"""Faces: the command line (the Excel buttons are xiyuan_tools.py at the top)."""
