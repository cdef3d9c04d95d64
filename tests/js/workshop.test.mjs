// The workshop's browser modules without a browser: the participant key (participant.mjs), the send button's
// rules (sending.mjs) and sentences (send-view.mjs), the deal check's sentences (dealcheck-view.mjs) and the
// dashboard's (dashboard-view.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}
globalThis.localStorage = new MemoryStorage();
const W = "../../generator/assets/javascripts/workshop";
const { forget, load, participantKey, save } = await import(`${W}/participant.mjs`);
const { BACKOFF_MS, currentRound, differences, outcome, retryDelay, secondRoundDue, wrongRound } = await import(
  `${W}/sending.mjs`
);
const { TEXT, attachmentName, clock, roundText } = await import(`${W}/send-view.mjs`);
const { notSentText, pollText, refusedText, statusText } = await import(`${W}/dealcheck-view.mjs`);
const { formatAmount } = await import("../../generator/assets/javascripts/core/zone.mjs");
const { TEXT: DASHBOARD } = await import(`${W}/dashboard-view.mjs`);

test("the participant key is random, made once and kept", () => {
  const key = participantKey();
  assert.match(key, /^[0-9a-f]{32}$/);
  assert.equal(participantKey(), key);
  globalThis.localStorage = new MemoryStorage();
  assert.notEqual(participantKey(), key);
});

test("a stored key the server would refuse is replaced", () => {
  globalThis.localStorage.setItem("dealcraft-workshop:participant", JSON.stringify("<script>"));
  assert.match(participantKey(), /^[0-9a-f]{32}$/);
});

test("the outbox is kept under the workshop's own prefix, apart from the quiz's saved answers", () => {
  globalThis.localStorage = new MemoryStorage();
  assert.equal(save("outbox:trust", { answers: { q1: 3 } }), true);
  assert.deepEqual(JSON.parse(globalThis.localStorage.getItem("dealcraft-workshop:outbox:trust")), { answers: { q1: 3 } });
  assert.deepEqual(load("outbox:trust"), { answers: { q1: 3 } });
  forget("outbox:trust");
  assert.equal(load("outbox:trust"), null);
  globalThis.localStorage.setItem("dealcraft-workshop:sent:trust", "{not json");
  assert.equal(load("sent:trust"), null); // a damaged entry reads as nothing, it does not throw
});

test("with storage switched off nothing is kept and nothing throws", () => {
  const off = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); }, removeItem() { throw new Error("denied"); } };
  globalThis.localStorage = off;
  assert.equal(save("outbox:trust", {}), false);
  assert.equal(load("outbox:trust"), null);
  assert.match(participantKey(), /^[0-9a-f]{32}$/); // a key for this page's life at least
  globalThis.localStorage = new MemoryStorage();
});

test("the send time reads as hours and minutes in the participant's zone", () => {
  const at = new Date(2026, 11, 2, 9, 5);
  assert.equal(clock(at.toISOString()), "09:05");
  assert.match(TEXT.sent(at.toISOString()), /^Sent at 09:05\. /);
  assert.match(TEXT.unchanged(at.toISOString()), /^Already sent at 09:05 — nothing changed/);
});

test("a laptop that does not answer is tried again after 1, 2, 4, 8, 15 s, then every 30 s", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map(retryDelay), [1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000]);
  assert.equal(BACKOFF_MS.at(-1), 30000);
  assert.match(TEXT.waiting(retryDelay(2)), /kept in this browser.*next try in 4 s/);
});

test("no answer, a server error, a timeout or too many requests keep the answers for another try; a 4xx is final", () => {
  for (const status of [null, 500, 502, 503, 408, 429]) assert.equal(outcome(status), "retry", String(status));
  for (const status of [200, 201]) assert.equal(outcome(status), "sent", String(status));
  for (const status of [400, 403, 404, 409, 413, 415, 422]) assert.equal(outcome(status), "refused", String(status));
  assert.equal(TEXT.refused(undefined, 422), "Not sent: the facilitator's server refused these answers. (error 422)");
  assert.match(TEXT.refused("the facilitator has closed submissions for this room", 409), /refused these answers\. the facilitator has closed/);
});

const server = {
  overall: { score: 62.5, band: "developing" },
  dimensions: { prep: { score: 75, band: "strong" }, trust: { score: null, band: null } },
};
const shown = (overrides = {}) => ({
  overall: { score: 62.5, band: "developing" },
  dimensions: [{ id: "prep", score: 75, band: "strong" }, { id: "trust", score: null, band: null }],
  ...overrides,
});

test("scores the page shows that equal the server's differ nowhere (within float noise)", () => {
  assert.deepEqual(differences(server, shown()), []);
  assert.deepEqual(differences(server, shown({ overall: { score: 62.5 + 1e-12, band: "developing" } })), []);
  assert.deepEqual(differences(server, shown({ overall: null })), []); // a form without an overall score
});

test("a different score, band or a score on one side only is named by its dimension", () => {
  assert.deepEqual(differences(server, shown({ overall: { score: 63, band: "developing" } })), ["overall"]);
  const dims = [{ id: "prep", score: 75, band: "developing" }, { id: "trust", score: 0, band: null }];
  assert.deepEqual(differences(server, shown({ dimensions: dims })), ["prep", "trust"]);
  assert.deepEqual(differences(server, shown({ dimensions: [{ id: "other", score: 10, band: "low" }] })), ["other"]);
  assert.match(TEXT.differ(new Date(2026, 0, 1, 14, 3).toISOString(), ["prep", "trust"]), /^Sent at 14:03, .*differently \(prep, trust\)/);
});

test("the downloaded report keeps the server's file name", () => {
  assert.equal(attachmentName('attachment; filename="ada-lovelace-trust-readiness-1a2b3c4d.pdf"'), "ada-lovelace-trust-readiness-1a2b3c4d.pdf");
  assert.equal(attachmentName(null), "report.pdf");
  assert.equal(attachmentName("inline"), "report.pdf");
});

test("the deal check says what this side may know, and never a number of the other side", () => {
  const base = { role: "buyer", pair: "P07", other_entered: false, zone_exists: null, width: null, you_agreed: true, they_agreed: false };
  assert.equal(statusText(null), "");
  assert.equal(statusText(base), "Your limit is in, as the buyer of pair P07. Waiting for the other side to enter theirs.");
  const both = { ...base, other_entered: true };
  assert.match(statusText({ ...both, zone_exists: false }), /no bargaining zone: your limits do not overlap\.$/);
  assert.equal(statusText({ ...both, zone_exists: true }), "Your limit is in, as the buyer of pair P07. A bargaining zone exists. The other side has not agreed to show its width.");
  assert.equal(statusText({ ...both, zone_exists: true, you_agreed: false }), "Your limit is in, as the buyer of pair P07. A bargaining zone exists.");
  assert.match(statusText({ ...both, zone_exists: true, width: 627.6, they_agreed: true, currency: "$" }), /A bargaining zone exists, \$627\.60 wide\.$/);
  assert.match(statusText({ ...both, zone_exists: true, width: 12500, currency: "$" }), /\$12,500 wide/);
});

test("the deal check shows the zone's width as the reports show money: to the cent, in the room's currency", () => {
  const zone = { role: "seller", pair: "P02", other_entered: true, zone_exists: true, you_agreed: true, they_agreed: true };
  // The server hands over the project's report currency; no dollar sign of our own.
  assert.equal(statusText({ ...zone, width: 627.6, currency: "€" }), "Your limit is in, as the seller of pair P02. A bargaining zone exists, €627.60 wide.");
  assert.match(statusText({ ...zone, width: 1234567.5, currency: "CHF" }), /exists, 1,234,567\.50 CHF wide\.$/);
  assert.match(statusText({ ...zone, width: 12500, currency: "" }), /exists, 12,500 wide\.$/);
  assert.match(statusText({ ...zone, width: 12500 }), /exists, 12,500 wide\.$/); // an older server sends none
  // Whole units would say "a zone exists, 0 wide" for limits 40 cents apart.
  assert.match(statusText({ ...zone, width: 0.4, currency: "€" }), /exists, €0\.40 wide\.$/);
  // Equal limits are a zone of one price, told as the zone rules tell it (zone.py), not "€0 wide".
  assert.match(statusText({ ...zone, width: 0, currency: "€" }), /A bargaining zone exists, but it is a single point: your limits are the same\.$/);
  // Cents that binary cannot hold round half away from zero, as format_amount does in the PDF.
  for (const width of [0.4, 627.6, 62.005, 1234567.5, 0.125]) {
    assert.ok(statusText({ ...zone, width, currency: "€" }).endsWith(`exists, ${formatAmount(width, "€")} wide.`), String(width));
  }
});

test("a refused entry names the field the server named, else its status", () => {
  assert.equal(refusedText({ problems: [{ field: "limit", message: "must be 0 or more" }] }, 422), "limit: must be 0 or more");
  assert.equal(refusedText({}, 503), "The server answered 503.");
});

test("an entry the server never got is said in plain words and stays said while the page polls", () => {
  const lost = notSentText("Failed to fetch");
  assert.match(lost, /^Your limit was not sent: could not reach the server \(Failed to fetch\)\./);
  assert.match(lost, /still in the form; check your connection, then press “Enter my limit” again\.$/);
  // A poll that fails too must not replace it with "trying again": the entry would look handled.
  assert.equal(pollText({ error: "Failed to fetch", unsent: true }), lost);
  assert.match(pollText({ view: null, unsent: true }), /^Your limit is not sent yet: .*press “Enter my limit”/);
  const view = { entered: true, role: "buyer", pair: "P07", other_entered: false };
  assert.match(pollText({ view, unsent: true }), /not sent yet/); // an older entry is in, the new one is not
  // Nothing pending: the poll says what it said before.
  assert.equal(pollText({ view }), statusText(view));
  assert.equal(pollText({ error: "Failed to fetch" }), "Could not reach the server (Failed to fetch); trying again.");
  assert.equal(pollText({ view: null }), "");
});

test("the round is said in plain words, and nothing is said for an unknown one", () => {
  assert.match(roundText("before"), /^First round: .*start of the workshop/);
  assert.match(roundText("after"), /^Second round: .*end of the workshop.*compare/);
  assert.equal(roundText("during"), "");
  assert.equal(roundText(null), "");
  const at = new Date(2026, 11, 2, 16, 5).toISOString();
  assert.match(TEXT.sent(at, "after"), /^Sent at 16:05 as your second-round answers\./);
  assert.match(TEXT.sent(at, undefined), /^Sent at 16:05\. Sending/); // a receipt kept before rounds existed
});

test("the room's round is asked of the server; no answer means not known", async () => {
  const asked = [];
  globalThis.fetch = async (url) => {
    asked.push(url);
    return { ok: true, json: async () => ({ round: "after", open: true }) };
  };
  assert.equal(await currentRound(), "after");
  globalThis.fetch = async () => ({ ok: false, json: async () => ({}) });
  assert.equal(await currentRound(), null);
  globalThis.fetch = async () => {
    throw new TypeError("offline");
  };
  assert.equal(await currentRound(), null);
  assert.deepEqual(asked, ["/api/room"]);
  delete globalThis.fetch;
});

test("a refusal for the wrong round is told apart from other refusals", () => {
  assert.equal(wrongRound(409, { field: "round" }), true);
  assert.equal(wrongRound(409, { field: "room" }), false); // closed submissions
  assert.equal(wrongRound(422, { field: "round" }), false); // not a round at all: a plain refusal
  assert.equal(wrongRound(409, null), false);
});

test("a first-round receipt asks for the second round only when that round is open and nothing waits", () => {
  const first = { at: "2026-12-02T09:10:00Z", round: "before" };
  assert.equal(secondRoundDue("after", first, false), true);
  assert.equal(secondRoundDue("after", { at: first.at }, false), true); // a receipt from before rounds existed
  assert.equal(secondRoundDue("after", { ...first, round: "after" }, false), false);
  assert.equal(secondRoundDue("after", first, true), false); // the outbox is about to send
  assert.equal(secondRoundDue("before", first, false), false);
  assert.equal(secondRoundDue("after", null, false), false);
});

test("the dashboard counts each round, and says who is still missing before a group is shown", () => {
  assert.equal(DASHBOARD.roundCounts({ before: 12, after: 3 }), "before 12 · after 3");
  assert.equal(DASHBOARD.tooFew(5, 2), "Shown from 5 respondents; 2 so far.");
  assert.equal(DASHBOARD.tooFew(1, 0), "Shown from 1 respondent; 0 so far.");
  assert.equal(DASHBOARD.strip({ title: "Empathy", mean: 61 }), "Empathy: mean 61");
  assert.equal(DASHBOARD.strip({ title: "Empathy", mean: null }), "Empathy: mean –"); // nobody scored yet
  assert.equal(DASHBOARD.shift(1), "Before and after: 1 person answered both rounds");
  assert.equal(DASHBOARD.shift(7), "Before and after: 7 people answered both rounds");
  assert.match(DASHBOARD.round.after, /second round/);
});

test("a participant's row says how often they sent and where their report is", () => {
  assert.equal(DASHBOARD.sent("10:42", 1), "10:42");
  assert.equal(DASHBOARD.sent("10:42", 3), "10:42 (sent 3 times)");
  assert.deepEqual([[false, true], [true, true], [true, false]].map(([on, ready]) => DASHBOARD.report(on, ready)), ["off", "ready", "rendering…"]);
  assert.equal(DASHBOARD.confirm.remove("Ada"), "Delete the answers of Ada?");
  assert.equal(DASHBOARD.confirm.remove(""), "Delete the answers of this participant?");
});
