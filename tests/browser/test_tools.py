"""The Tools pages in Chromium, driven through their DOM contract: the bargaining-zone calculator and the planner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ZONE = "tools/bargaining-zone/"
PLANNER = "tools/concession-planner/"
SHOTS = Path("/tmp/dealcraft-tools")


def open_tool(page: Any, url: str) -> None:
    """Load a tools page and wait until its tool is mounted (module scripts may run after the network is idle)."""
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("[data-calculator][data-dc-mounted], [data-planner][data-dc-mounted]", state="attached")


def zone_fill(page: Any, role: str, my_limit: str, low: str, high: str, target: str = "", unit: str = "") -> None:
    page.check(f'[data-calculator="bargaining-zone"] [name="role"][value="{role}"]')
    for name, value in (
        ("my_limit", my_limit),
        ("their_limit_low", low),
        ("their_limit_high", high),
        ("target", target),
        ("unit", unit),
    ):
        page.fill(f'[data-calculator="bargaining-zone"] [name="{name}"]', value)


def zone_outputs(page: Any) -> dict[str, str]:
    return dict(
        page.locator("[data-zone]").evaluate(
            "e => ({state: e.dataset.state, low: e.dataset.low, high: e.dataset.high,"
            " width: e.dataset.width, gap: e.dataset.gap})"
        )
    )


def only_localhost(page: Any) -> bool:
    hosts = {urlsplit(u).hostname for u in page.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    return hosts == {"127.0.0.1"}


def rows(page: Any) -> list[dict[str, Any]]:
    return list(
        page.locator("[data-planner] [data-row]").evaluate_all(
            """rows => rows.map(r => ({
                issue: r.querySelector('[name=issue]').value,
                mine: Number(r.querySelector('[name=mine]').value),
                cost: Number(r.querySelector('[name=cost]').value),
                theirs: Number(r.querySelector('[name=theirs]').value),
            }))"""
        )
    )


def set_row(page: Any, index: int, issue: str, mine: int, cost: int, theirs: int) -> None:
    row = page.locator("[data-planner] [data-row]").nth(index)
    row.locator("[name=issue]").fill(issue)
    row.locator("[name=mine]").select_option(str(mine))
    row.locator("[name=cost]").select_option(str(cost))
    row.locator("[name=theirs]").select_option(str(theirs))


def trades(page: Any) -> list[list[str]]:
    return list(
        page.locator("[data-trades] [data-trade]").evaluate_all("ts => ts.map(t => [t.dataset.give, t.dataset.get])")
    )


class TestZoneCalculator:
    """The calculator tells the guide's car example the way step 3 does, live, and keeps state in the link."""

    def test_buyer_9000_seller_8000_has_a_1000_zone(self, page: Any) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "buyer", "9000", "8000", "8000", unit="$")
        assert zone_outputs(page) == {"state": "exists", "low": "8000", "high": "9000", "width": "1000", "gap": ""}
        assert "from $8,000 to $9,000" in page.locator("[data-zone-summary]").inner_text()
        assert page.locator("[data-zone-chart] svg[role=img]").count() == 1
        assert page.locator('[data-guidance="exists"]').is_visible()
        assert page.console_errors == []

    def test_buyer_8000_seller_9000_has_a_1000_gap(self, page: Any) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "buyer", "8000", "9000", "9000")
        assert zone_outputs(page) == {"state": "none", "low": "", "high": "", "width": "", "gap": "1000"}
        assert page.locator('[data-guidance="none"]').is_visible()
        assert not page.locator('[data-guidance="exists"]').is_visible()

    def test_a_range_across_my_limit_is_uncertain(self, page: Any) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "seller", "100", "90", "120")
        assert zone_outputs(page)["state"] == "uncertain"
        assert page.locator('[data-guidance="uncertain"]').is_visible()

    def test_bad_input_says_what_is_wrong_and_shows_no_nan(self, page: Any) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "buyer", "-5", "9000", "8000")
        assert zone_outputs(page) == {"state": "", "low": "", "high": "", "width": "", "gap": ""}
        assert page.locator('[data-error-for="my_limit"]').inner_text() == "Your walk-away limit cannot be negative."
        assert page.locator('[name="my_limit"]').get_attribute("aria-invalid") == "true"
        assert "swap them" in page.locator('[data-error-for="their_limit_high"]').inner_text()
        assert "NaN" not in page.locator("article").inner_text()
        page.fill('[name="my_limit"]', "8000")
        page.fill('[name="their_limit_high"]', "")
        assert zone_outputs(page) == {"state": "none", "low": "", "high": "", "width": "", "gap": "1000"}
        assert page.locator('[name="my_limit"]').get_attribute("aria-invalid") is None

    def test_an_amount_past_the_cent_is_named_not_drawn_as_a_zone_0_wide(self, page: Any) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "buyer", "100.004", "100", "100")
        assert zone_outputs(page)["state"] == ""
        message = "Your walk-away limit has more than two decimals; enter it as it is shown, such as 8,000.50."
        assert page.locator('[data-error-for="my_limit"]').inner_text() == message
        page.fill('[name="my_limit"]', "100")
        assert zone_outputs(page) == {"state": "exists", "low": "100", "high": "100", "width": "0", "gap": ""}
        assert "a single point" in page.locator("[data-zone]").inner_text()

    def test_the_link_restores_every_entry(self, page: Any) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "seller", "8000", "8500", "9500", target="9000", unit="EUR")
        url = page.evaluate("location.href")  # page.url can lag behind history.replaceState
        assert "#zone=" in url and "8000" not in url.split("#")[0]
        summary = page.locator("[data-zone-summary]").inner_text()
        before = zone_outputs(page)
        fresh = page.context.new_page()
        open_tool(fresh, url)
        assert fresh.locator('[name="role"][value="seller"]').is_checked()
        assert fresh.locator('[name="their_limit_high"]').input_value() == "9500"
        assert fresh.locator('[name="unit"]').input_value() == "EUR"
        assert before == {"state": "exists", "low": "8000", "high": "8500", "width": "500", "gap": ""}
        assert zone_outputs(fresh) == before
        assert fresh.locator("[data-zone-summary]").inner_text() == summary
        fresh.close()

    def test_a_damaged_link_is_explained(self, page: Any) -> None:
        open_tool(page, ZONE + "#zone=%%%not-base64")
        assert "could not be read" in page.locator("[data-zone-status]").inner_text()
        assert zone_outputs(page)["state"] == ""
        assert page.console_errors == []

    def test_reached_by_instant_navigation_twice(self, page: Any) -> None:
        page.goto("steps/bargaining-zone/", wait_until="networkidle")
        for _ in range(2):
            page.locator('article a[href$="tools/bargaining-zone/"]').first.click()
            page.wait_for_selector('[data-calculator="bargaining-zone"][data-dc-mounted]')
            zone_fill(page, "buyer", "9000", "8000", "8000")
            assert zone_outputs(page)["state"] == "exists"
            assert page.locator("[data-zone-chart] svg").count() == 1
            page.locator('article a[href$="steps/bargaining-zone/"]').first.click()
            page.wait_for_selector('article a[href$="tools/bargaining-zone/"]')
        assert page.console_errors == []
        assert only_localhost(page)

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_no_serious_accessibility_violations(
        self, page: Any, scheme: str, set_scheme: Any, axe_violations: Any
    ) -> None:
        open_tool(page, ZONE)
        zone_fill(page, "buyer", "9000", "7000", "8500", target="9500", unit="$")
        page.fill('[name="their_limit_low"]', "oops")
        page.fill('[name="their_limit_low"]', "7000")
        set_scheme(page, scheme)
        assert axe_violations(page) == []

    def test_phone_width(self, page: Any) -> None:
        page.set_viewport_size({"width": 360, "height": 740})
        open_tool(page, ZONE)
        zone_fill(page, "buyer", "9000", "7800", "8200", target="8500", unit="$")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0
        SHOTS.mkdir(exist_ok=True)
        page.locator("[data-calculator]").screenshot(path=str(SHOTS / "zone-360.png"))

    def test_keyboard_only(self, page: Any) -> None:
        open_tool(page, ZONE)
        page.locator('[name="role"][value="buyer"]').focus()
        page.keyboard.press("ArrowRight")  # radio group: arrow keys move the choice
        page.keyboard.press("Tab")
        page.keyboard.type("8000")
        page.keyboard.press("Tab")
        page.keyboard.type("9000")
        assert zone_outputs(page) == {"state": "exists", "low": "8000", "high": "9000", "width": "1000", "gap": ""}


class TestPlanner:
    """The planner suggests trades from the scores, and its table survives export, import, links and reloads."""

    def test_add_and_remove_rows(self, page: Any) -> None:
        open_tool(page, PLANNER)
        assert len(rows(page)) == 1
        page.click('[data-action="add"]')
        page.click('[data-action="add"]')
        assert len(rows(page)) == 3
        assert page.evaluate("document.activeElement.name") == "issue"
        set_row(page, 0, "Price", 5, 5, 5)
        set_row(page, 1, "Delivery", 2, 1, 4)
        set_row(page, 2, "Warranty", 4, 3, 2)
        page.locator("[data-row]").nth(0).locator('[data-action="remove"]').click()
        assert [r["issue"] for r in rows(page)] == ["Delivery", "Warranty"]
        assert page.locator("[data-plan-table] tbody tr").count() == 2
        assert page.console_errors == []

    def test_keyboard_only(self, page: Any) -> None:
        open_tool(page, PLANNER)
        page.locator('[data-action="add"]').focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.name") == "issue"
        page.keyboard.type("Warranty")
        page.keyboard.press("Tab")  # matters to me
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")  # cost to concede
        page.keyboard.press("Tab")  # matters to them
        page.keyboard.press("ArrowUp")
        assert rows(page)[1] == {"issue": "Warranty", "mine": 4, "cost": 3, "theirs": 2}
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # remove this row
        assert len(rows(page)) == 1
        assert page.evaluate("document.activeElement.name") == "issue"

    def test_suggests_a_trade_with_if_then_phrasing(self, page: Any) -> None:
        open_tool(page, PLANNER)
        set_row(page, 0, "Delivery", 2, 1, 4)
        assert trades(page) == []
        page.click('[data-action="add"]')
        set_row(page, 1, "Warranty", 4, 3, 2)
        assert trades(page) == [["Delivery", "Warranty"]]
        text = page.locator("[data-trade]").inner_text()
        assert "If you can move on “Warranty”, then we can move on “Delivery”." in text
        assert page.locator("[data-plan-chart] svg[role=img]").count() == 1
        assert page.locator("[data-plan-table] tbody").inner_text().count("Offer it") == 1
        assert "check it by asking" in page.locator(".dc-plan-reminder").inner_text()

    def test_export_then_import_round_trip(self, page: Any, tmp_path: Path) -> None:
        open_tool(page, PLANNER)
        page.click('[data-action="example"]')
        before = rows(page)
        suggested = trades(page)
        assert len(before) == 5 and len(suggested) == 2
        with page.expect_download() as info:
            page.click('[data-action="export"]')
        saved = tmp_path / "plan.json"
        info.value.save_as(saved)
        document = json.loads(saved.read_text(encoding="utf-8"))
        assert document["kind"] == "dealcraft-concession-planner" and document["items"] == before
        page.click('[data-action="reset"]')
        assert rows(page) == [{"issue": "", "mine": 3, "cost": 3, "theirs": 3}]
        page.set_input_files('[data-action="import"]', str(saved))
        page.wait_for_function("document.querySelectorAll('[data-planner] [data-row]').length === 5")
        assert rows(page) == before
        assert trades(page) == suggested

    def test_a_wrong_file_is_refused_with_a_reason(self, page: Any, tmp_path: Path) -> None:
        open_tool(page, PLANNER)
        page.click('[data-action="example"]')
        wrong = tmp_path / "answers.json"
        wrong.write_text(json.dumps({"questionnaire": "deal-readiness", "answers": {}}), encoding="utf-8")
        page.set_input_files('[data-action="import"]', str(wrong))
        status = page.locator("[data-plan-status]")
        status.filter(has_text="Nothing was loaded").wait_for()
        assert "not a concession plan" in status.inner_text()
        assert len(rows(page)) == 5

    def test_share_link_and_reload_restore_the_table(self, page: Any, browser: Any, server: str) -> None:
        open_tool(page, PLANNER)
        page.click('[data-action="example"]')
        set_row(page, 0, "Price ünd Ωmega", 5, 4, 5)
        before = rows(page)
        page.reload(wait_until="networkidle")
        assert rows(page) == before  # autosaved in this browser
        page.click('[data-action="share"]')
        link = page.locator("[data-share-url]").input_value()
        assert "#plan=" in link
        other = browser.new_context(base_url=server)  # another browser profile: nothing saved there
        try:
            shared = other.new_page()
            open_tool(shared, link)
            assert rows(shared) == before
            assert "#plan=" not in shared.url  # consumed, so later edits are not undone by a reload
        finally:
            other.close()

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_no_serious_accessibility_violations(
        self, page: Any, scheme: str, set_scheme: Any, axe_violations: Any
    ) -> None:
        open_tool(page, PLANNER)
        page.click('[data-action="example"]')
        page.click('[data-action="share"]')
        set_scheme(page, scheme)
        assert axe_violations(page) == []
        assert page.console_errors == []
        assert only_localhost(page)

    def test_phone_width(self, page: Any) -> None:
        page.set_viewport_size({"width": 360, "height": 740})
        open_tool(page, PLANNER)
        page.click('[data-action="example"]')
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0
        SHOTS.mkdir(exist_ok=True)
        page.locator("[data-planner]").screenshot(path=str(SHOTS / "planner-360.png"))
