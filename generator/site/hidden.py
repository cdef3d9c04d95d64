"""Which questions a form renders hidden: those whose show_if is false before any answer (asks the scorer)."""

from __future__ import annotations

from collections.abc import Collection

from generator.questionnaire.model import Questionnaire


def initially_hidden(questionnaire: Questionnaire) -> Collection[str]:
    """Questions whose show_if is false before any answer: rendered hidden, so the page does not jump on load."""
    from generator.scoring import score

    active = score(questionnaire, {}).active
    return [q.id for q in questionnaire.questions if q.id not in active]
