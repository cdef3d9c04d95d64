"""`dealcraft schema`: the JSON Schema editors use, identical to questionnaires/schema.json."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_schema_output_matches_the_committed_copy() -> None:
    out = io.StringIO()
    assert main(["schema"], stdout=out) == 0
    assert out.getvalue() == (ROOT / "questionnaires" / "schema.json").read_text(encoding="utf-8")


def test_schema_is_json_schema_2020_12_for_the_questionnaire_keys() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dealcraft"), "schema"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"id", "title", "version", "questions", "dimensions", "bands", "zone"} <= set(schema["properties"])
    assert set(schema["required"]) == {"id", "title", "version", "questions"}
