"""Links that work on paper: a local site_url is named once with the setting to change, --site-url overrides it,
and every QR code, decoded back from the printed page, is exactly the guide link printed beside it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.report.links import check_site_url, local_reach
from tests.reports.conftest import ROOT, WORKSHOP, tool

ADA = WORKSHOP / "trust-readiness" / "ada-okafor.json"
WANG = WORKSHOP / "trust-readiness" / "wang-fang.json"


def report(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    argv = ["report", *map(str, args), "--questionnaires", str(ROOT / "questionnaires"), "-j", "1"]
    code = main(argv, stdout=io.StringIO())
    return code, capsys.readouterr().err


def config(tmp_path: Path, site_url: str) -> Path:
    """A copy of the project's mkdocs.yml with another site_url (and its folders made absolute, as MkDocs checks
    that they exist when it loads the copy)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^docs_dir: (\S+)$", lambda m: f"docs_dir: {ROOT / m.group(1)}", text)
    text = re.sub(r"(?m)^(\s+custom_dir:) (\S+)$", lambda m: f"{m.group(1)} {ROOT / m.group(2)}", text)
    path = tmp_path / "mkdocs.yml"
    path.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {site_url}", text), encoding="utf-8")
    return path


def qr_and_printed_links(pdf: Path, tmp_path: Path) -> list[tuple[list[str], list[str]]]:
    """For each page: the QR codes zbarimg decodes from a 150 dpi image, and the guide links printed as text."""
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", pdf)).group(1))  # type: ignore[union-attr]
    found = []
    for page in range(1, pages + 1):
        stem = tmp_path / f"page-{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", pdf, stem],
            check=True,
            timeout=60,
        )
        # zbarimg exits 4 when a page has no code; -q keeps its summary off stdout.
        scan = subprocess.run(
            ["zbarimg", "-q", "--raw", f"{stem}.png"], capture_output=True, text=True, timeout=60, check=False
        )
        text = tool("pdftotext", "-f", str(page), "-l", str(page), pdf, "-")
        printed = re.findall(r"Read more in the guide: (\S+)", text)
        found.append((sorted(scan.stdout.split()), sorted(printed)))
    return found


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("http://127.0.0.1:8000/", "this machine"),
        ("http://127.1.2.3/", "this machine"),
        ("http://localhost:8000/", "this machine"),
        ("http://[::1]:8000/", "this machine"),
        ("http://0.0.0.0:8000/", "this machine"),
        ("http://10.1.2.3/", "this local network"),
        ("http://172.20.0.5:8080/guide/", "this local network"),
        ("http://192.168.1.20:8000/", "this local network"),
        ("http://169.254.10.1/", "this local network"),
        ("http://100.64.0.7/", "this local network"),
        ("http://[fd12::1]/", "this local network"),
        ("http://[::ffff:192.168.0.9]/", "this local network"),
        ("http://laptop.local:8000/", "this local network"),
        ("http://wiki/", "this local network"),
        ("https://guide.example.org/dealcraft/", None),
        ("https://172.32.0.1/", None),
        ("https://8.8.8.8/", None),
    ],
)
def test_local_addresses_are_recognised(url: str, where: str | None) -> None:
    reach = local_reach(url)
    assert (reach[1] if reach else None) == where


def test_site_url_override_is_checked_and_gets_its_slash() -> None:
    assert check_site_url("https://negotiate.example.com/guide") == "https://negotiate.example.com/guide/"
    for bad in ("ftp://example.org/", "example.org", "https://exa mple.org/", 'https://x.org/"><script>'):
        with pytest.raises(ValueError, match="http"):
            check_site_url(bad)


class TestReportCommand:
    """What a facilitator sees on stderr, and what the printed page carries."""

    def test_warns_once_for_a_loopback_site_url_and_names_the_setting(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        mkdocs = config(tmp_path, "http://127.0.0.1:8000/")
        code, err = report(capsys, ADA, WANG, "-o", tmp_path / "out", "-f", mkdocs)
        assert code == 0, err
        lines = [line for line in err.splitlines() if "site_url" in line]
        assert len(lines) == 1, err
        assert lines[0] == (
            f"{mkdocs}: site_url: warning: http://127.0.0.1:8000/ is a loopback address: the QR codes and guide "
            "links printed in the reports will not work outside this machine. Set site_url in "
            f"{mkdocs} to the guide's public address, or pass --site-url URL for this run."
        )
        assert len(list((tmp_path / "out").glob("*.pdf"))) == 2

    def test_warns_for_a_private_address_given_with_the_flag(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, err = report(capsys, ADA, "-o", tmp_path / "out", "--site-url", "http://192.168.1.20:8000")
        assert code == 0, err
        (line,) = [line for line in err.splitlines() if "site_url" in line]
        assert line.startswith("--site-url: site_url: warning: http://192.168.1.20:8000/ is a private address")
        assert "will not work outside this local network" in line

    def test_a_bad_override_is_a_user_error(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, err = report(capsys, ADA, "-o", tmp_path / "out", "--site-url", "guide.example.org")
        assert code == 1
        assert err.startswith("--site-url: must be an http(s) address")
        assert "Traceback" not in err

    @pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg (Debian zbar-tools)")
    def test_override_wins_and_each_qr_code_decodes_to_the_printed_link(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        mkdocs = config(tmp_path, "http://127.0.0.1:8000/")
        out = tmp_path / "out"
        code, err = report(capsys, ADA, "-o", out, "-f", mkdocs, "--site-url", "https://negotiate.example.com/guide")
        assert code == 0, err
        assert "site_url" not in err
        (pdf,) = out.glob("*.pdf")
        pages = qr_and_printed_links(pdf, tmp_path)
        decoded = [url for codes, _ in pages for url in codes]
        assert len(decoded) == 7, pages  # one per dimension of trust-readiness
        for codes, printed in pages:
            assert codes == printed
        assert all(url.startswith("https://negotiate.example.com/guide/steps/") for url in decoded), decoded
        assert "127.0.0.1" not in tool("pdftotext", pdf, "-")
