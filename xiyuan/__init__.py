"""xiyuan-tools: the paperwork of enterprise epidemic control for the Xiyuan Subdistrict."""

__version__ = "0.1.0"
