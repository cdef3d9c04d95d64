"""dealcraft: a negotiation guide as a website with self-assessments, and answers as PDF readiness reports.

The public API follows the data flow: YAML → validated model → scoring → site pages or PDF reports.
Heavy parts (the site generator, WeasyPrint) are imported only when used, so `import generator` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AnswersDocument",
    "DealcraftError",
    "Problem",
    "Questionnaire",
    "Result",
    "__version__",
    "build_site",
    "generate",
    "load_questionnaire",
    "load_questionnaires",
    "read_answers_file",
    "render_reports",
    "score",
    "validate_paths",
]

_WHERE = {
    "AnswersDocument": "generator.answers.document",
    "Questionnaire": "generator.questionnaire.model",
    "Result": "generator.questionnaire.model",
    "DealcraftError": "generator.errors",
    "Problem": "generator.errors",
    "build_site": "generator.build",
    "generate": "generator.site",
    "load_questionnaire": "generator.questionnaire.load",
    "load_questionnaires": "generator.questionnaire.load",
    "validate_paths": "generator.questionnaire.load",
    "read_answers_file": "generator.answers.validate",
    "render_reports": "generator.report",
    "score": "generator.scoring",
}

if TYPE_CHECKING:
    from generator.answers.document import AnswersDocument
    from generator.answers.validate import read_answers_file
    from generator.build import build_site
    from generator.errors import DealcraftError, Problem
    from generator.questionnaire.load import load_questionnaire, load_questionnaires, validate_paths
    from generator.questionnaire.model import Questionnaire, Result
    from generator.report import render_reports
    from generator.scoring import score
    from generator.site import generate


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
