"""`dealcraft debrief --json`: the issue's shape, every problem by pair code, inputs read as `dealcraft report`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "debrief"
PAIR_KEYS = {
    "pair",
    "buyer_limit",
    "seller_limit",
    "zone",
    "outcome",
    "price",
    "buyer_share",
    "buyer_estimate_error",
    "seller_estimate_error",
    "joint_points",
    "best_joint_points",
}


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*argv: str) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    code = main(["debrief", *argv, "--json"], stdout=out)
    return code, json.loads(out.getvalue())


class TestExampleRoom:
    """The fictional room of ten pairs: eight analysed, one unmatched participant, one price disagreement."""

    def test_shape_is_the_issues(self) -> None:
        code, data = run(str(ROOM))
        assert code == 0
        assert set(data) == {"pairs", "problems"}
        for pair in data["pairs"]:
            assert set(pair) == PAIR_KEYS
            assert set(pair["zone"]) == {"exists", "low", "high", "width"}

    def test_pairs_and_problems(self) -> None:
        _, data = run(str(ROOM))
        assert [p["pair"] for p in data["pairs"]] == ["P01", "P02", "P03", "P04", "P06", "P07", "P08", "P09"]
        problems = {(p["pair"], p["kind"]) for p in data["problems"]}
        assert problems == {("P05", "price_mismatch"), ("P10", "unmatched")}

    def test_hand_checked_pairs(self) -> None:
        pairs = {p["pair"]: p for p in run(str(ROOM))[1]["pairs"]}
        # P01 settles at $3,950 in the $3,600-$4,200 zone: the buyer keeps 250 of 600; the trade reaches 110.
        assert pairs["P01"]["buyer_share"] == pytest.approx(250 / 600)
        assert (pairs["P01"]["joint_points"], pairs["P01"]["best_joint_points"]) == (110, 110)
        # P04 walked away from a zone; P08's seller reported $4,300, so there was no zone to find.
        assert pairs["P04"]["outcome"] == "no_deal" and pairs["P04"]["zone"]["exists"] is True
        assert pairs["P04"]["buyer_share"] is None and pairs["P04"]["joint_points"] is None
        assert pairs["P08"]["zone"] == {"exists": False, "low": None, "high": None, "width": None}
        # Signed errors: P04's buyer guessed the seller's floor at $4,300 (+700); the seller guessed $3,800 (-400).
        assert (pairs["P04"]["buyer_estimate_error"], pairs["P04"]["seller_estimate_error"]) == (700, -400)

    def test_a_lowercase_code_still_pairs(self) -> None:
        # p03-seller.json typed "p03"; the pair is matched as P03.
        assert json.loads((ROOM / "p03-seller.json").read_text())["answers"]["pair"] == "p03"
        assert "P03" in [p["pair"] for p in run(str(ROOM))[1]["pairs"]]


class TestInputs:
    def test_jsonl_and_csv_give_the_same_analysis(self, tmp_path: Path) -> None:
        documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ROOM.glob("*.json"))]
        lines = tmp_path / "room.jsonl"
        lines.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
        table = tmp_path / "deal-debrief-room.csv"
        columns = ["name", *sorted({k for d in documents for k in d["answers"]})]
        with table.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for d in documents:
                writer.writerow([d["respondent"]["name"], *(d["answers"].get(c, "") for c in columns[1:])])
        expected = run(str(ROOM))[1]["pairs"]
        assert run(str(lines))[1]["pairs"] == expected
        assert run(str(table))[1]["pairs"] == expected

    def test_a_broken_file_is_named_and_the_room_still_reported(self, tmp_path: Path) -> None:
        for p in ROOM.glob("p0[12]-*.json"):
            (tmp_path / p.name).write_bytes(p.read_bytes())
        (tmp_path / "p03-buyer.json").write_text('{"questionnaire": "deal-debrief", "answers": {"pair": ', "utf-8")
        code, data = run(str(tmp_path))
        assert code == 1
        assert [p["pair"] for p in data["pairs"]] == ["P01", "P02"]
        (problem,) = data["problems"]
        assert problem["pair"] is None and problem["kind"] == "unreadable"
        assert problem["sources"] == [str(tmp_path / "p03-buyer.json")]

    def test_answers_to_another_questionnaire_are_named_not_mixed_in(self) -> None:
        code, data = run(
            str(ROOM / "p01-buyer.json"),
            str(ROOM / "p01-seller.json"),
            "examples/workshop/deal-readiness/ada-okafor.json",
        )
        assert code == 1 and [p["pair"] for p in data["pairs"]] == ["P01"]
        assert "not to deal-debrief" in data["problems"][0]["message"]

    def test_neither_output_nor_json_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["debrief", str(ROOM)]) == 1
        assert "--output: give -o OUT.pdf, --json, or both" in capsys.readouterr().err
