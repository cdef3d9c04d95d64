"""What the instrument lint adds to loading a questionnaire, and what `validate --simulate N` costs.

Every build and every `serve` rebuild loads each questionnaire with `check_file`, which runs the lint (the
exact reach of every dimension's scores is the costly part). Per shipped questionnaire, interleaved in one
process so both see the same machine load:

- with:    `check_file` as it is;
- without: `check_file` with the lint switched off (the baseline).

Prints the median of each, the median of the paired with/without ratios, and the time of `simulate` for N
answer sets against scoring the same N answer sets directly (what the simulation adds to the scoring itself).

    python benchmarks/lint.py [--runs 15] [--simulate 500]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import generator.questionnaire.load as load
from generator.questionnaire.lint import lint
from generator.questionnaire.simulate import answer_sets, simulate
from generator.scoring import score

ROOT = Path(__file__).resolve().parents[1]


def _timed(fn: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--simulate", type=int, default=500)
    args = parser.parse_args()
    for file in sorted((ROOT / "questionnaires").glob("*.yaml")):
        with_lint: list[float] = []
        without: list[float] = []
        for _ in range(args.runs):
            load.lint = lint
            with_lint.append(_timed(load.check_file, file))
            load.lint = lambda model, src: None  # type: ignore[assignment]
            without.append(_timed(load.check_file, file))
        load.lint = lint
        ratios = [a / b for a, b in zip(with_lint, without, strict=True)]
        model, _ = load.check_file(file)
        assert model is not None
        sets = list(answer_sets(model, args.simulate))
        scored = _timed(lambda m, s: [score(m, a) for a in s], model, sets)
        simulated = _timed(simulate, model, args.simulate)
        print(
            f"{file.name:28} check_file {statistics.median(with_lint) * 1000:6.1f} ms with the lint, "
            f"{statistics.median(without) * 1000:6.1f} ms without (paired ratio {statistics.median(ratios):.2f}); "
            f"simulate {args.simulate}: {simulated:5.2f} s, scoring them alone {scored:5.2f} s"
        )


if __name__ == "__main__":
    main()
