"""The answers document: what the browser exports and every reader (JSON, JSONL, CSV, the server) produces."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from generator.questionnaire.model import FrozenModel

__all__ = ["ROUNDS", "AnswersDocument", "Respondent", "Round"]

Round = Literal["before", "after"]
ROUNDS: tuple[Round, ...] = ("before", "after")


class Respondent(FrozenModel):
    """Who answered; every field optional."""

    name: str | None = None
    email: str | None = None
    group: str | None = None


class AnswersDocument(FrozenModel):
    """What the browser exports and the reports read; `answers` maps question ids to validated values."""

    questionnaire: str
    version: int | None = None
    respondent: Respondent = Respondent()
    submitted_at: datetime | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    round: Round | None = None  # before-and-after workshops: the same questionnaire at the start and at the end
    participant: str | None = None  # a stable key across rounds (workshop mode's); else the email, else the name
    dropped: tuple[str, ...] = Field(
        default=(),
        exclude=True,  # a note for the reader's warnings, not part of the document's JSON
        description="Answers given to another version that no longer fit a question, left out.",
    )
