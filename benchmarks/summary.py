"""Benchmark the group summary at 100, 1,000, 10,000 and 100,000 generated respondents, in one run (issue 17).

1. The anonymous trust-readiness summary, each size in a fresh interpreter warmed by one small summary (as a
   batch worker is): respondents are streamed, drawn at random from a pool of scored results that is the same
   for every size, and counted into a GroupTally (making them up is timed apart and taken off the counting);
   then the PDF is rendered (template and WeasyPrint, what the
   issue's table timed; median of three). Prints counting, PDF and total time, the process's peak RSS, and the
   ratio of each to the 100-respondent run. Goals: 10,000 within 1.5x of 100, 100,000 within 2x, flat memory.
2. The whole command, `dealcraft report FILE.jsonl --summary-only`, on generated JSON Lines: reading,
   validating and scoring grow with the file (time per respondent); the peak memory should not.
3. A named summary against the anonymous one plus bare WeasyPrint on a plain table of the same rows: the
   named list must grow with the group, but should cost no more than that plain table.

Usage: .venv/bin/python benchmarks/summary.py [--sizes 100 1000 10000 100000] [--command 1000 10000 100000]
                                              [--named 1000 3000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from generator.questionnaire.load import load_questionnaires  # noqa: E402
from generator.questionnaire.model import Questionnaire, Result  # noqa: E402
from generator.report.batch import NAMED_ROW_SECONDS  # noqa: E402
from generator.report.context import Branding  # noqa: E402
from generator.report.render import DEFAULT_TIME_LIMIT, Renderer, RenderOptions, peak_rss_mb  # noqa: E402
from generator.report.summary import GroupTally, summary_context  # noqa: E402
from generator.scoring import score  # noqa: E402
from tests.respondents import answers_documents, write_jsonl  # noqa: E402

QID = "trust-readiness"
POOL = 2_000  # distinct scored respondents every size draws from


def _pool(questionnaire: Questionnaire) -> list[Result]:
    return [score(questionnaire, d["answers"]) for d in answers_documents(questionnaire, POOL)]


def _stream(pool: Sequence[Result], n: int, seed: int = 5) -> Iterator[tuple[str, str, Result]]:
    """n respondents, one at a time (nothing is kept): a numbered name, a date and a result from the pool."""
    rng = random.Random(seed)
    for i in range(n):
        yield f"Respondent {i}", f"2026-11-{1 + i % 28:02d}T09:00:00Z", rng.choice(pool)


def _summary_pdf(renderer: Renderer, tally: GroupTally) -> bytes:
    """As the batch renders it, with the time limit a named list adds."""
    html = renderer.html("summary.html.j2", summary_context(tally, Branding()).template_vars())
    return renderer.pdf(html, DEFAULT_TIME_LIMIT + NAMED_ROW_SECONDS * len(tally.people))


class _Clock:
    """Wall-clock and CPU seconds of a block; CPU time is the steadier figure on a shared, busy machine. The CPU
    time counts the worker processes the block started and waited for (the command renders in one)."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, _cpu() - self.cpu


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def child_summary(n: int, named: bool) -> dict[str, Any]:
    """Section 1 (and 3): count n streamed respondents, render the summary PDF three times; times and memory."""
    questionnaire = load_questionnaires(ROOT / "questionnaires")[QID]
    pool = _pool(questionnaire)
    renderer = Renderer(RenderOptions())
    warm = GroupTally(questionnaire)
    for name, when, result in _stream(pool, 12):
        warm.add(name, when, result)
    _summary_pdf(renderer, warm)
    with _Clock() as streaming:  # making up the respondents is the benchmark's own cost: measured, then taken off
        for _ in _stream(pool, n):
            pass
    with _Clock() as counting:
        tally = GroupTally(questionnaire, named=named)
        for name, when, result in _stream(pool, n):
            tally.add(name, when, result)
    counting.wall, counting.cpu = max(0.0, counting.wall - streaming.wall), max(0.0, counting.cpu - streaming.cpu)
    runs, pdf = [], b""
    for _ in range(3):
        with _Clock() as clock:
            pdf = _summary_pdf(renderer, tally)
        runs.append(clock)
    return {
        "count": [counting.wall, counting.cpu],
        "pdf": [statistics.median(c.wall for c in runs), statistics.median(c.cpu for c in runs)],
        "peak_mb": peak_rss_mb(),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
    }


def child_plain_table(n: int) -> dict[str, Any]:
    """Section 3's baseline: bare WeasyPrint (default styles) on a plain three-column table of n rows, as a plain
    PDF and as a tagged one (pdf/ua-1, as every dealcraft PDF is: tagging a table costs about a third more)."""
    from weasyprint import HTML

    rows = "".join(f"<tr><td>Respondent {i}</td><td>{50 + i % 40}</td><td>Developing</td></tr>" for i in range(n))
    html = (
        '<html lang="en"><head><title>Names</title></head><body><table>'
        f"<thead><tr><th>Name</th><th>Overall</th><th>Band</th></tr></thead>{rows}</table></body></html>"
    )
    HTML(string="<p>warm</p>").write_pdf()
    out: dict[str, Any] = {}
    for key, variant in (("plain", None), ("tagged", "pdf/ua-1")):
        runs = []
        for _ in range(3):
            with _Clock() as clock:
                HTML(string=html).write_pdf(pdf_variant=variant)
            runs.append(clock)
        out[key] = [statistics.median(c.wall for c in runs), statistics.median(c.cpu for c in runs)]
    return out


def child_command(path: Path, out: Path) -> dict[str, Any]:
    """Section 2: the command's own function on a JSON Lines file, in this (fresh) process."""
    from generator.report import render_reports

    questionnaires = load_questionnaires(ROOT / "questionnaires")
    with _Clock() as clock:
        result = render_reports([path], out, questionnaires, branding=Branding(), jobs=1, summary_only=True)
    assert not result.failures and len(result.summaries) == 1, result.failures[:3]
    # The command's peak: this process's (reading, scoring, counting) or its render worker's, whichever is higher.
    peak = max([peak_rss_mb(), *(stat.peak_rss_mb for stat in result.stats)])
    return {"elapsed": [clock.wall, clock.cpu], "peak_mb": peak}


def _child(*args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True)
    data: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return data


def summaries(sizes: Sequence[int]) -> None:
    print("1. Anonymous summary: respondents streamed and counted, then the PDF rendered; a fresh process per size.")
    print("   Each time as wall clock / CPU seconds; ratios to the first size (CPU is steadier on a busy machine).")
    print(f"   {'respondents':>11}  {'counting':>11}  {'PDF':>11}  {'total':>11}  {'peak RSS':>8}  pages  ratios")
    first: dict[str, Any] | None = None
    for n in sizes:
        d = _child("summary", str(n), "anonymous")
        d["total"] = [d["count"][0] + d["pdf"][0], d["count"][1] + d["pdf"][1]]
        first = first or d

        def pair(key: str, data: dict[str, Any] = d) -> str:
            return f"{data[key][0]:5.2f}/{data[key][1]:5.2f}"

        print(
            f"   {n:>11,}  {pair('count')}  {pair('pdf')}  {pair('total')}  {d['peak_mb']:5.0f} MB  {d['pages']:>5}"
            f"  PDF x{d['pdf'][0] / first['pdf'][0]:.2f}/x{d['pdf'][1] / first['pdf'][1]:.2f},"
            f" total x{d['total'][0] / first['total'][0]:.2f}/x{d['total'][1] / first['total'][1]:.2f},"
            f" memory x{d['peak_mb'] / first['peak_mb']:.2f}"
        )


def command(sizes: Sequence[int], folder: Path) -> None:
    print("2. dealcraft report FILE.jsonl --summary-only (read, validate, score, count, render; one process):")
    questionnaire = load_questionnaires(ROOT / "questionnaires")[QID]
    first: dict[str, Any] | None = None
    for n in sizes:
        path = write_jsonl(folder / f"{QID}-{n}.jsonl", questionnaire, n)
        d = _child("command", str(path), str(folder / f"out-{n}"))
        first = first or d
        path.unlink()
        wall, cpu = d["elapsed"]
        print(
            f"   {n:>9,} respondents: {wall:6.1f} s wall, {cpu:6.1f} s CPU ({cpu / n * 1e6:4.0f} µs CPU each),"
            f" peak RSS {d['peak_mb']:4.0f} MB (x{d['peak_mb'] / first['peak_mb']:.2f})"
        )


def named(sizes: Sequence[int]) -> None:
    print("3. Named summary vs the anonymous one, and bare WeasyPrint on a plain table of the same rows (CPU s):")
    for n in sizes:
        with_names = _child("summary", str(n), "named")
        anonymous = _child("summary", str(n), "anonymous")
        table = _child("table", str(n))
        extra = with_names["pdf"][1] - anonymous["pdf"][1]
        plain, tagged = table["plain"][1], table["tagged"][1]
        print(
            f"   {n:>6,} names: named {with_names['pdf'][1]:6.2f} s ({with_names['pages']} pages,"
            f" peak {with_names['peak_mb']:.0f} MB), anonymous {anonymous['pdf'][1]:5.2f} s: the list adds"
            f" {extra:6.2f} s. A plain table of {n:,} rows: {plain:6.2f} s, tagged {tagged:6.2f} s"
            f" (list/tagged table x{extra / tagged:.2f}, list/plain x{extra / plain:.2f})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1_000, 10_000, 100_000])
    parser.add_argument("--command", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--named", type=int, nargs="*", default=[1_000, 3_000])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "summary":
            data = child_summary(int(rest[0]), rest[1] == "named")
        elif kind == "table":
            data = child_plain_table(int(rest[0]))
        else:
            data = child_command(Path(rest[0]), Path(rest[1]))
        print(json.dumps(data))
        return 0
    print(f"dealcraft summary benchmark on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.sizes:
            summaries(args.sizes)
        if args.command:
            command(args.command, Path(tmp))
        if args.named:
            named(args.named)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
