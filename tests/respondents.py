"""Generated respondents for large-group tests and benchmarks: valid answers documents, reproducible by seed.

Each person has a leaning (some answer high, some low, most in between) and answers every question with noise
around it, so a group of thousands spreads over the whole 0..100 range, as a real conference would.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.questionnaire.model import Questionnaire


def answers_document(questionnaire: Questionnaire, rng: random.Random, number: int) -> dict[str, Any]:
    """One valid answers document for `questionnaire`, from a person called `Respondent {number}`."""
    leaning = rng.betavariate(1.6, 1.6)
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.type == "likert":
            scale = questionnaire.scale_for(question)
            lo, hi = int(scale.min), int(scale.max)
            answers[question.id] = min(hi, max(lo, round(lo + leaning * (hi - lo) + rng.gauss(0, 0.9))))
        elif question.type == "choice":
            options = [o.id for o in question.options]
            answers[question.id] = options[min(len(options) - 1, int(leaning * len(options) + rng.gauss(0, 0.7)))]
        elif question.type == "multi":
            answers[question.id] = [o.id for o in question.options if rng.random() < leaning]
        elif question.type == "number":
            answers[question.id] = rng.randint(int(question.min or 0), 20_000)
        else:
            answers[question.id] = "Practise the first question."
    day = 1 + number % 28
    return {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "respondent": {"name": f"Respondent {number}"},
        "submitted_at": f"2026-11-{day:02d}T09:00:00Z",
        "answers": answers,
    }


def answers_documents(questionnaire: Questionnaire, n: int, seed: int = 17) -> Iterator[dict[str, Any]]:
    """n answers documents, one at a time."""
    rng = random.Random(seed)
    for number in range(1, n + 1):
        yield answers_document(questionnaire, rng, number)


def write_jsonl(path: Path, questionnaire: Questionnaire, n: int, seed: int = 17) -> Path:
    """n answers documents as JSON Lines, written one at a time (memory does not grow with n)."""
    with path.open("w", encoding="utf-8") as fh:
        for document in answers_documents(questionnaire, n, seed):
            fh.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path
