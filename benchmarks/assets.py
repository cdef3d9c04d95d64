"""Weight and speed of the self-assessment forms in the browser.

Prints three figures against their goals (issue 4):

1. gzipped bytes of the JS modules and the CSS a quiz page loads (goal: at most 20 KB together): quiz.mjs and
   its static imports (QUIZ_MODULES, which tests/unit/test_site.py checks against the imports), and dealcraft.css,
   as the site publishes them (modules without comments; the figure as written is printed beside it); a
   questionnaire with a bargaining zone also loads the zone diagram's modules and zone.css, printed apart.
   Expressions come parsed in the page, so the parser is not among them;
2. for a generated 60-question form in Chromium, the time from the end of HTML parsing (domInteractive, when
   module scripts start) until the form is mounted and interactive, its compiled questionnaire fetched (a JSON
   file of its own), and the mount call alone, that fetch included (goal: 50 ms);
3. the time to validate, score and render the results for a fully answered form, layout included
   (goal: 16 ms, one frame): on the first submit of a fresh page right after it loads, on the first submit of a
   fresh page where the first answer was given and the page then idled (as while a participant answers: the form
   warms up its results after the first answer), and on a second submit.

Timings are medians (with min and max) over fresh page loads in one browser; on a shared machine, use 15 or more.

    python benchmarks/assets.py [--runs 15]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import random
import statistics
import tempfile
import threading
from pathlib import Path
from typing import Any

from generator.questionnaire.model import Questionnaire
from generator.site import assets, compiled_file, form_html
from generator.site.assets import QUIZ_MODULES, ZONE_MODULES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ("core/evaluate", "core/scoring")  # the evaluator and scorer the tests share; the rest are the forms' own


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def weight() -> None:
    base = ROOT / "generator" / "assets"
    js = base / "javascripts"
    shipped = {asset.source: asset.content() for asset in assets()}
    modules = QUIZ_MODULES
    files = [js / f"{m}.mjs" for m in modules] + [base / "stylesheets" / "dealcraft.css"]
    total = source_total = 0
    print("1. Transfer weight (gzip -9) of what a quiz page loads (quiz.mjs and its static imports, and the CSS),")
    print("   as published (modules without comments) and, for comparison, as written")
    for f in files:
        size, source = gzipped(shipped[f]), gzipped(f.read_bytes())
        total += size
        source_total += source
        name = f.relative_to(base).as_posix()
        print(f"   {name:34} {len(shipped[f]):7,d} B raw {size:7,d} B gzip (as written {source:7,d} B)")
    ours = total - sum(gzipped(shipped[js / f"{m}.mjs"]) for m in SHARED if m in modules)
    verdict = "ok" if total <= 20_000 else "over"
    print(f"   total {total:,d} B gzip (forms' own files {ours:,d} B; goal <= 20,000 B: {verdict});", end=" ")
    print(f"as written {source_total:,d} B")
    extra = [m for m in ZONE_MODULES if m not in modules]
    zone_files = [js / f"{m}.mjs" for m in extra] + [base / "stylesheets" / "zone.css"]
    zone = sum(gzipped(shipped[f]) for f in zone_files)
    print(f"   a questionnaire with a zone also loads {', '.join(extra)} and zone.css: +{zone:,d} B gzip")


def sixty_questions() -> Questionnaire:
    """A synthetic questionnaire of 60 questions of every type, with show_if and recommendations."""
    rnd = random.Random(60)
    dims = [f"d{i}" for i in range(6)]
    questions: list[dict[str, Any]] = []
    for i in range(60):
        d = dims[i % 6]
        kind = "likert" if i < 48 else ("choice" if i < 54 else ("multi" if i < 57 else "number" if i < 59 else "text"))
        q: dict[str, Any] = {"id": f"q{i}", "type": kind, "text": f"Question {i}: how often do you do thing {i}?"}
        if kind in ("likert", "choice", "multi"):
            q["dimension"] = d
        if kind in ("choice", "multi"):
            scores = [rnd.choice([0, 25, 50, 75, 100]) for _ in range(4)]
            q["options"] = [{"id": f"o{k}", "label": f"Option {k}", "score": s} for k, s in enumerate(scores)]
        if kind == "number":
            q["min"] = 0
        if kind == "text":
            q["required"] = False
        if i % 10 == 9 and i < 48:
            q["show_if"] = f"q{i - 1} >= 2"
        q["help"] = "Answer for what you usually *do*." if i % 5 == 0 else None
        questions.append({k: v for k, v in q.items() if v is not None})
    return Questionnaire.model_validate(
        {
            "id": "bench",
            "title": "Benchmark questionnaire",
            "version": 1,
            "bands": [{"id": "a", "min": 0, "label": "A"}, {"id": "b", "min": 50, "label": "B"}],
            "dimensions": [{"id": d, "title": f"Dimension {d}", "feedback": {"a": "Low.", "b": "High."}} for d in dims],
            "questions": questions,
            "computed": [{"id": "total", "expr": "q58 + q57 * 0"}],
            "recommendations": [{"id": f"r{i}", "when": f"score.d{i} < 50", "text": f"Work on {i}."} for i in range(5)],
        }
    )


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchmark form</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>Benchmark questionnaire</h1>
{form}
</main></body></html>"""

MOUNT_PROBE = """
window.__mountedAt = null;
new MutationObserver((list, obs) => {
  for (const m of list) if (m.target.dataset && m.target.dataset.dcMounted === '') {
    window.__mountedAt = performance.now(); obs.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-dc-mounted']});
"""

IDLE = "() => new Promise((done) => requestIdleCallback(() => setTimeout(done, 50)))"

FILL_AND_SUBMIT = """async () => {
  const { controllerFor, mountQuiz } = await import('../../assets/dealcraft/javascripts/quiz/quiz.mjs');
  const root = document.querySelector('.dc-quiz');
  for (const q of document.querySelectorAll('[data-question]')) {
    const inputs = q.querySelectorAll('input[type=radio], input[type=checkbox]');
    if (inputs.length) inputs[inputs.length - 2].checked = true;
    const n = q.querySelector('input[type=number]');
    if (n) n.value = '1234';
  }
  const c = controllerFor(root);
  c.update();
  document.body.offsetHeight; // a participant sees a frame after each answer: settle style and layout first
  const t0 = performance.now();
  const ok = c.submit();
  document.body.offsetHeight; // include style and layout of the results
  const t1 = performance.now();
  // A second submit: the same work with the code already compiled by the JIT.
  const w0 = performance.now();
  c.submit();
  document.body.offsetHeight;
  const w1 = performance.now();
  // The mount call alone, on a fresh copy of the markup (the first root is already mounted).
  const copy = root.cloneNode(true);
  delete copy.dataset.dcMounted;
  copy.id = 'copy';
  root.after(copy);
  const m0 = performance.now();
  await mountQuiz(copy);
  const m1 = performance.now();
  return { ok, results: t1 - t0, warm: w1 - w0, mount: m1 - m0 };
}"""


def speed(runs: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        for asset in assets():
            target = site / asset.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(asset.content())
        page_dir = site / "quizzes" / "bench"
        page_dir.mkdir(parents=True)
        form = form_html(sixty_questions(), page_path="quizzes/bench.md")
        (page_dir / "index.html").write_text(PAGE.format(form=form), encoding="utf-8")
        compiled = compiled_file(sixty_questions())[1]
        (site / compiled.path).parent.mkdir(parents=True, exist_ok=True)
        (site / compiled.path).write_bytes(compiled.content())

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/quizzes/bench/"
        interactive: list[float] = []
        mount: list[float] = []
        results: list[float] = []
        warm: list[float] = []
        after_idle: list[float] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
                )
                for i in range(runs + 1):
                    context = browser.new_context()
                    page = context.new_page()
                    page.add_init_script(MOUNT_PROBE)
                    page.goto(url)
                    page.wait_for_selector('.dc-quiz[data-dc-mounted=""]')
                    nav = page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
                    mounted = page.evaluate("window.__mountedAt")
                    out = page.evaluate(FILL_AND_SUBMIT)
                    assert out["ok"], "the benchmark form did not validate"
                    # The same on another fresh page where a participant has given a first answer and the page
                    # has then been idle, as it is while they read on: the form has warmed up its results by then.
                    idle_page = context.new_page()
                    idle_page.goto(url)
                    idle_page.wait_for_selector('.dc-quiz[data-dc-mounted=""]')
                    idle_page.locator("[data-question]:not([hidden]) input[type=radio]").first.check()
                    idle_page.evaluate(IDLE)
                    idle_out = idle_page.evaluate(FILL_AND_SUBMIT)
                    if i:  # the first load warms the disk cache and the JIT
                        interactive.append(mounted - nav)
                        mount.append(out["mount"])
                        results.append(out["results"])
                        warm.append(out["warm"])
                        after_idle.append(idle_out["results"])
                    context.close()
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()

    def fmt(xs: list[float]) -> str:
        return f"median {statistics.median(xs):6.1f} ms (min {min(xs):.1f}, max {max(xs):.1f})"

    print(f"2. 60-question form, domInteractive -> mounted: {fmt(interactive)}; goal <= 50 ms")
    print(f"   the mount call alone:                     {fmt(mount)}")
    print(f"3. Validate + score + render results:       {fmt(results)}; goal <= 16 ms")
    print(f"   first submit, after one answer and idle:  {fmt(after_idle)}")
    print(f"   the same, second submit (JIT-warm):       {fmt(warm)}")
    print(f"   ({runs} fresh page loads in Chromium; the first, warm-up load is not counted)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    weight()
    speed(args.runs)


if __name__ == "__main__":
    main()
