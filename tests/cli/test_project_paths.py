"""Paths come from the project, not the working folder: every command run from another folder with `-f` finds
the project's pages, snippets, questionnaires, logo and role-play answer key, and says so when one is missing."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.small_project import KEY_TITLE, KEY_UNIT, ROOM, add_deal_readiness, small_project

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def dealcraft(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a facilitator runs it, in `cwd`, with this checkout's code."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300
    )


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).split())


def pdftotext(path: Path) -> str:
    """A PDF's text as poppler's pdftotext reads it, the way a user copies it out of their viewer."""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in run.stderr + run.stdout, run.stderr


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An empty working folder that is neither the project nor this repository."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


class TestBuild:
    def test_build_from_another_folder_finds_pages_snippets_and_questionnaires(
        self, project: Path, elsewhere: Path
    ) -> None:
        run = dealcraft("build", "-f", os.path.relpath(project, elsewhere), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        no_traceback(run)
        site = project.parent / "public"  # site_dir, from the config's folder
        home = (site / "index.html").read_text(encoding="utf-8")
        assert '<abbr title="Best alternative to a negotiated agreement">BATNA</abbr>' in home  # the snippet
        assert (site / "quizzes" / "deal-debrief" / "index.html").is_file()  # the questionnaire from forms/
        assert list(elsewhere.iterdir()) == []  # nothing written where the command was started

    @pytest.mark.parametrize(
        "command",
        [
            (str(Path(sys.executable).parent / "mkdocs"), "build"),
            (str(Path(sys.executable).parent / "properdocs"), "build"),
            (sys.executable, "-m", "generator", "build", "--engine", "zensical"),
        ],
        ids=["mkdocs", "properdocs", "zensical"],
    )
    def test_other_engines_build_from_another_folder(
        self, command: tuple[str, ...], project: Path, elsewhere: Path
    ) -> None:
        """The plugin anchors the snippets for plain `mkdocs build -f` too; Zensical's staging does it itself."""
        run = subprocess.run(
            [*command, "-f", str(project), "--site-dir", str(elsewhere / "out")],
            cwd=elsewhere,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        home = (elsewhere / "out" / "index.html").read_text(encoding="utf-8")
        assert '<abbr title="Best alternative to a negotiated agreement">BATNA</abbr>' in home

    def test_site_dir_flag_is_from_the_working_folder(self, project: Path, elsewhere: Path) -> None:
        run = dealcraft("build", "-f", str(project), "--site-dir", "out", cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        assert (elsewhere / "out" / "index.html").is_file()
        assert not (project.parent / "out").exists()

    def test_a_missing_snippet_is_a_located_error(self, project: Path, elsewhere: Path) -> None:
        (project.parent / "pages" / "includes" / "abbreviations.md").unlink()
        run = dealcraft("build", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert f"{project}: markdown_extensions.pymdownx.snippets:" in run.stderr
        assert "abbreviations.md" in run.stderr

    def test_a_missing_config_names_it(self, elsewhere: Path) -> None:
        run = dealcraft("build", "-f", "nowhere/mkdocs.yml", cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert run.stderr.startswith("nowhere/mkdocs.yml: no MkDocs config file here")


class TestDebrief:
    def test_the_projects_answer_key_and_questionnaires_are_used(self, project: Path, elsewhere: Path) -> None:
        run = dealcraft("debrief", str(ROOM), "-o", "debrief.pdf", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        text = pdf_text(elsewhere / "debrief.pdf")
        assert f"Group debrief: {KEY_TITLE}" in text
        assert f"{KEY_UNIT}4,200 for the buyer" in text  # the limits, in the key's currency
        assert "COPY WORKSHOP" in text.upper()  # the event, from the project's report settings

    def test_exercise_flag_is_from_the_working_folder(self, project: Path, elsewhere: Path) -> None:
        key = (ROOT / "content" / "exercises" / "espresso-deal.yaml").read_text(encoding="utf-8")
        (elsewhere / "mine.yaml").write_text(key.replace("The espresso-machine deal", "My own key"), encoding="utf-8")
        run = dealcraft(
            "debrief", str(ROOM), "-o", "d.pdf", "--exercise", "mine.yaml", "-f", str(project), cwd=elsewhere
        )
        assert run.returncode == 0, run.stderr
        assert "Group debrief: My own key" in pdf_text(elsewhere / "d.pdf")

    def test_the_exercise_option_is_from_the_configs_folder(self, tmp_path: Path, elsewhere: Path) -> None:
        config = small_project(tmp_path / "project", exercise_option="keys/deal.yaml")
        (config.parent / "keys").mkdir()
        shutil.move(config.parent / "pages" / "exercises" / "espresso-deal.yaml", config.parent / "keys" / "deal.yaml")
        run = dealcraft("debrief", str(ROOM), "-o", "d.pdf", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        assert f"Group debrief: {KEY_TITLE}" in pdf_text(elsewhere / "d.pdf")

    def test_a_missing_answer_key_is_named(self, tmp_path: Path, elsewhere: Path) -> None:
        config = small_project(tmp_path / "project", answer_key=False)
        run = dealcraft("debrief", str(ROOM), "--json", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        key = config.parent / "pages" / "exercises" / "espresso-deal.yaml"
        assert run.stderr.startswith(f"{key}: no role-play answer key here; give --exercise FILE")
        assert run.stdout == ""

    def test_a_configured_answer_key_that_is_missing_is_named(self, tmp_path: Path, elsewhere: Path) -> None:
        config = small_project(tmp_path / "project", exercise_option="keys/deal.yaml")
        run = dealcraft("debrief", str(ROOM), "--json", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert re.match(rf"{re.escape(str(config))}:\d+:\d+: ", run.stderr), run.stderr  # at the option's line
        assert "'exercise'" in run.stderr and str(config.parent / "keys" / "deal.yaml") in run.stderr


class TestReport:
    PAIR = (str(ROOM / "p01-buyer.json"), str(ROOM / "p01-seller.json"))

    def test_personal_debrief_pages_use_the_projects_key(self, project: Path, elsewhere: Path) -> None:
        run = dealcraft("report", *self.PAIR, "-o", "out", "-j", "1", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        assert "answer key" not in run.stderr
        buyer = next((elsewhere / "out").glob("*.pdf"))
        text = pdf_text(buyer)
        assert "Small project report" in text  # the project's report title
        assert "Your role-play debrief" in text
        assert f"{KEY_UNIT}3,600 to {KEY_UNIT}4,200" in text  # the zone, in the project key's currency
        assert "$" not in text  # nor the debrief form's answers in a unit of their own

    def test_a_missing_answer_key_is_named_with_the_answers_it_costs_and_exit_1(
        self, tmp_path: Path, elsewhere: Path
    ) -> None:
        config = small_project(tmp_path / "project", answer_key=False)
        run = dealcraft("report", *self.PAIR, "-o", "out", "-j", "1", "-f", str(config), cwd=elsewhere)
        no_traceback(run)
        assert run.returncode == 1  # the reports are written, but not whole
        key = config.parent / "pages" / "exercises" / "espresso-deal.yaml"
        assert f"{key}: no role-play answer key here" in run.stderr
        hint = "give the role-play's answer key with --exercise FILE, or set `exercise:` in the dealcraft plugin's"
        assert f"{hint} section of {config}:" in run.stderr
        for answers in self.PAIR:
            assert f"{answers}: written without its personal debrief page: no answer key" in run.stderr
        assert "Traceback" not in run.stderr and "warning" not in run.stderr
        pdfs = list((elsewhere / "out").glob("*.pdf"))
        assert len(pdfs) == 2  # nothing lost: every report is written, without its personal debrief page
        assert "Your role-play debrief" not in pdf_text(pdfs[0])
        assert run.stdout.splitlines()[-1] == "2 written, 0 failed"

    def test_other_answers_need_no_key(self, tmp_path: Path, elsewhere: Path) -> None:
        config = small_project(tmp_path / "project", answer_key=False)
        shutil.copyfile(
            ROOT / "questionnaires" / "deal-readiness.yaml", config.parent / "forms" / "deal-readiness.yaml"
        )
        ada = ROOT / "examples" / "workshop" / "deal-readiness" / "ada-okafor.json"
        run = dealcraft("report", str(ada), "-o", "out", "-j", "1", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        assert "answer key" not in run.stderr

    def test_exercise_flag_is_from_the_working_folder(self, tmp_path: Path, elsewhere: Path) -> None:
        config = small_project(tmp_path / "project", answer_key=False)
        shutil.copyfile(ROOT / "content" / "exercises" / "espresso-deal.yaml", elsewhere / "key.yaml")
        run = dealcraft(
            "report", *self.PAIR, "-o", "out", "-j", "1", "--exercise", "key.yaml", "-f", str(config), cwd=elsewhere
        )
        assert run.returncode == 0, run.stderr
        assert "answer key" not in run.stderr
        assert "Your role-play debrief" in pdf_text(next((elsewhere / "out").glob("*.pdf")))

    def test_a_broken_answer_key_is_located(self, project: Path, elsewhere: Path) -> None:
        key = project.parent / "pages" / "exercises" / "espresso-deal.yaml"
        key.write_text(key.read_text(encoding="utf-8").replace("buyer: 4200", "buyer: lots"), encoding="utf-8")
        run = dealcraft("report", *self.PAIR, "-o", "out", "-j", "1", "-f", str(project), cwd=elsewhere)
        no_traceback(run)
        assert run.returncode == 1
        line = next(n for n, text in enumerate(key.read_text().splitlines(), 1) if "buyer: lots" in text)
        assert f"{key}:{line}:" in run.stderr and "limits.buyer" in run.stderr
        for answers in self.PAIR:
            assert f"{answers}: written without its personal debrief page: the answer key cannot be read" in run.stderr
        assert len(list((elsewhere / "out").glob("*.pdf"))) == 2


def euro_project(tmp_path: Path) -> Path:
    """The small project priced by its mkdocs.yml alone: `report: currency: "€"`, and an answer key naming no unit."""
    config = small_project(tmp_path / "project")
    key = config.parent / "pages" / "exercises" / "espresso-deal.yaml"
    key.write_text(key.read_text(encoding="utf-8").replace(f'unit: "{KEY_UNIT}"\n', ""), encoding="utf-8")
    assert "unit:" not in key.read_text(encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    euro = '        event: Copy workshop\n        currency: "€"\n'
    config.write_text(text.replace("        event: Copy workshop\n", euro), encoding="utf-8")
    assert 'currency: "€"' in config.read_text(encoding="utf-8")
    return config


class TestRolePlayMoney:
    """The debrief form's prices (`money: role-play`) are in the role-play's one unit, the report currency when the
    key names none: on the site's form, in the participant's PDF, on the paper booklet; never a dollar of their own."""

    def test_the_form_the_report_and_the_booklet_show_euros(self, tmp_path: Path, elsewhere: Path) -> None:
        config = euro_project(tmp_path)
        run = dealcraft("build", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        page = (config.parent / "public" / "quizzes" / "deal-debrief" / "index.html").read_text(encoding="utf-8")
        form = page[page.index('<form class="dc-form"') :]
        form = form[: form.index("</form>")]
        assert form.count('<span class="dc-unit" aria-hidden="true">€</span>') == 4  # the four prices, shown
        assert form.count(">in €</span>") == 4  # and said to screen readers
        assert "$" not in form

        pair = (str(ROOM / "p01-buyer.json"), str(ROOM / "p01-seller.json"))
        run = dealcraft("report", *pair, "-o", "out", "-j", "1", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        buyer = next(p for p in (elsewhere / "out").glob("*.pdf") if "Your role-play debrief" in pdf_text(p))
        text = pdf_text(buyer)
        assert "€4,200" in text and "€3,950" in text  # the buyer's own answers, in the appendix
        assert "€3,600 to €4,200" in text  # the personal debrief page
        assert "$" not in text

        run = dealcraft("paper", "deal-debrief", "-o", "booklet.pdf", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        booklet = pdf_text(elsewhere / "booklet.pdf")
        assert booklet.count("€") == 4 and "$" not in booklet

    def test_a_broken_answer_key_fails_the_build_at_its_line(self, project: Path, elsewhere: Path) -> None:
        key = project.parent / "pages" / "exercises" / "espresso-deal.yaml"
        key.write_text(key.read_text(encoding="utf-8").replace("buyer: 4200", "buyer: lots"), encoding="utf-8")
        run = dealcraft("build", "-f", str(project), cwd=elsewhere)
        no_traceback(run)
        assert run.returncode == 1
        line = next(n for n, text in enumerate(key.read_text().splitlines(), 1) if "buyer: lots" in text)
        assert f"{key}:{line}:" in run.stderr and "limits.buyer" in run.stderr


class TestReportCurrency:
    """The report currency of mkdocs.yml is the unit of a questionnaire's zone money everywhere: a facilitator who
    sets `currency: "€"` sees € on the site's form, in its compiled JSON, on the paper booklet and in the PDF, never
    the questionnaire's own `currency: "$"`."""

    def test_the_form_the_booklet_and_the_report_show_the_report_currency(
        self, tmp_path: Path, elsewhere: Path
    ) -> None:
        config = euro_project(tmp_path)
        add_deal_readiness(config, report_currency="€")

        run = dealcraft("build", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        site = config.parent / "public"
        page = (site / "quizzes" / "deal-readiness" / "index.html").read_text(encoding="utf-8")
        form = page[page.index('<form class="dc-form"') :]
        form = form[: form.index("</form>")]
        assert form.count('<span class="dc-unit" aria-hidden="true">€</span>') == 4  # limit, their range, target
        assert form.count(">in €</span>") == 4
        assert "$" not in form
        (compiled,) = (site / "assets" / "dealcraft" / "questionnaires").glob("deal-readiness.*.json")
        client = json.loads(compiled.read_text(encoding="utf-8"))["questionnaire"]
        assert client["zone"]["unit"] == "€"
        money = {client["zone"][k] for k in ("my_limit", "their_low", "their_high", "target")}
        assert {q["unit"] for q in client["questions"] if q["id"] in money} == {"€"}

        run = dealcraft("paper", "deal-readiness", "-o", "booklet.pdf", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        booklet = pdftotext(elsewhere / "booklet.pdf")
        assert booklet.count("€") == 4 and "$" not in booklet  # the four amounts' boxes

        answers = ROOT / "examples" / "workshop" / "deal-readiness" / "ada-okafor.json"
        run = dealcraft("report", str(answers), "-o", "out", "-j", "1", "-f", str(config), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        (report,) = (elsewhere / "out").glob("*.pdf")
        text = pdftotext(report)
        assert "€650" in text and "€760" in text and "$" not in text  # her limit and target, in euros


class TestValidateScoreAnalyze:
    """The questionnaires (and, for validate, the pages guide: links point to) come from the project of -f."""

    def test_validate_checks_the_projects_questionnaires_against_its_pages(
        self, project: Path, elsewhere: Path
    ) -> None:
        run = dealcraft("validate", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0, run.stdout + run.stderr
        no_traceback(run)
        assert run.stdout.splitlines()[-1] == "1 questionnaire checked: 0 errors, 0 warnings"
        assert "not found" not in run.stderr  # the guide: links were checked, against pages/

        (project.parent / "pages" / "steps" / "motivations.md").unlink()
        run = dealcraft("validate", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        questionnaire = project.parent / "forms" / "deal-debrief.yaml"
        line = next(n for n, text in enumerate(questionnaire.read_text().splitlines(), 1) if "motivations.md" in text)
        assert f"{questionnaire}:{line}:" in run.stdout and "steps/motivations.md" in run.stdout

    def test_validate_flags_stay_relative_to_the_working_folder(self, project: Path, elsewhere: Path) -> None:
        (elsewhere / "mine").mkdir()
        text = (project.parent / "forms" / "deal-debrief.yaml").read_text(encoding="utf-8")
        (elsewhere / "mine" / "own.yaml").write_text(text.replace("id: deal-debrief", "id: own"), encoding="utf-8")
        run = dealcraft("validate", "mine", "-v", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "own (version" in run.stdout and "deal-debrief (version" not in run.stdout
        run = dealcraft("validate", "mine", "--content-dir", "pages", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0  # no pages/ here: noted, links not checked
        assert "note: pages/ not found; guide: links were not checked" in run.stderr

    def test_score_uses_the_projects_questionnaires(self, project: Path, elsewhere: Path) -> None:
        run = dealcraft("score", str(ROOM / "p01-buyer.json"), "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        no_traceback(run)
        assert "Deal Debrief (version" in run.stdout
        run = dealcraft("score", str(ROOM / "p01-buyer.json"), cwd=elsewhere)  # no project here
        assert run.returncode == 1
        assert run.stderr.startswith("questionnaires: no such questionnaires folder")

    def test_analyze_uses_the_projects_questionnaires(self, project: Path, elsewhere: Path) -> None:
        run = dealcraft("analyze", str(ROOM), "--json", "-f", str(project), cwd=elsewhere)
        assert run.returncode == 0, run.stderr
        no_traceback(run)
        assert [q["questionnaire"] for q in json.loads(run.stdout)["questionnaires"]] == ["deal-debrief"]

    def test_questionnaires_flag_is_from_the_working_folder(self, project: Path, elsewhere: Path) -> None:
        shutil.copytree(project.parent / "forms", elsewhere / "qs")
        (project.parent / "forms" / "deal-debrief.yaml").unlink()  # the project's would not score it
        for command in ("score", "analyze"):
            run = dealcraft(
                command, str(ROOM / "p01-buyer.json"), "--questionnaires", "qs", "-f", str(project), cwd=elsewhere
            )
            assert run.returncode == 0, run.stderr

    @pytest.mark.parametrize("command", ["validate", "score", "analyze"])
    def test_a_config_given_with_f_must_exist(self, command: str, elsewhere: Path) -> None:
        args = [] if command == "validate" else [str(ROOM / "p01-buyer.json")]
        run = dealcraft(command, *args, "-f", "nowhere/mkdocs.yml", cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert run.stderr.startswith("nowhere/mkdocs.yml: no MkDocs config file here")


def test_paper_finds_the_questionnaire_in_the_projects_folder(project: Path, elsewhere: Path) -> None:
    run = dealcraft("paper", "deal-debrief", "-o", "booklet.pdf", "-f", str(project), cwd=elsewhere)
    assert run.returncode == 0, run.stderr
    text = pdf_text(elsewhere / "booklet.pdf")
    assert "Deal Debrief" in text
    assert text.count(KEY_UNIT) == 4 and "$" not in text  # the prices' boxes, in the project key's unit


class TestNoTraceback:
    """What a facilitator can get wrong around these commands is a message naming the file or option, exit 1."""

    def test_a_site_dir_that_is_a_file(self, project: Path, elsewhere: Path) -> None:
        (elsewhere / "taken").write_text("not a folder", encoding="utf-8")
        run = dealcraft("build", "-f", str(project), "--site-dir", "taken", cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert f"{elsewhere / 'taken'}: the build failed: Not a directory" in run.stderr

    def test_a_malformed_address_fails_before_the_build(self, project: Path, elsewhere: Path) -> None:
        run = dealcraft("demo", "-f", str(project), "-a", "127.0.0.1:http", cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert run.stderr.startswith("--dev-addr: '127.0.0.1:http' is not host:port")
        assert not (project.parent / "public").exists()

    @pytest.mark.parametrize("command", ["serve", "demo"])
    def test_an_address_in_use(self, command: str, project: Path, elsewhere: Path) -> None:
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            address = f"127.0.0.1:{taken.getsockname()[1]}"
            run = dealcraft(command, "-f", str(project), "-a", address, cwd=elsewhere)
        assert run.returncode == 1
        no_traceback(run)
        assert f"--dev-addr {address}: cannot serve: Address already in use" in run.stderr
