"""dealcraft: a negotiation guide as a website with self-assessments, and answers as PDF readiness reports."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
