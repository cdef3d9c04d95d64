// The concession planner's pure logic: roles, trade suggestions, prompts and the plan document.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  blankItem, classify, exampleItems, ifThenPrompts, itemLabel, openPrompt, planDocument, readPlan, suggestTrades,
} from "../../generator/assets/javascripts/tools/planner.mjs";

const item = (issue, mine, cost, theirs) => ({ issue, mine, cost, theirs });

test("cheap for me and valuable to them is an offer; valuable to me and not to them is an ask", () => {
  assert.equal(classify(item("Delivery", 2, 1, 4)).role, "offer");
  assert.equal(classify(item("Warranty", 4, 3, 2)).role, "ask");
  assert.equal(classify(item("Price", 5, 5, 5)).role, "hold");
  assert.equal(classify(blankItem()).role, "hold");
  // Both differences positive: the larger one decides, a tie goes to offering.
  assert.equal(classify(item("Both", 5, 1, 3)).role, "offer");
  assert.equal(classify(item("Both", 5, 2, 3)).role, "ask");
});

test("the example pairs each offer with an ask, strongest first, each issue used once", () => {
  const { trades, unpairedOffers, unpairedAsks } = suggestTrades(exampleItems());
  assert.deepEqual(
    trades.map((t) => [t.giveIssue, t.getIssue, t.gain]),
    [["Handover date", "Winter tyres included", 6], ["Payment in one transfer", "Extended warranty", 5]],
  );
  assert.deepEqual([unpairedOffers, unpairedAsks], [[], []]);
});

test("no trade without both an offer and an ask; leftovers are reported", () => {
  assert.deepEqual(suggestTrades([]).trades, []);
  const onlyOffers = [item("A", 1, 1, 5), item("B", 1, 2, 4)];
  const r = suggestTrades(onlyOffers);
  assert.deepEqual(r.trades, []);
  assert.deepEqual(r.unpairedOffers, [0, 1]);
  const extra = suggestTrades([item("A", 1, 1, 5), item("B", 5, 1, 1), item("C", 1, 1, 3)]);
  assert.deepEqual(extra.trades.map((t) => [t.give, t.get]), [[0, 1]]);
  assert.deepEqual(extra.unpairedOffers, [2]);
});

test("ties keep table order, and an issue never trades with itself", () => {
  const items = [item("X", 1, 1, 3), item("Y", 1, 1, 3), item("Z", 3, 1, 1), item("W", 3, 1, 1)];
  const { trades } = suggestTrades(items);
  assert.deepEqual(trades.map((t) => [t.give, t.get]), [[0, 2], [1, 3]]);
  for (const t of trades) assert.notEqual(t.give, t.get);
});

test("unnamed rows get a numbered label and prompts name both sides of the trade", () => {
  assert.equal(itemLabel(blankItem(), 2), "Issue 3");
  const [first, second] = ifThenPrompts({ giveIssue: "Delivery", getIssue: "Warranty" });
  assert.match(first, /^If you can move on “Warranty”, then we can move on “Delivery”\.$/);
  assert.match(second, /“Delivery”.*“Warranty”/);
  assert.match(openPrompt(item("", 1, 1, 5), 0, "offer"), /“Issue 1”/);
  assert.match(openPrompt(item("Tyres", 5, 1, 1), 0, "ask"), /move on “Tyres”/);
});

test("a plan document round-trips through JSON and readPlan", () => {
  const doc = planDocument(exampleItems());
  assert.deepEqual(readPlan(JSON.parse(JSON.stringify(doc))), exampleItems());
});

test("readPlan refuses other files with a message that says why", () => {
  const good = planDocument([item("A", 1, 2, 3)]);
  const cases = [
    [null, /JSON object/],
    [[], /JSON object/],
    [{ ...good, kind: "answers" }, /not a concession plan/],
    [{ ...good, version: 2 }, /version 2/],
    [{ ...good, items: "x" }, /no list/],
    [{ ...good, items: [item("A", 0, 2, 3)] }, /“mine” must be a whole number from 1 to 5/],
    [{ ...good, items: [item("A", 1, 2.5, 3)] }, /“cost”/],
    [{ ...good, items: [{ issue: 7, mine: 1, cost: 1, theirs: 1 }] }, /name must be text/],
    [{ ...good, items: Array.from({ length: 41 }, () => item("A", 1, 1, 1)) }, /at most 40/],
  ];
  for (const [value, message] of cases) assert.throws(() => readPlan(value), message);
});
