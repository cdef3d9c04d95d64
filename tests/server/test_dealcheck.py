"""The paired deal check: each side learns whether a zone exists (and its width when both agree), never the
other side's number, in any response, page or log line; the facilitator sees every pair and the debrief."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.report.context import Branding
from tests.server.conftest import ANSWER_KEY, Running, participant

ROOT = Path(__file__).resolve().parents[2]
BUYER, SELLER, OTHER = 1, 2, 3


class Side:
    """One participant's browser: every body it receives is kept, to check that no number leaks into it."""

    def __init__(self, running: Running, who: int) -> None:
        self.running, self.who = running, who
        self.received: list[str] = []

    def enter(self, **body: Any) -> Any:
        r = self.running.client.post(
            "/api/dealcheck",
            content=json.dumps(body),
            headers={"Content-Type": "application/json", **participant(self.who)},
        )
        self.received.append(r.text)
        return r

    def view(self) -> Any:
        r = self.running.client.get("/api/dealcheck", headers=participant(self.who))
        self.received.append(r.text)
        return r


def leaks(texts: list[str], number: float) -> list[str]:
    forms = {f"{number:g}", f"{number:.1f}", f"{number:,.0f}", f"{number:.0f}"}
    return [t for t in texts if any(f in t for f in forms)]


def test_each_side_learns_only_whether_a_zone_exists(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    buyer, seller = Side(running, BUYER), Side(running, SELLER)
    first = buyer.enter(pair="p 07", role="buyer", limit=4217, consent=False)
    assert first.status_code == 200, first.text
    assert first.json()["other_entered"] is False and first.json()["zone_exists"] is None
    assert seller.enter(pair="P07", role="seller", limit=3589, consent=True).status_code == 200
    b, s = buyer.view().json(), seller.view().json()
    assert (b["pair"], b["zone_exists"], b["width"], b["they_agreed"]) == ("P07", True, None, True)
    assert (s["zone_exists"], s["width"], s["they_agreed"]) == (True, None, False)
    page = running.client.get("/dealcheck", headers=participant(BUYER))
    assert page.status_code == 200 and "data-dealcheck" in page.text
    buyer.received.append(page.text)
    assert leaks(buyer.received, 3589) == []
    assert leaks(seller.received, 4217) == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "3589" not in logged and "4217" not in logged


def test_the_width_only_when_both_agree(running: Running) -> None:
    buyer, seller = Side(running, BUYER), Side(running, SELLER)
    buyer.enter(pair="P01", role="buyer", limit=4200, consent=True)
    seller.enter(pair="P01", role="seller", limit=3600, consent=False)
    assert buyer.view().json()["width"] is None
    seller.enter(pair="P01", role="seller", limit=3600, consent=True)  # changes their mind: replaces the entry
    assert buyer.view().json()["width"] == 600 and seller.view().json()["width"] == 600
    assert leaks(buyer.received, 3600) == [] and leaks(seller.received, 4200) == []


@pytest.mark.parametrize(
    ("branding", "key", "currency"),
    [
        (Branding(currency="€"), True, "$"),  # the role-play is priced in its key's unit, whatever the quizzes use
        (Branding(), True, "$"),
        (Branding(currency="€"), False, "€"),  # no key: the report currency of mkdocs.yml
        (Branding(), False, ""),  # neither: bare amounts, never a dollar sign of our own
    ],
)
def test_the_page_is_told_the_role_plays_currency(
    running: Running, branding: Branding, key: bool, currency: str
) -> None:
    running.workshop.branding = branding
    running.workshop.exercise = ANSWER_KEY if key else None
    buyer = Side(running, BUYER)
    assert buyer.view().json() == {"entered": False, "currency": currency}
    entered = buyer.enter(pair="P05", role="buyer", limit=4200, consent=True).json()
    assert entered["currency"] == currency and entered["role"] == "buyer"
    assert buyer.view().json()["currency"] == currency
    # The form's price field names the same unit: beside it, and in its label for screen readers
    page = running.client.get("/dealcheck").text
    label = page[page.index("<label>My walk-away price") : page.index('<input name="limit"')]
    if currency:
        assert f'<span class="ws-sr-only"> in {currency}</span>' in label
        assert f'<span class="ws-unit" aria-hidden="true">{currency}</span>' in label
    else:
        assert "ws-unit" not in label and " in " not in label


def test_a_limit_past_the_cent_is_refused_as_the_zone_rules_refuse_it(running: Running) -> None:
    """100.004 against 100 would be a zone the page prints as 0 wide; the width shown is the width."""
    buyer = Side(running, BUYER)
    r = buyer.enter(pair="P06", role="buyer", limit=100.004, consent=True)
    assert r.status_code == 422, r.text
    assert r.json()["problems"] == [
        {
            "field": "limit",
            "message": "Your walk-away limit has more than two decimals; enter it as it is shown, such as 8,000.50.",
        }
    ]
    assert buyer.enter(pair="P06", role="buyer", limit=100.07, consent=True).status_code == 200
    assert Side(running, SELLER).enter(pair="P06", role="seller", limit=100, consent=True).status_code == 200
    assert buyer.view().json()["width"] == pytest.approx(0.07)


def test_no_zone_shows_no_width_even_with_consent(running: Running) -> None:
    buyer, seller = Side(running, BUYER), Side(running, SELLER)
    buyer.enter(pair="P02", role="buyer", limit=3500, consent=True)
    seller.enter(pair="P02", role="seller", limit=3600, consent=True)
    for side in (buyer, seller):
        view = side.view().json()
        assert (view["zone_exists"], view["width"]) == (False, None)


def test_a_taken_side_is_refused_and_the_first_entry_kept(running: Running) -> None:
    Side(running, BUYER).enter(pair="P03", role="buyer", limit=4200)
    r = Side(running, OTHER).enter(pair="P03", role="buyer", limit=9999)
    assert r.status_code == 409 and r.json()["field"] == "role"
    assert "9999" not in r.text
    rows = running.workshop.store.deal_checks(running.workshop.room_id)
    assert [(x.pair, x.role, x.limit) for x in rows] == [("P03", "buyer", 4200)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pair": "P04", "role": "boss", "limit": 1}, "role"),
        ({"pair": "P04", "role": "buyer", "limit": "4200"}, "limit"),
        ({"pair": "P04", "role": "buyer", "limit": -1}, "limit"),
        ({"pair": "", "role": "buyer", "limit": 1}, "pair"),
        ({"pair": "P04", "role": "buyer", "limit": 1, "consent": "yes"}, "consent"),
        ({"pair": "P04", "role": "buyer", "limit": 1, "extra": 1}, "extra"),
        ([1, 2], "body"),
    ],
)
def test_bad_entries_name_the_field(running: Running, body: Any, field: str) -> None:
    r = (
        Side(running, BUYER).enter(**body)
        if isinstance(body, dict)
        else running.client.post(
            "/api/dealcheck", content=json.dumps(body), headers={"Content-Type": "application/json", **participant(1)}
        )
    )
    assert r.status_code == 422 and r.json()["field"] == field


def test_requests_without_a_key_or_json_are_refused(running: Running) -> None:
    assert running.client.get("/api/dealcheck").status_code == 400
    plain = {"Content-Type": "text/plain", **participant(1)}
    assert running.client.post("/api/dealcheck", content="pair=P1", headers=plain).status_code == 415
    as_json = {"Content-Type": "application/json", **participant(1)}
    assert running.client.post("/api/dealcheck", content="{", headers=as_json).status_code == 400
    nothing = running.client.get("/api/dealcheck", headers=participant(5))
    assert nothing.status_code == 200 and nothing.json() == {"entered": False, "currency": "$"}


def test_the_facilitator_sees_every_pair_and_the_debrief(running: Running) -> None:
    assert running.client.get("/facilitator/debrief.json").status_code == 401
    Side(running, BUYER).enter(pair="P01", role="buyer", limit=4200, consent=True)
    Side(running, SELLER).enter(pair="P01", role="seller", limit=3600)
    for n, name in ((BUYER, "p01-buyer.json"), (SELLER, "p01-seller.json")):
        doc = json.loads((ROOT / "examples" / "debrief" / name).read_text(encoding="utf-8"))
        r = running.client.post(
            "/api/answers", content=json.dumps(doc), headers={"Content-Type": "application/json", **participant(n)}
        )
        assert r.status_code == 201, r.text
    r = running.client.get("/facilitator/debrief.json", headers={"Authorization": f"Bearer {running.token}"})
    assert r.status_code == 200
    data = r.json()
    assert data["deal_checks"] == [
        {
            "pair": "P01",
            "buyer_limit": 4200,
            "seller_limit": 3600,
            "zone": {"exists": True, "low": 3600, "high": 4200, "width": 600},
            "both_agreed": False,
        }
    ]
    (pair,) = data["pairs"]
    assert (pair["pair"], pair["price"], pair["joint_points"]) == ("P01", 3950, 110)
    assert data["problems"] == []


def test_the_facilitator_downloads_the_group_debrief(rendering: Running) -> None:
    client = rendering.client
    assert client.get("/facilitator/debrief.pdf").status_code == 401
    bearer = {"Authorization": f"Bearer {rendering.token}"}
    assert client.get("/facilitator/debrief.pdf", headers=bearer).status_code == 404  # nothing sent yet
    names = []
    for n, name in enumerate(("p01-buyer.json", "p01-seller.json", "p10-buyer.json"), start=1):
        doc = json.loads((ROOT / "examples" / "debrief" / name).read_text(encoding="utf-8"))
        names.append(doc["respondent"]["name"])
        r = client.post(
            "/api/answers", content=json.dumps(doc), headers={"Content-Type": "application/json", **participant(n)}
        )
        assert r.status_code == 201, r.text
    r = client.get("/facilitator/debrief.pdf", headers=bearer)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(r.content)).pages).split())
    assert "Group debrief: The espresso-machine deal" in text
    assert "P10 only one side answered" in text and "70 + 40 = 110" in text
    assert not [n for n in names if n.split()[0] in text]


@pytest.mark.parametrize(("key_unit", "shown"), [("$", "$"), ("", "€")])
def test_the_deal_check_page_and_the_debrief_pdf_show_one_currency(
    rendering: Running, key_unit: str, shown: str
) -> None:
    """A project whose mkdocs.yml sets `currency: "€"`: the role-play's money is in its answer key's unit on the
    page and in the facilitator's PDF alike, and in the report currency only when the key names no unit."""
    rendering.workshop.branding = Branding(currency="€")
    rendering.workshop.exercise = rendering.workshop.exercise.model_copy(update={"unit": key_unit})
    buyer, seller = Side(rendering, BUYER), Side(rendering, SELLER)
    page_currency = buyer.enter(pair="P01", role="buyer", limit=4200, consent=True).json()["currency"]
    assert page_currency == seller.view().json()["currency"] == shown
    for n, name in ((BUYER, "p01-buyer.json"), (SELLER, "p01-seller.json")):
        doc = json.loads((ROOT / "examples" / "debrief" / name).read_text(encoding="utf-8"))
        r = rendering.client.post(
            "/api/answers", content=json.dumps(doc), headers={"Content-Type": "application/json", **participant(n)}
        )
        assert r.status_code == 201, r.text
    r = rendering.client.get("/facilitator/debrief.pdf", headers={"Authorization": f"Bearer {rendering.token}"})
    assert r.status_code == 200
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(r.content)).pages).split())
    assert f"{page_currency}3,950" in text  # the pair's price
    other = {"$", "€"} - {page_currency}
    assert not [c for c in other if c in text]


def test_the_dashboard_links_to_the_debrief(running: Running) -> None:
    page = running.facilitator().get("/facilitator", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert 'href="/facilitator/debrief.pdf"' in page.text and 'href="/facilitator/debrief.json"' in page.text
