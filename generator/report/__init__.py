"""PDF readiness reports: one per respondent, a group summary per questionnaire (see `render_reports`)."""

from __future__ import annotations

from generator.report.batch import BatchResult, render_reports
from generator.report.context import Branding, load_branding
from generator.report.demo import render_demo_reports

__all__ = ["BatchResult", "Branding", "load_branding", "render_demo_reports", "render_reports"]
