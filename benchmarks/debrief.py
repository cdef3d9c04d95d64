"""Benchmark the role-play debrief: pairing a room, and rendering its group PDF, each against a baseline run in the
same process.

1. `pair_up` on generated rooms of 10, 100, 1,000 and 10,000 pairs (every check, every problem as a value)
   against a bare baseline that only groups the same answers by pair code and computes the buyer's share.
   Prints the median time of five runs and the ratio; the pairing should stay a small multiple of the bare
   loop and grow linearly.
2. The group debrief PDF (template and WeasyPrint) for rooms of 10 and 100 pairs, against the group summary
   PDF of the example workshop (12 people), the report of the same kind a facilitator already prints.

Usage: .venv/bin/python benchmarks/debrief.py [--sizes 10 100 1000 10000] [--pdf 10 100]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.debrief import Debrief, pair_up  # noqa: E402
from generator.exercise import load_exercise  # noqa: E402
from generator.report.context import Branding  # noqa: E402
from generator.report.debrief import RoomInput, debrief_context  # noqa: E402
from generator.report.render import Renderer, RenderOptions, template_env  # noqa: E402

EXERCISE = load_exercise(ROOT / "content" / "exercises" / "espresso-deal.yaml")
TERMS = [[o.id for o in i.options] for i in EXERCISE.issues]


def room(pairs: int, seed: int = 7) -> list[Debrief]:
    """A room of `pairs` pairs, deals near the middle of the zone, varied guesses, terms and openers."""
    rng = random.Random(seed)
    people: list[Debrief] = []
    for n in range(pairs):
        code = f"P{n + 1:02d}"
        deal = rng.random() < 0.85
        price = float(rng.randrange(3600, 4201, 25)) if deal else None
        terms = tuple((i.id, rng.choice(opts)) for i, opts in zip(EXERCISE.issues, TERMS, strict=True)) if deal else ()
        opener = rng.choice(["buyer", "seller"])
        first = float(rng.randrange(3300, 4700, 50))
        sat = (("sat_outcome", rng.uniform(0, 100)), ("sat_process", rng.uniform(0, 100)))
        for role, limit in (("buyer", 4200.0), ("seller", 3600.0)):
            people.append(
                Debrief(
                    source=f"{code}-{role}.json",
                    pair=code,
                    role=role,  # type: ignore[arg-type]
                    walk_away=limit,
                    estimate_other=float(rng.randrange(3300, 4600, 50)),
                    first_offer=first,
                    opened="me" if opener == role else "them",
                    outcome="deal" if deal else "no_deal",
                    price=price,
                    issues=terms,
                    satisfaction=sat,
                )
            )
    return people


def bare(people: list[Debrief]) -> list[float | None]:
    """The least a pairing can do: group by code, take both sides, compute the share."""
    groups: dict[str | None, dict[str | None, Debrief]] = {}
    for d in people:
        groups.setdefault(d.pair, {})[d.role] = d
    shares: list[float | None] = []
    for sides in groups.values():
        b, s = sides["buyer"], sides["seller"]
        if b.price is None or b.walk_away is None or s.walk_away is None or b.walk_away <= s.walk_away:
            shares.append(None)
        else:
            shares.append((b.walk_away - b.price) / (b.walk_away - s.walk_away))
    return shares


def median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000, 10000])
    parser.add_argument("--pdf", type=int, nargs="*", default=[10, 100])
    args = parser.parse_args()

    print("1. Pairing (median of 5 runs)")
    print(f"{'pairs':>7} {'pair_up ms':>11} {'bare ms':>9} {'ratio':>6} {'us/pair':>8}")
    for n in args.sizes:
        people = room(n)
        ours = median_ms(lambda p=people: pair_up(p, EXERCISE))
        base = median_ms(lambda p=people: bare(p))
        print(f"{n:>7} {ours:>11.2f} {base:>9.2f} {ours / base:>6.1f} {1000 * ours / n:>8.1f}")

    print("\n2. Group PDFs (median of 3 renders; one warm renderer)")
    renderer = Renderer(RenderOptions())
    branding = Branding()
    from generator.questionnaire.load import load_questionnaires
    from generator.report.summary import GroupTally, summary_context
    from generator.scoring import score

    questionnaires = load_questionnaires(ROOT / "questionnaires")
    q = questionnaires["trust-readiness"]
    tally = GroupTally(q, named=False)
    import json

    for path in sorted((ROOT / "examples" / "workshop" / "trust-readiness").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        tally.add(
            doc["respondent"].get("name", ""), doc.get("submitted_at", ""), score(q, doc["answers"]), doc["answers"]
        )
    summary_html = (
        template_env().get_template("summary.html.j2").render(**summary_context(tally, branding).template_vars())
    )
    renderer.pdf(summary_html)  # warm up fonts and CSS
    base = median_ms(lambda: renderer.pdf(summary_html), runs=3)
    print(f"{'group summary, 12 people (baseline)':<38} {base:>8.0f} ms")
    for n in args.pdf:
        analysis = pair_up(room(n), EXERCISE)
        context = debrief_context(RoomInput(analysis, ()), EXERCISE, branding)
        html = template_env().get_template("debrief.html.j2").render(**context.template_vars())
        ms = median_ms(lambda h=html: renderer.pdf(h), runs=3)
        pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(renderer.pdf(html))).pages)
        print(f"{f'group debrief, {n} pairs ({pages} pages)':<38} {ms:>8.0f} ms  x{ms / base:.2f} of the baseline")


if __name__ == "__main__":
    main()
