"""The self-assessment forms in Chromium, driven through the DOM contract of issue 4.

Each test does what a participant would do (fill, submit, export, reload, share, import) and checks what they
would see; the scores shown on the page are compared with `dealcraft score --json` on the exported file.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.expressions import round_half_away
from generator.questionnaire.load import load_questionnaires
from generator.scoring import score

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRES = load_questionnaires(ROOT / "questionnaires", ROOT / "content")
IDS = sorted(QUESTIONNAIRES)
MOUNTED = '.dc-quiz[data-dc-mounted=""]'

# The visible questions with their type, choices and state, read from the DOM contract only.
STATE_JS = """() => [...document.querySelectorAll('form[data-questionnaire] [data-question]')]
  .filter((q) => !q.hidden)
  .map((q) => {
    const inputs = [...q.querySelectorAll('[name="' + q.dataset.question + '"]')];
    const first = inputs[0];
    const type = first.type === 'radio' ? 'radio' : first.type === 'checkbox' ? 'multi'
      : first.tagName === 'TEXTAREA' ? 'text' : 'number';
    return {
      qid: q.dataset.question, type,
      values: inputs.map((i) => i.value),
      answered: inputs.some((i) => (i.type === 'radio' || i.type === 'checkbox') ? i.checked : i.value !== ''),
      min: first.min === '' ? null : Number(first.min), max: first.max === '' ? null : Number(first.max),
    };
  })"""

SHOWN_JS = """() => {
  const r = document.querySelector('[data-results]');
  const num = (s) => (s === '' ? null : Number(s));
  const pick = (e) => ({ score: num(e.dataset.score), band: e.dataset.band || null });
  return {
    overall: pick(r.querySelector('[data-overall]')),
    dimensions: Object.fromEntries(
      [...r.querySelectorAll('[data-dimension]')].map((e) => [e.dataset.dimension, pick(e)])),
    recommendations: [...r.querySelectorAll('[data-recommendation]')].map((e) => e.dataset.recommendation),
  };
}"""


def open_quiz(page: Any, qid: str) -> None:
    page.goto(f"quizzes/{qid}/")
    page.wait_for_selector(MOUNTED)


def fill_random(page: Any, rnd: random.Random, *, skip_optional: bool = True) -> None:
    """Answer every visible question at random, repeating while show_if reveals new ones."""
    for _ in range(6):
        todo = [q for q in page.evaluate(STATE_JS) if not q["answered"]]
        if not todo:
            return
        for q in todo:
            sel = f'form [data-question="{q["qid"]}"]'
            if q["type"] == "radio":
                page.check(f'{sel} input[value="{rnd.choice(q["values"])}"]')
            elif q["type"] == "multi":
                for v in rnd.sample(q["values"], rnd.randint(1, len(q["values"]))):
                    page.check(f'{sel} input[value="{v}"]')
            elif q["type"] == "number":
                lo = q["min"] if q["min"] is not None else 0
                hi = q["max"] if q["max"] is not None else lo + 20000
                value = rnd.choice([rnd.randint(int(lo), int(hi)), round(rnd.uniform(lo, hi), 2)])
                page.fill(f"{sel} input", str(value))
            elif not skip_optional or rnd.random() < 0.5:
                page.fill(f"{sel} textarea", "Notes <img src=x onerror=alert(1)> & more")
            else:
                continue
        if all(q["type"] == "text" for q in todo):
            return


def shown_result(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(SHOWN_JS))


def cli_score(path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "score", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "DEALCRAFT_QUESTIONNAIRES": str(ROOT / "questionnaires")},
    )
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


def assert_same_result(shown: dict[str, Any], expected: dict[str, Any]) -> None:
    def close(a: float | None, b: float | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9)

    assert close(shown["overall"]["score"], expected["overall"]["score"]), (shown["overall"], expected["overall"])
    assert shown["overall"]["band"] == expected["overall"]["band"]
    assert shown["dimensions"].keys() == expected["dimensions"].keys()
    for did, dim in expected["dimensions"].items():
        assert close(shown["dimensions"][did]["score"], dim["score"]), (did, shown["dimensions"][did], dim)
        assert shown["dimensions"][did]["band"] == dim["band"], did
    assert shown["recommendations"] == expected["recommendations"]


def export(page: Any, tmp_path: Path, name: str = "answers.json") -> tuple[Path, dict[str, Any]]:
    with page.expect_download() as info:
        page.click("[data-action=export]")
    path = tmp_path / name
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith(".json")
    return path, json.loads(path.read_text(encoding="utf-8"))


def only_localhost(page: Any) -> bool:
    hosts = {urlsplit(u).hostname for u in page.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    return hosts == {"127.0.0.1"}


class TestEveryQuestionnaire:
    """Random answers give the same scores, bands and recommendations on the page as `dealcraft score`."""

    @pytest.mark.parametrize("seed", [1, 2])
    @pytest.mark.parametrize("qid", IDS)
    def test_random_answers_match_cli(self, page: Any, tmp_path: Path, qid: str, seed: int) -> None:
        open_quiz(page, qid)
        page.fill("[data-dc-respondent=name]", "Zoë Ng")
        page.fill("[data-dc-respondent=group]", "Workshop A")
        fill_random(page, random.Random(f"{qid}-{seed}"))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        path, doc = export(page, tmp_path)

        assert doc["questionnaire"] == qid
        assert doc["version"] == QUESTIONNAIRES[qid].version
        assert doc["respondent"] == {"name": "Zoë Ng", "group": "Workshop A"}
        assert doc["submitted_at"].endswith("Z")
        visible = {q["qid"] for q in page.evaluate(STATE_JS) if q["answered"]}
        assert set(doc["answers"]) == visible  # only active, answered questions
        assert_same_result(shown_result(page), cli_score(path))
        assert page.console_errors == []
        assert only_localhost(page), page.requests

    @pytest.mark.parametrize("qid", IDS)
    def test_answers_are_shown_as_text_never_html(self, page: Any, qid: str) -> None:
        open_quiz(page, qid)
        page.fill("[data-dc-respondent=name]", '<img src=x onerror="window.pwned=1">')
        fill_random(page, random.Random(7), skip_optional=False)
        page.click("form button[type=submit]")
        meta = page.locator("[data-results] .dc-result-meta")
        assert "<img src=x" in meta.inner_text()
        assert page.locator("[data-results] img").count() == 0
        assert page.evaluate("window.pwned") is None

    @pytest.mark.parametrize("qid", IDS)
    def test_guide_links_in_the_results_open_real_pages(self, page: Any, qid: str) -> None:
        open_quiz(page, qid)
        fill_random(page, random.Random(14))
        page.click("form button[type=submit]")
        hrefs = page.eval_on_selector_all("[data-results] a[href]", "as => as.map(a => a.href)")
        assert hrefs
        for href in set(hrefs):
            response = page.request.get(href)
            assert response.status == 200, href
            assert "<h1" in response.text(), href


def near_band_start_answers(qid: str) -> tuple[dict[str, Any], str, float]:
    """Answers (found with the Python scorer, seeded) giving some dimension or the overall score just under a band
    start yet shown as it, e.g. 39.6: (answers, which part, its score). Every question gets a valid answer."""
    questionnaire = QUESTIONNAIRES[qid]
    rnd = random.Random(qid)
    for _ in range(5000):
        answers: dict[str, Any] = {}
        for q in questionnaire.questions:
            if q.type == "likert":
                scale = questionnaire.scale_for(q)
                answers[q.id] = rnd.randint(scale.min, scale.max)
            elif q.type == "choice":
                answers[q.id] = rnd.choice(q.options).id
            elif q.type == "multi":
                answers[q.id] = [o.id for o in q.options if rnd.random() < 0.4] or [q.options[0].id]
        result = score(questionnaire, answers)
        parts = [("overall", result.overall), *result.dimensions.items()]
        for did, part in parts:
            starts = [b.min for b in questionnaire.bands_for(did) if b.min > 0]
            if part.score is not None and any(m - 0.5 <= part.score < m for m in starts):
                return {k: v for k, v in answers.items() if k in result.active}, did, part.score
    raise AssertionError(f"no answers of {qid} land just under a band start")


def band_holding(bands: list[tuple[str, float]], shown: int) -> str:
    """The label of the printed band range (from its min up to the next min) that holds a shown score."""
    ordered = sorted(bands, key=lambda b: b[1])
    return next(
        label
        for k, (label, low) in enumerate(ordered)
        if low <= shown < (ordered[k + 1][1] if k + 1 < len(ordered) else 101)
    )


class TestShownScoreAndBand:
    """The band printed beside a score is the band its shown (rounded) number falls in: never "40 · Early"."""

    def test_a_score_just_under_a_band_start_shows_the_band_of_its_shown_number(
        self, page: Any, tmp_path: Path
    ) -> None:
        qid = "deal-readiness"
        questionnaire = QUESTIONNAIRES[qid]
        answers, part, exact = near_band_start_answers(qid)
        doc = {"questionnaire": qid, "version": questionnaire.version, "answers": answers}
        path = tmp_path / "near.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        open_quiz(page, qid)
        with page.expect_file_chooser() as chooser:
            page.click("[data-action=import]")
        chooser.value.set_files(str(path))
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")

        lines = {"overall": page.locator("[data-results] .dc-overall-line").inner_text()}
        for d in questionnaire.dimensions:
            lines[d.id] = page.locator(
                f'[data-results] li[data-dimension="{d.id}"] .dc-dimension-head span'
            ).inner_text()
        assert f"{round_half_away(exact):.0f} " in lines[part], (part, exact, lines[part])  # the case is on the page
        for did, line in lines.items():
            found = re.search(r"(\d+)(?: / 100)? · ([^·]+)", line)
            assert found, line
            shown, label = int(found.group(1)), found.group(2).strip()
            bands = [(b.label, b.min) for b in questionnaire.bands_for(did)]
            assert label == band_holding(bands, shown), (did, line)
        assert_same_result(shown_result(page), cli_score(path))


class TestLiveBehaviour:
    """show_if, progress and required-answer errors, as a participant meets them."""

    def test_show_if_reveals_and_hides_questions(self, page: Any) -> None:
        open_quiz(page, "deal-readiness")
        future = page.locator('[data-question="hz_later_dealings"]')
        one_off = page.locator('[data-question="hz_one_off_plan"]')
        assert future.is_hidden() and one_off.is_hidden()
        page.check('[name=deal_kind][value="one_off"]')
        assert one_off.is_visible() and future.is_hidden()
        page.check('[name=deal_kind][value="long_term"]')
        assert future.is_visible() and one_off.is_hidden()
        assert future.get_attribute("hidden") is None and one_off.get_attribute("hidden") is not None

    def test_progress_counts_visible_questions(self, page: Any) -> None:
        open_quiz(page, "deal-readiness")
        text = page.locator("[data-dc-progress-text]")
        before = text.inner_text()
        page.check('[name=deal_kind][value="repeat"]')
        after = text.inner_text()
        total_before = int(before.split(" of ")[1].split()[0])
        assert after.startswith("1 of ")
        assert int(after.split(" of ")[1].split()[0]) == total_before + 1  # hz_later_dealings appeared

    def test_text_python_would_refuse_is_named_before_the_results(self, page: Any, tmp_path: Path) -> None:
        """A bidi override pasted into the name and a control character in a text answer: the form says which
        and where (Python's words) instead of showing results that `dealcraft report` would then refuse."""
        qid = "deal-readiness"
        text_question = next(q.id for q in QUESTIONNAIRES[qid].questions if q.type == "text")
        open_quiz(page, qid)
        fill_random(page, random.Random(3), skip_optional=False)
        page.fill("[data-dc-respondent=name]", "Ada \u202eecalevoL")
        page.fill(f"[name={text_question}]", "Open high,\u0007 then trade.")
        page.click("form button[type=submit]")
        assert page.locator("[data-results]").is_hidden()
        summary = page.locator("[data-dc-errors]").inner_text()
        assert "2 answers need your attention" in summary
        name_input = page.locator("[data-dc-respondent=name]")
        assert name_input.get_attribute("aria-invalid") == "true"
        name_error = page.locator(f"#{name_input.get_attribute('aria-describedby')}").inner_text()
        assert name_error.startswith("Remove a bidi control (U+202E) at character 5: names are one line")
        answer_error = page.locator(f'[data-question="{text_question}"] [data-dc-error]').inner_text()
        assert answer_error.startswith("Remove a control character (U+0007) at character 11:")
        page.click("[data-dc-errors] a[data-dc-goto='respondent.name']")
        page.wait_for_function("document.activeElement && document.activeElement.dataset.dcRespondent === 'name'")

        page.fill("[data-dc-respondent=name]", "Ada Lovelace")
        assert name_input.get_attribute("aria-invalid") is None  # cleared as soon as it is edited
        page.fill(f"[name={text_question}]", "Open high, then trade.")
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        path, _ = export(page, tmp_path)
        assert_same_result(shown_result(page), cli_score(path))  # Python takes the corrected answers

    def test_missing_required_answers_are_announced_and_linked(self, page: Any) -> None:
        open_quiz(page, "trust-readiness")
        page.click("form button[type=submit]")
        summary = page.locator("[data-dc-errors]")
        assert summary.get_attribute("role") == "alert"
        assert "need your attention" in summary.inner_text()
        assert page.locator("[data-results]").is_hidden()
        first = QUESTIONNAIRES["trust-readiness"].questions[0].id
        fieldset = page.locator(f'[data-question="{first}"] fieldset')
        described = fieldset.get_attribute("aria-describedby").split()
        error_text = page.locator(f"#{described[0]}").inner_text()
        assert error_text == "Choose an answer."
        assert page.locator(f'[data-question="{first}"] input').first.get_attribute("aria-invalid") == "true"
        summary.locator(f'a[data-dc-goto="{first}"]').click()
        # the form focuses the question in a timeout (after Material's own scroll): wait for it, not race it
        page.wait_for_function("(qid) => document.activeElement && document.activeElement.name === qid", arg=first)
        # Answering clears that question's error.
        page.check(f'[name="{first}"][value="4"]')
        assert page.locator(f"#{described[0]}").inner_text() == ""


class TestKeepingAnswers:
    """Autosave, reload, older versions, start over."""

    def test_reload_restores_answers_and_results(self, page: Any) -> None:
        open_quiz(page, "negotiation-concepts")
        fill_random(page, random.Random(3))
        page.fill("[data-dc-respondent=name]", "Ada")
        page.click("form button[type=submit]")
        before = shown_result(page)
        checked = page.evaluate("[...document.querySelectorAll('form input:checked')].map(i => i.id)")
        page.reload()
        page.wait_for_selector(MOUNTED)
        assert page.evaluate("[...document.querySelectorAll('form input:checked')].map(i => i.id)") == checked
        assert page.input_value("[data-dc-respondent=name]") == "Ada"
        assert page.locator("[data-results]").is_visible()
        assert shown_result(page) == before

    def test_answers_from_an_older_version_are_kept_where_valid(self, page: Any) -> None:
        open_quiz(page, "trust-readiness")
        q = QUESTIONNAIRES["trust-readiness"]
        first, second = q.questions[0].id, q.questions[1].id
        saved = {
            "version": q.version - 1,
            "hash": "old",
            "answers": {first: 4, second: 99, "retired_question": 3},
            "respondent": {"name": "Ada"},
        }
        key = page.evaluate("() => 'dealcraft:' + location.pathname + ':trust-readiness'")
        page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, saved])
        page.reload()
        page.wait_for_selector(MOUNTED)
        assert page.is_checked(f'[name="{first}"][value="4"]')
        assert page.locator(f'[name="{second}"]:checked').count() == 0
        notice = page.locator("[data-dc-notice]").inner_text()
        assert f"version {q.version - 1}" in notice and "2 saved answers" in notice

    def test_the_text_cap_is_pythons(self, page: Any) -> None:
        """A 6,000-character answer (the browser once dropped past 5,000) is kept; past limits.MAX_TEXT it is not."""
        from generator.limits import MAX_TEXT

        open_quiz(page, "trust-readiness")
        q = QUESTIONNAIRES["trust-readiness"]
        text_id = next(x.id for x in q.questions if x.type == "text")
        assert page.get_attribute(f'textarea[name="{text_id}"]', "maxlength") == str(MAX_TEXT)
        key = page.evaluate("() => 'dealcraft:' + location.pathname + ':trust-readiness'")
        for length, kept in ((6_000, True), (MAX_TEXT, True), (MAX_TEXT + 1, False)):
            saved = {"version": q.version, "hash": "x", "answers": {text_id: "w" * length}, "respondent": {}}
            page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, saved])
            page.reload()
            page.wait_for_selector(MOUNTED)
            assert len(page.input_value(f'textarea[name="{text_id}"]')) == (length if kept else 0), length

    def test_start_over_clears_everything(self, page: Any) -> None:
        open_quiz(page, "negotiation-concepts")
        fill_random(page, random.Random(4))
        page.fill("[data-dc-respondent=name]", "Ada")
        page.click("form button[type=submit]")
        page.once("dialog", lambda d: d.accept())
        page.click("[data-action=reset]")
        assert page.locator("form input:checked").count() == 0
        assert page.input_value("[data-dc-respondent=name]") == ""
        assert page.locator("[data-results]").is_hidden()
        page.reload()
        page.wait_for_selector(MOUNTED)
        assert page.locator("form input:checked").count() == 0
        assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('dealcraft:'))") == []


class TestMovingAnswers:
    """Export, import and the share link round-trip; wrong files get a clear message."""

    def test_export_then_import_round_trips(self, page: Any, tmp_path: Path) -> None:
        open_quiz(page, "deal-readiness")
        fill_random(page, random.Random(5))
        page.fill("[data-dc-respondent=name]", "Kwame")
        page.click("form button[type=submit]")
        before = shown_result(page)
        path, doc = export(page, tmp_path)
        page.once("dialog", lambda d: d.accept())
        page.click("[data-action=reset]")
        with page.expect_file_chooser() as chooser:
            page.click("[data-action=import]")
        chooser.value.set_files(str(path))
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        assert shown_result(page) == before
        assert page.input_value("[data-dc-respondent=name]") == "Kwame"
        assert "Loaded" in page.locator("[data-dc-message]").inner_text()
        _, again = export(page, tmp_path, "again.json")
        assert again["answers"] == doc["answers"]

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("this is not json", "not a JSON file"),
            ("[1, 2, 3]", "not an answers file"),
            ('{"questionnaire": "trust-readiness", "answers": {}}', "belong to “trust-readiness”"),
        ],
    )
    def test_a_wrong_file_gets_a_clear_alert(self, page: Any, tmp_path: Path, content: str, message: str) -> None:
        open_quiz(page, "negotiation-concepts")
        path = tmp_path / "wrong.json"
        path.write_text(content, encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.click("[data-action=import]")
        chooser.value.set_files(str(path))
        alert = page.locator("[data-dc-alert]")
        alert.wait_for(state="visible")
        assert alert.get_attribute("role") == "alert"
        assert message in alert.inner_text()

    def test_share_link_restores_answers_and_results(self, page: Any, browser: Any, server: str) -> None:
        open_quiz(page, "trust-readiness")
        page.fill("[data-dc-respondent=name]", "Private Name")
        fill_random(page, random.Random(6))
        page.click("form button[type=submit]")
        before = shown_result(page)
        page.click("[data-action=share]")
        link = page.input_value("[data-dc-share-url]")
        assert "#answers=" in link and "Private" not in link
        other = browser.new_context(base_url=server)  # a different browser profile: nothing saved there
        try:
            pg = other.new_page()
            pg.goto(link)
            pg.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
            assert shown_result(pg) == before
            assert "#answers=" not in pg.url  # the fragment is cleared once the answers are saved locally
            assert pg.input_value("[data-dc-respondent=name]") == ""
        finally:
            other.close()

    def test_a_share_link_pasted_into_the_open_page_loads_it(self, page: Any) -> None:
        open_quiz(page, "negotiation-concepts")
        fill_random(page, random.Random(11))
        page.click("form button[type=submit]")
        before = shown_result(page)
        page.click("[data-action=share]")
        fragment = page.input_value("[data-dc-share-url]").split("#", 1)[1]
        page.once("dialog", lambda d: d.accept())
        page.click("[data-action=reset]")
        page.evaluate("f => { location.hash = f; }", fragment)
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        assert shown_result(page) == before

    def test_a_broken_share_link_is_announced(self, page: Any) -> None:
        page.goto("quizzes/negotiation-concepts/#answers=not-base64-json")
        page.wait_for_selector(MOUNTED)
        alert = page.locator("[data-dc-alert]")
        assert "shared link could not be read" in alert.inner_text()
        assert page.console_errors == []


class TestCompiledQuestionnaireFile:
    """The scoring rules come as a JSON file of their own, fetched when the form starts; the page reads without it."""

    COMPILED = "**/assets/dealcraft/questionnaires/*.json"

    def test_the_form_fetches_it_and_keeps_progress_and_results_over_reloads(self, page: Any) -> None:
        qid = "trust-readiness"
        html = page.request.get(f"quizzes/{qid}/").text()
        assert "data-dc-compiled=" not in html and "data-dc-compiled-src=" in html
        open_quiz(page, qid)
        fetched = [u for u in page.requests if "/assets/dealcraft/questionnaires/" in u]
        assert len(fetched) == 1 and re.search(rf"/{qid}\.[0-9a-f]{{12}}\.json$", fetched[0]), fetched
        first, second = (q.id for q in QUESTIONNAIRES[qid].questions[:2])
        page.check(f'[name="{first}"][value="4"]')
        page.check(f'[name="{second}"][value="2"]')
        progress = page.locator("[data-dc-progress-text]").inner_text()
        assert progress.startswith("2 of ")
        page.reload()
        page.wait_for_selector(MOUNTED)
        assert page.is_checked(f'[name="{first}"][value="4"]') and page.is_checked(f'[name="{second}"][value="2"]')
        assert page.locator("[data-dc-progress-text]").inner_text() == progress
        fill_random(page, random.Random(21))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        shown = shown_result(page)
        page.reload()
        page.wait_for_selector(MOUNTED)
        assert page.locator("[data-results]").is_visible() and shown_result(page) == shown
        assert page.console_errors == []

    @pytest.mark.parametrize("failure", ["offline", "404"])
    def test_a_failed_fetch_is_said_in_the_form(self, page: Any, failure: str) -> None:
        if failure == "offline":
            page.route(self.COMPILED, lambda route: route.abort("internetdisconnected"))
        else:
            page.route(self.COMPILED, lambda route: route.fulfill(status=404, body="not here"))
        page.goto("quizzes/trust-readiness/")
        page.wait_for_selector('.dc-quiz[data-dc-mounted="failed"]')
        notice = page.locator("[data-dc-notice]")
        assert notice.is_visible() and notice.get_attribute("role") == "alert"
        text = notice.inner_text()
        assert "could not load its scoring rules" in text and "reload the page" in text
        assert ("no connection" in text) if failure == "offline" else ("answered 404" in text)
        assert page.locator("[data-question]").first.is_visible()  # the questions still read
        assert page.locator(".dc-toolbar").is_hidden()  # buttons that could do nothing stay hidden
        url = page.url
        page.click("form button[type=submit]")  # sends nothing: no answers in a query string
        page.wait_for_timeout(300)
        assert page.url == url and page.locator("[data-results]").is_hidden()


class TestOffline:
    """Once the page has loaded, results need no network (workshop Wi-Fi drops)."""

    def test_results_and_zone_diagram_render_offline(self, page: Any) -> None:
        open_quiz(page, "deal-readiness")
        page.wait_for_load_state("networkidle")
        page.context.set_offline(True)
        page.check("[name=role][value=buyer]")
        for name, value in (("my_limit", "10000"), ("their_low", "8000"), ("their_high", "9000")):
            page.fill(f"[name={name}]", value)
        fill_random(page, random.Random(13))
        page.click("form button[type=submit]")
        chart = page.locator("[data-zone-chart]")
        chart.locator("svg").wait_for()
        assert chart.get_attribute("data-state") == "exists"
        assert "from $9,000 to $10,000" in chart.inner_text()
        assert page.console_errors == []


class TestAmountsAsShown:
    """An amount is taken as it prints: past the cent, the form names the field rather than scoring a number that
    would compare unequal to what the results show."""

    def test_an_amount_past_the_cent_is_named_then_the_zero_width_zone_is_told(self, page: Any) -> None:
        open_quiz(page, "deal-readiness")
        page.check("[name=role][value=buyer]")
        for name, value in (("my_limit", "100.004"), ("their_low", "100"), ("their_high", "100")):
            page.fill(f"[name={name}]", value)
        fill_random(page, random.Random(21))
        page.fill("[name=target]", "")  # no target: target-beyond-limit would replace the zone advice
        page.click("form button[type=submit]")
        assert page.locator("[data-results]").is_hidden()
        error = page.locator('[data-question="my_limit"] [data-dc-error]')  # off screen: content-visibility skips it
        assert error.is_visible() and error.text_content() == "Enter at most 2 decimals."
        assert "My walk-away limit — Enter at most 2 decimals." in page.locator("[data-dc-errors]").inner_text()
        assert page.locator("[name=my_limit]").get_attribute("aria-invalid") == "true"
        page.fill("[name=my_limit]", "100")
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        assert page.locator('[data-recommendation="zero-width-zone"]').count() == 1
        assert page.locator('[data-recommendation="zone-exists"]').count() == 0
        assert page.console_errors == []


class TestWithoutJavaScript:
    """Without scripts the questions still read and print; buttons that could not work are not shown."""

    def test_questions_show_and_dead_buttons_hide(self, browser: Any, server: str) -> None:
        context = browser.new_context(base_url=server, java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto("quizzes/trust-readiness/")
            assert page.locator("[data-question]").first.is_visible()
            assert page.locator(".dc-toolbar").is_hidden()
            assert page.locator("[data-action=reset]").is_hidden()
            assert "needs JavaScript" in page.locator(".dc-noscript").inner_text()
        finally:
            context.close()


class TestWithoutStorage:
    """Private browsing or blocked storage: the form still works, it just cannot remember."""

    def test_form_scores_when_local_storage_throws(self, page: Any) -> None:
        page.add_init_script(
            "Object.defineProperty(window, 'localStorage',"
            " {get() { throw new DOMException('denied', 'SecurityError'); }});"
        )
        stacks: list[str] = []
        page.on("pageerror", lambda exc: stacks.append(exc.stack or ""))
        open_quiz(page, "trust-readiness")
        fill_random(page, random.Random(12))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        # Material's own scripts also read localStorage and may complain; ours must not.
        assert not [s for s in stacks if "/assets/dealcraft/" in s], stacks
        assert "Export answers" in page.locator("[data-dc-notice]").inner_text()


class TestFitsTheSite:
    """Instant navigation, assets only where needed, accessibility, keyboard, small screens, print."""

    def test_instant_navigation_to_the_quiz_works_twice(self, page: Any) -> None:
        page.goto("")
        page.evaluate("window.__sameDocument = true")
        for _ in range(2):
            page.locator(".md-nav--primary a[href$='quizzes/trust-readiness/']").first.click()
            page.wait_for_selector(MOUNTED)
            assert page.evaluate("window.__sameDocument") is True  # no full reload: instant navigation
            page.check(f'[name="{QUESTIONNAIRES["trust-readiness"].questions[0].id}"][value="5"]')
            page.click("form button[type=submit]")
            assert "need your attention" in page.locator("[data-dc-errors]").inner_text()
            assert page.locator(MOUNTED).count() == 1
            page.locator(".md-nav--primary a[href$='glossary/']").first.click()
            page.wait_for_url("**/glossary/")
        assert page.console_errors == []

    def test_assets_load_only_on_pages_with_a_form(self, page: Any) -> None:
        page.goto("glossary/")
        page.wait_for_load_state("networkidle")
        assert not [u for u in page.requests if "/assets/dealcraft/" in u and ("quiz" in u or "dealcraft.css" in u)]
        open_quiz(page, "trust-readiness")
        assert any(u.endswith("/assets/dealcraft/javascripts/quiz/quiz.mjs") for u in page.requests)
        assert only_localhost(page)

    def test_no_correct_answers_or_scores_in_the_markup(self, page: Any) -> None:
        open_quiz(page, "negotiation-concepts")
        attrs = page.evaluate(
            "[...document.querySelectorAll('.dc-quiz *')].flatMap(e => [...e.attributes].map(a => a.name))"
        )
        assert not [a for a in attrs if "score" in a or "correct" in a]

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_no_serious_axe_violations(self, page: Any, axe_violations: Any, set_scheme: Any, scheme: str) -> None:
        open_quiz(page, "deal-readiness")
        set_scheme(page, scheme)
        page.fill("[data-dc-respondent=name]", "Ada \u202e")  # a field error too
        page.click("form button[type=submit]")  # the error state
        assert page.locator("[data-dc-respondent=name]").get_attribute("aria-invalid") == "true"
        page.mouse.move(0, 0)  # the page at rest: not a link that the grown summary slid under the pointer
        assert axe_violations(page) == []
        link = page.locator("[data-dc-errors] a").first
        link.hover()  # Material's hover colour (the accent) is not the summary's: it must still read
        assert link.evaluate("a => a.matches(':hover')")
        assert axe_violations(page) == []
        page.mouse.move(0, 0)
        link.focus()
        assert axe_violations(page) == []
        page.fill("[data-dc-respondent=name]", "Ada")
        fill_random(page, random.Random(8))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        assert axe_violations(page) == []

    def test_keyboard_only_completion(self, page: Any) -> None:
        open_quiz(page, "negotiation-concepts")
        page.focus("[data-dc-respondent=name]")
        page.keyboard.type("Keyboard User")
        for _ in range(400):
            page.keyboard.press("Tab")
            active = page.evaluate(
                "(() => { const e = document.activeElement; return {tag: e.tagName, type: e.type || '', "
                "checked: !!e.checked, submit: e.type === 'submit', value: e.value || ''}; })()"
            )
            if active["submit"]:
                page.keyboard.press("Enter")
                break
            if active["type"] == "radio" and not active["checked"]:
                page.keyboard.press("Space")
            elif active["tag"] == "TEXTAREA" and not active["value"]:
                page.keyboard.type("typed with the keyboard")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        assert page.evaluate("document.activeElement.matches('[data-results]')")

    def test_usable_at_360px(self, page: Any) -> None:
        page.set_viewport_size({"width": 360, "height": 740})
        open_quiz(page, "deal-readiness")
        fill_random(page, random.Random(9))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    @pytest.mark.parametrize("qid", ["trust-readiness", "deal-debrief"])
    def test_mounting_moves_nothing_on_screen(self, page: Any, qid: str) -> None:
        """The progress bar and buttons that appear when the form starts push no question aside (no layout shift)."""
        page.set_viewport_size({"width": 1280, "height": 900})
        page.add_init_script(
            """window.__shifts = [];
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
            }).observe({ type: 'layout-shift', buffered: true });"""
        )
        open_quiz(page, qid)
        assert page.evaluate("document.querySelector('.dc-progress').getBoundingClientRect().top") < 900
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100)))")
        assert page.evaluate("window.__shifts") == []

    def test_warm_up_after_the_first_answer_leaves_no_trace(self, page: Any) -> None:
        """Once the participant starts answering, the form lays out a throwaway copy of the results in idle time
        (not while the page loads, where it would be a long task on a phone); nothing of it stays."""
        open_quiz(page, "trust-readiness")
        page.evaluate(
            """() => {
              window.__ghosts = 0;
              new MutationObserver((list) => {
                for (const m of list) {
                  for (const n of m.addedNodes) if (n.classList?.contains('dc-results')) window.__ghosts += 1;
                }
              }).observe(document.querySelector('.dc-quiz'), { childList: true });
            }"""
        )
        # Idle time, or at most 3 s of a busy browser: no warm-up before an answer.
        page.evaluate("() => new Promise((done) => requestIdleCallback(() => setTimeout(done, 50), { timeout: 3000 }))")
        assert page.evaluate("window.__ghosts") == 0
        page.locator("[data-question]:not([hidden]) input[type=radio]").first.check()
        focused = page.evaluate("document.activeElement.tagName")
        page.wait_for_function("window.__ghosts > 0")
        page.evaluate("() => new Promise((done) => setTimeout(done, 50))")
        state = page.evaluate(
            """() => ({
              ghosts: window.__ghosts,
              sections: document.querySelectorAll('.dc-results').length,
              hidden: document.querySelector('[data-results]').hidden,
              overall: document.querySelectorAll('[data-overall]').length,
              focused: document.activeElement.tagName,
            })"""
        )
        assert state == {"ghosts": 1, "sections": 1, "hidden": True, "overall": 0, "focused": focused}

    @pytest.mark.parametrize("qid", ["trust-readiness", "deal-readiness"])
    def test_radar_labels_are_whole_at_360px(self, page: Any, qid: str) -> None:
        """Each label beside the radar stays inside the chart, which on a phone has no margin to spill into."""
        page.set_viewport_size({"width": 360, "height": 740})
        open_quiz(page, qid)
        fill_random(page, random.Random(11))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) .dc-radar svg")
        spill = page.evaluate(
            """() => {
              const svg = document.querySelector('[data-results] .dc-radar svg').getBoundingClientRect();
              const rows = [...document.querySelectorAll('[data-results] .dc-radar tspan')];
              return { rows: rows.length, out: rows.filter((t) => {
                const r = t.getBoundingClientRect();
                return r.left < Math.max(svg.left, 0) - 0.5 || r.right > Math.min(svg.right, 360) + 0.5;
              }).map((t) => t.textContent) };
            }"""
        )
        assert spill["rows"] >= 5 and spill["out"] == [], spill

    @pytest.mark.parametrize("qid", IDS)
    def test_print_is_a_short_results_summary(self, page: Any, tmp_path: Path, qid: str) -> None:
        from pypdf import PdfReader

        open_quiz(page, qid)
        fill_random(page, random.Random(10))
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        page.emulate_media(media="print")
        assert page.locator("form[data-questionnaire]").is_hidden()
        assert page.locator(".dc-toolbar").is_hidden()
        assert page.locator("[data-results]").is_visible()
        pdf = tmp_path / "print.pdf"
        page.pdf(path=str(pdf), format="A4")
        assert 1 <= len(PdfReader(str(pdf)).pages) <= 2
