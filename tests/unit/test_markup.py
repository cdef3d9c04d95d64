"""Our markup passes the W3C Nu HTML checker (vnu.jar, npm `vnu-jar`, run with Debian's Java).

The whole built site is checked. The errors the checker finds in Material's own templates are listed in
MATERIAL_KNOWN, each by its message and the markup it points at, and not hidden: every entry must still occur
(a fixed Material makes the entry fail), and any other error, ours, fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VNU = Path(sys.prefix) / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message pattern, pattern the offending markup must match): errors in mkdocs-material 9.8.2's templates.
MATERIAL_KNOWN = {
    'tabindex on the nav section labels (partials/nav-item.html writes tabindex="")': (
        r"Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*"[^>]*tabindex=""',
    ),
    "autocomplete on the drawer and search toggles (base.html: checkbox inputs)": (
        r"Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle"[^>]*type="checkbox"[^>]*autocomplete="off"',
    ),
}


@pytest.mark.slow
def test_the_site_has_no_markup_errors_but_materials_known_ones(built_site: Path) -> None:
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail(f"the Nu HTML checker needs {VNU} and java: run .ci/setup (default-jre-headless, npm vnu-jar)")
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    assert messages, "the checker found nothing at all in the site Material builds: is it checking anything?"
    seen = dict.fromkeys(MATERIAL_KNOWN, 0)
    ours = []
    for m in messages:
        known = next(
            (
                name
                for name, (message, markup) in MATERIAL_KNOWN.items()
                if re.search(message, m["message"]) and re.search(markup, m.get("extract", ""))
            ),
            None,
        )
        if known:
            seen[known] += 1
        else:
            page = m.get("url", "").rsplit(built_site.name + "/", 1)[-1]
            ours.append(f"{page}:{m.get('lastLine')}: {m['message']} in {m.get('extract', '').strip()[:160]!r}")
    assert ours == []
    assert all(seen.values()), f"a known Material error no longer occurs; take it off the list: {seen}"
