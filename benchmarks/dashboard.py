"""Benchmark the workshop dashboard's poll (live.questionnaire_view, what /facilitator/state.json builds for each
questionnaire every two seconds) for rooms of 30, 300 and 1,000 people, in one run.

The view reads the scores stored with each send (live.stored_result) and scores nothing. Printed per size: the
median time of one view as it is and with every submission scored again on each poll (the baseline: the view
before it read the stored scores), interleaved round by round so a noisy machine hits both alike; their ratio;
and the time of scoring the room alone.

A second table times a room where everyone also answered the 'after' round: the view of both rounds (strips of
the first round plus the paired shift, live.pairs_of) against the view of the first round alone (the baseline:
the same room before the after round opened), interleaved the same way, and the pairing alone.

Usage: .venv/bin/python benchmarks/dashboard.py [--people 30 300 1000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import scoring  # noqa: E402
from generator.questionnaire.load import load_questionnaires  # noqa: E402
from generator.questionnaire.model import Questionnaire, Result  # noqa: E402
from generator.report.context import Branding  # noqa: E402
from generator.workshop import live  # noqa: E402
from generator.workshop.live import pairs_of, questionnaire_view  # noqa: E402
from generator.workshop.store import Store, Submission  # noqa: E402
from tests.respondents import answers_documents  # noqa: E402

QID = "trust-readiness"


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _room(
    questionnaire: Questionnaire, size: int, folder: Path, rounds: tuple[str, ...] = ("before",)
) -> list[Submission]:
    """`size` generated people's submissions in each of `rounds`, stored and read back as the dashboard reads them."""
    store = Store.open(str(folder / f"room-{size}-{len(rounds)}.db"))
    room = store.open_room()
    documents = list(answers_documents(questionnaire, len(rounds) * size))
    for k, round_ in enumerate(rounds):
        store.set_round(room.id, round_)
        for n, doc in enumerate(documents[k * size : (k + 1) * size]):
            result = scoring.score(questionnaire, doc["answers"])
            scores = live.stored_scores(result)
            store.submit(room.id, f"benchmark-participant-{n:06d}", QID, questionnaire.version, None, doc, scores)
    subs = list(store.submissions(room.id, QID))
    store.close()
    return subs


def _measure_rounds(questionnaire: Questionnaire, subs: list[Submission], rounds: int) -> tuple[float, float, float]:
    """Median seconds of one view of both rounds, of the first round alone, and of the pairing alone."""
    first = [s for s in subs if s.round == "before"]

    def both() -> None:
        questionnaire_view(questionnaire, subs, min_group=5, branding=Branding())

    def before_only() -> None:
        questionnaire_view(questionnaire, first, min_group=5, branding=Branding())

    ours: list[float] = []
    base: list[float] = []
    pairing: list[float] = []
    both()
    for _ in range(rounds):
        ours.append(_timed(both))
        base.append(_timed(before_only))
        pairing.append(_timed(lambda: pairs_of(questionnaire, subs)))
    return statistics.median(ours), statistics.median(base), statistics.median(pairing)


def _rescored(questionnaire: Questionnaire, submission: Submission) -> Result:
    return scoring.score(questionnaire, submission.document.get("answers") or {})


def _measure(questionnaire: Questionnaire, subs: list[Submission], rounds: int) -> tuple[float, float, float]:
    """Median seconds of one view from the stored scores, with every submission scored again, and of scoring
    the room alone."""
    stored = live.stored_result

    def view() -> None:
        questionnaire_view(questionnaire, subs, min_group=5, branding=Branding())

    def scores() -> None:
        for s in subs:
            scoring.score(questionnaire, s.document["answers"])

    ours: list[float] = []
    base: list[float] = []
    alone: list[float] = []
    view()  # warm: imports, templates and the parse cache
    try:
        for _ in range(rounds):
            live.stored_result = stored
            ours.append(_timed(view))
            alone.append(_timed(scores))
            live.stored_result = _rescored
            base.append(_timed(view))
    finally:
        live.stored_result = stored
    return statistics.median(ours), statistics.median(base), statistics.median(alone)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, nargs="*", default=[30, 300, 1000], help="room sizes")
    parser.add_argument("--rounds", type=int, default=7, help="timed polls per size and variant")
    args = parser.parse_args(argv)
    questionnaire = load_questionnaires(ROOT / "questionnaires")[QID]
    print(f"{QID}: one dashboard view (ms, median of {args.rounds}); baseline scores every submission again")
    print(f"{'people':>7} {'stored':>9} {'rescored':>9} {'ratio':>6} {'scoring alone':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.people:
            ours, base, alone = _measure(questionnaire, _room(questionnaire, size, Path(tmp)), args.rounds)
            print(f"{size:>7} {ours * 1000:>9.0f} {base * 1000:>9.0f} {base / ours:>5.1f}x {alone * 1000:>13.0f}")
        print(f"\n{QID}, everyone in both rounds: one view (ms, median of {args.rounds}) against the first round alone")
        print(f"{'people':>7} {'both':>9} {'first':>9} {'ratio':>6} {'pairing alone':>14}")
        for size in args.people:
            room = _room(questionnaire, size, Path(tmp), ("before", "after"))
            ours, base, pairing = _measure_rounds(questionnaire, room, args.rounds)
            print(f"{size:>7} {ours * 1000:>9.0f} {base * 1000:>9.0f} {ours / base:>5.1f}x {pairing * 1000:>13.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
