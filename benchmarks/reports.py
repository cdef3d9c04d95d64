"""Benchmark the PDF reports against bare WeasyPrint on the same HTML, in the same run (issue 5, "Benchmark").

Prints:
1. per-report time in a warm process: our whole pipeline (parse, score, context, Jinja, WeasyPrint, write) vs
   bare WeasyPrint on the very HTML we produced, both naive (new FontConfiguration, CSS parsed per call) and
   warm (reused), interleaved report by report so a noisy machine hits both alike, with the median of the paired
   per-report ratios beside the ratio of medians; then pages per report, bare
   time per page, and bare time for the same report cut to cover, summary and dimensions (about four pages, the
   size of the issue's reference report);
2. throughput of N reports (default 200) with --jobs 1 and --jobs 2, and the speed-up;
3. peak RSS per worker process after 50 and after 500 reports (VmHWM of each worker);
4. what isolating --jobs 1 costs: N reports (default 48) rendered by the one supervised worker the command uses,
   against the same batch rendered in the parent process as dealcraft did before (patched in here as the
   baseline), alternating the two for a few rounds, with per-report times and the paired ratio.

Sections 2 to 4 run each batch in a fresh interpreter, as the command does, so the workers' memory is
not inflated by what this process rendered in section 1.

Usage: .venv/bin/python benchmarks/reports.py [--warm 12] [--throughput 200] [--memory 50 500]
                                              [--isolation 48 --rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from generator.errors import Problem  # noqa: E402
from generator.questionnaire.load import load_questionnaires  # noqa: E402
from generator.questionnaire.model import Questionnaire  # noqa: E402
from generator.report import batch  # noqa: E402
from generator.report.batch import RenderStat, ReportTask, _Worker, _WorkerSetup, render_reports  # noqa: E402
from generator.report.context import Branding, ReportInput, report_context  # noqa: E402
from generator.report.render import PAPERS, TEMPLATES_DIR, RenderOptions, peak_rss_mb  # noqa: E402
from generator.scoring import score  # noqa: E402

WORKSHOP = ROOT / "examples" / "workshop"
LATER_SECTIONS = re.compile(r'<section class="dc-(?:zone|actions|own-words|appendix)">.*?</section>', re.S)


def make_inputs(folder: Path, n: int) -> list[Path]:
    """n distinct answers documents: the sample workshop's 24, cycled, each with a numbered name."""
    sources = sorted(WORKSHOP.rglob("*.json"))
    paths = []
    for i in range(n):
        data = json.loads(sources[i % len(sources)].read_text(encoding="utf-8"))
        data["respondent"]["name"] = f"{data['respondent']['name']} {i:04d}"
        path = folder / f"doc-{i:04d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def warm_per_report(paths: Sequence[Path], questionnaires: dict[str, Questionnaire], out: Path) -> None:
    """Our pipeline vs bare WeasyPrint on the same HTML, in this process, interleaved."""
    from generator.answers.validate import parse_answers_document, read_answers_file

    branding = Branding()
    options = RenderOptions()
    worker = _Worker(_WorkerSetup(questionnaires, branding, options))
    page_css = f"@page {{ size: {PAPERS[options.paper]}; }} :root {{ --dc-accent: {options.accent}; }}"
    css_file = str(TEMPLATES_DIR / "report.css")
    warm_fonts = FontConfiguration()
    warm_css = [CSS(filename=css_file, font_config=warm_fonts), CSS(string=page_css, font_config=warm_fonts)]
    ours, naive, warm, short = [], [], [], []
    pages, short_pages = [], []
    for i, path in enumerate([*paths[:2], *paths]):  # the first two only warm up caches
        document = read_answers_file(path, questionnaires)
        data = document.model_dump(mode="json")
        questionnaire = questionnaires[document.questionnaire]
        html = worker.renderer.html(
            "report.html.j2",
            report_context(
                ReportInput(str(path), document, score(questionnaire, document.answers)), questionnaire, branding
            ).template_vars(),
        )
        start = time.perf_counter()
        # What one report costs in a batch: the parent validates and scores once, the worker renders.
        parsed = parse_answers_document(data, str(path), questionnaires)
        item = ReportInput(str(path), parsed, score(questionnaire, parsed.answers))
        worker.report(ReportTask(item, out / f"ours-{i}.pdf"))
        t_ours = time.perf_counter() - start
        start = time.perf_counter()
        fonts = FontConfiguration()
        HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/").write_pdf(
            out / f"naive-{i}.pdf",
            stylesheets=[CSS(filename=css_file, font_config=fonts), CSS(string=page_css, font_config=fonts)],
            font_config=fonts,
            pdf_variant="pdf/ua-1",
        )
        t_naive = time.perf_counter() - start
        start = time.perf_counter()
        HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/").write_pdf(
            out / f"warm-{i}.pdf", stylesheets=warm_css, font_config=warm_fonts, pdf_variant="pdf/ua-1"
        )
        t_warm = time.perf_counter() - start
        # The reference point is a 4-page report: the same report without its last four sections.
        cut = LATER_SECTIONS.sub("", html)
        start = time.perf_counter()
        cut_doc = HTML(string=cut, base_url=TEMPLATES_DIR.as_uri() + "/").render(
            stylesheets=warm_css, font_config=warm_fonts, pdf_variant="pdf/ua-1"
        )
        cut_doc.write_pdf(out / f"short-{i}.pdf", pdf_variant="pdf/ua-1")
        t_short = time.perf_counter() - start
        if i >= 2:
            ours.append(t_ours)
            naive.append(t_naive)
            warm.append(t_warm)
            short.append(t_short)
            pages.append(len(PdfReader(out / f"warm-{i}.pdf").pages))
            short_pages.append(len(cut_doc.pages))
    m_ours, m_naive, m_warm = (statistics.median(x) for x in (ours, naive, warm))
    print(f"1. Per-report time in a warm process (median of {len(ours)}, same HTML):")
    print(f"   dealcraft pipeline (parse+score+context+Jinja+PDF+write): {m_ours * 1000:7.0f} ms")
    print(
        f"   bare WeasyPrint, naive (new FontConfiguration, CSS parsed): {m_naive * 1000:7.0f} ms"
        f"   ours/naive = {m_ours / m_naive:.2f}"
    )
    print(
        f"   bare WeasyPrint, warm (reused FontConfiguration and CSS):   {m_warm * 1000:7.0f} ms"
        f"   ours/warm  = {m_ours / m_warm:.2f}"
    )
    paired = statistics.median(o / w for o, w in zip(ours, warm, strict=True))
    print(f"   ours/warm report by report (median of the paired ratios, steadier on a busy machine): {paired:.2f}")
    m_pages, m_short_pages, m_short = statistics.median(pages), statistics.median(short_pages), statistics.median(short)
    print(
        f"   pages per report: {m_pages:g}; bare warm per page: {m_warm / m_pages * 1000:.0f} ms."
        f" Cover, summary and dimensions only ({m_short_pages:g} pages): {m_short * 1000:.0f} ms"
    )


def batch_in_child(folder: Path, n: int, jobs: int, out: Path, *, in_process: bool = False) -> dict[str, Any]:
    """Run render_reports in a fresh interpreter, as `dealcraft report` would: the workers fork from a small
    parent, so their memory is theirs and not what this benchmark process accumulated."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(n), str(jobs), str(out)]
        + (["--in-process"] if in_process else []),
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return data


def in_process(
    tasks: Sequence[batch.Task], setup: _WorkerSetup, jobs: int | None, console: Any
) -> Iterator[RenderStat | Problem]:
    """The baseline of section 4: every task rendered in the parent process, as --jobs 1 did before it was given
    a supervised worker (a native crash there ended the run)."""
    worker = _Worker(setup)
    for task in tasks:
        yield batch._run_task(worker, task)


def child(folder: Path, n: int, jobs: int, out: Path, *, in_parent: bool = False) -> None:
    """The child side: render the first n inputs with `jobs` workers (or all in this process, `in_parent`); print
    timing and per-worker memory."""
    if in_parent:
        batch._execute = in_process
    questionnaires = load_questionnaires(ROOT / "questionnaires")
    paths = sorted(folder.glob("doc-*.json"))[:n]
    start_rss = peak_rss_mb()
    start, start_cpu = time.perf_counter(), cpu_seconds()
    result = render_reports(paths, out, questionnaires, branding=Branding(), jobs=jobs)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
    assert not result.failures, result.failures[:3]
    peaks: dict[int, float] = {}
    for stat in result.stats:
        peaks[stat.pid] = max(peaks.get(stat.pid, 0.0), stat.peak_rss_mb)
    print(
        json.dumps(
            {
                "written": len(result.written),
                "elapsed": elapsed,
                "cpu": cpu,
                "render": statistics.median(stat.seconds for stat in result.stats),
                "peaks": sorted(peaks.values()),
                "parent_rss_at_start": start_rss,
            }
        )
    )


def cpu_seconds() -> float:
    """CPU seconds of this process and of the workers it has waited for (the pool joins them when it stops)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def throughput(folder: Path, n: int, out: Path) -> None:
    rates = {}
    for jobs in (1, 2):
        data = batch_in_child(folder, n, jobs, out / f"jobs{jobs}")
        rates[jobs] = data["written"] / data["elapsed"]
        print(
            f"2. {data['written']} reports with --jobs {jobs}: {data['elapsed']:6.1f} s, {rates[jobs]:5.2f} reports/s"
        )
    print(f"   speed-up --jobs 2 vs --jobs 1: x{rates[2] / rates[1]:.2f}")


def memory(folder: Path, counts: Sequence[int], out: Path) -> None:
    for n in counts:
        data = batch_in_child(folder, n, 2, out / f"mem{n}")
        shown = ", ".join(f"{v:.0f} MB" for v in data["peaks"])
        print(
            f"3. Peak RSS (VmHWM) per worker after {n} reports (--jobs 2): {shown}"
            f"  (parent before forking: {data['parent_rss_at_start']:.0f} MB)"
        )


def isolation(folder: Path, n: int, rounds: int, out: Path) -> None:
    """--jobs 1 in one supervised worker against the same batch in the parent process, alternating (ABBA order,
    so a machine that gets busier or quieter during the run favours neither). Per report: wall time of the
    batch, CPU time of the batch (parent and worker: steadier on a busy machine) and the render alone."""
    runs: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for r in range(rounds):
        for parent in (True, False) if r % 2 == 0 else (False, True):
            runs[parent].append(batch_in_child(folder, n, 1, out / f"iso-{r}-{parent}", in_process=parent))
    print(f"4. --jobs 1, {n} reports, {rounds} rounds alternating; per report, median of the rounds (the rounds):")
    for key, what in (("elapsed", "wall"), ("cpu", "CPU"), ("render", "render")):
        per = {p: [d[key] / (d["written"] if key != "render" else 1) for d in runs[p]] for p in (True, False)}
        before, after = statistics.median(per[True]), statistics.median(per[False])
        paired = statistics.median(a / b for a, b in zip(per[False], per[True], strict=True))
        print(
            f"   {what:>6}: in the parent (before) {before * 1000:5.0f} ms ({fmt_ms(per[True])}); "
            f"in one worker (now) {after * 1000:5.0f} ms ({fmt_ms(per[False])}); paired ratio {paired:.3f}"
        )


def fmt_ms(values: Sequence[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=12, help="reports timed in the warm comparison")
    parser.add_argument("--throughput", type=int, default=200, help="reports per throughput run")
    parser.add_argument("--memory", type=int, nargs="*", default=[50, 500], help="batch sizes for peak RSS")
    parser.add_argument("--isolation", type=int, default=48, help="reports per run of the --jobs 1 isolation check")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the isolation check (each runs both ways)")
    parser.add_argument("--child", nargs=4, metavar=("FOLDER", "N", "JOBS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        folder, n, jobs, out = args.child
        child(Path(folder), int(n), int(jobs), Path(out), in_parent=args.in_process)
        return 0
    questionnaires = load_questionnaires(ROOT / "questionnaires")
    print(f"dealcraft report benchmark on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        paths = make_inputs(folder / "in", max([args.throughput, args.warm, args.isolation, *args.memory]))
        if args.warm:
            (folder / "warm").mkdir()
            warm_per_report(paths[: args.warm], questionnaires, folder / "warm")
        if args.throughput:
            throughput(folder / "in", args.throughput, folder)
        if args.memory:
            memory(folder / "in", args.memory, folder)
        if args.isolation and args.rounds:
            isolation(folder / "in", args.isolation, args.rounds, folder)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
