"""Scores stored with an earlier text of a questionnaire, scored again when the server starts.

The dashboard shows the scores stored with each send (workshop/live.py), and a report is kept once made. A
facilitator who edits a questionnaire without raising its version (a reworded item, a corrected `reverse`) and
starts the server again expects the room to follow the questionnaire they now have, as `dealcraft report` on the
room's export would. So each send records the hash of the text it was scored with (`questionnaire_hash`, the hash
the site's compiled questionnaire carries), and at start-up the rows of the same version with another hash are
read back through the one answers reader, scored again and their reports made again. A row whose answers no
longer fit the questionnaire (an option taken away, a scale shortened) keeps the scores it had, and is named.
Rows of another version are left alone: they answered another instrument, and rounds on two versions are not
compared (report/rounds.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.answers.validate import parse_answers_document
from generator.errors import DealcraftError, Problem
from generator.questionnaire.model import Questionnaire
from generator.scoring import score
from generator.site.compile import content_hash
from generator.workshop.live import stored_scores
from generator.workshop.store import Store

__all__ = ["Rescored", "questionnaire_hash", "rescore_room"]


def questionnaire_hash(questionnaire: Questionnaire) -> str:
    """The hash of everything the questionnaire scores and says with (site/compile.py `content_hash`)."""
    return content_hash(questionnaire.to_client_json())


@dataclass(frozen=True)
class Rescored:
    """What start-up found for one questionnaire: rows scored with another text of it."""

    questionnaire: str
    version: int
    rescored: int  # scored again with the current text, their reports made again
    moved: int  # of those, how many now have other scores
    kept: tuple[Problem, ...]  # rows whose answers no longer fit: old scores kept, first problem of each

    def line(self) -> str:
        """The one line the server prints about it at start-up."""
        found = self.rescored + len(self.kept)
        text = (
            f"{self.questionnaire}: {found} stored answer{'s were' if found != 1 else ' was'} scored with an "
            f"earlier text of version {self.version}"
        )
        if self.rescored:
            text += (
                f"; {self.rescored} scored again with the current text ({self.moved} with other scores), "
                "their reports made again"
            )
        if self.kept:
            first = self.kept[0]
            where = f"{first.path}: {first.field}: " if first.field else f"{first.path}: "
            they, their = ("it", "its") if len(self.kept) == 1 else ("they", "their")
            text += (
                f"; {len(self.kept)} kept the scores {they} had, as {their} answers no longer fit the questionnaire "
                f"({where}{first.message}{', …' if len(self.kept) > 1 else ''})"
            )
        return text


def rescore_room(store: Store, room_id: str, questionnaires: Mapping[str, Questionnaire]) -> list[Rescored]:
    """Score again the room's rows stored with another text of their questionnaire (same version); one
    `Rescored` per questionnaire that had any. Rows stored before the hash was recorded are checked once: when
    their scores come out the same, only the hash is recorded, silently."""
    found: list[Rescored] = []
    for qid, questionnaire in sorted(questionnaires.items()):
        current = questionnaire_hash(questionnaire)
        rescored = moved = 0
        kept: list[Problem] = []
        for row in store.scored_otherwise(room_id, qid, questionnaire.version, current):
            source = f"submission {row.id}"
            try:
                document = parse_answers_document(row.exported(), source, questionnaires)
                scores = json.loads(json.dumps(stored_scores(score(questionnaire, document.answers))))
            except DealcraftError as exc:
                kept.append(exc.problems[0] if exc.problems else Problem(source, message="invalid answers"))
                continue
            if row.questionnaire_hash is None and _scored(scores) == _scored(row.scores):
                store.rescored(row.id, row.revision, scores, current, remake=False)  # unchanged: only recorded
                continue
            if store.rescored(row.id, row.revision, scores, current, remake=True):
                rescored += 1
                moved += _scored(scores) != _scored(row.scores)
        if rescored or kept:
            found.append(Rescored(qid, questionnaire.version, rescored, moved, tuple(kept)))
    return found


def _scored(scores: Mapping[str, Any]) -> Any:
    """What a participant sees of stored scores: each dimension's and the overall score and band, and the
    recommendations (a row stored by an older server may lack the item scores, which no one sees)."""
    try:
        return (
            {k: (v.get("score"), v.get("band")) for k, v in scores["dimensions"].items()},
            (scores["overall"].get("score"), scores["overall"].get("band")),
            scores.get("recommendations"),
        )
    except (KeyError, TypeError, AttributeError):
        return None
