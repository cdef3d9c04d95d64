// The JavaScript zone rules against the shared vectors, which pytest runs against generator/zone.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { computeZone, formatAmount, summary, zoneLine } from "../../generator/assets/javascripts/core/zone.mjs";

const vectors = JSON.parse(readFileSync(new URL("../vectors/zone.json", import.meta.url), "utf8"));

test("the vectors cover both roles, ranges, equal limits and bad input", () => {
  const inputs = vectors.cases.map((c) => c.input);
  assert.ok(inputs.some((i) => i.role === "buyer") && inputs.some((i) => i.role === "seller"));
  assert.ok(vectors.cases.some((c) => c.expected.width === 0));
  assert.ok(vectors.cases.some((c) => c.expected.state === "uncertain"));
  assert.ok(vectors.cases.filter((c) => c.expected.errors.length).length >= 8);
});

for (const c of vectors.cases) {
  test(`vector: ${c.name}`, () => {
    const result = computeZone(c.input);
    assert.deepEqual(result, c.expected);
    assert.equal(summary(result, c.unit), c.summary);
  });
}

test("the guide's car example, both ways", () => {
  const yes = computeZone({ role: "buyer", my_limit: 9000, their_low: 8000, their_high: 8000 });
  assert.deepEqual([yes.state, yes.low, yes.high, yes.width, yes.gap], ["exists", 8000, 9000, 1000, null]);
  const no = computeZone({ role: "buyer", my_limit: 8000, their_low: 9000, their_high: 9000 });
  assert.deepEqual([no.state, no.low, no.high, no.width, no.gap], ["none", null, null, null, 1000]);
});

test("bad input never yields NaN, only nulls and a message", () => {
  for (const bad of ["", "abc", "-1", "NaN", "Infinity", "1e3", NaN, Infinity, -Infinity, undefined, null, {}, []]) {
    const r = computeZone({ role: "buyer", my_limit: bad, their_low: 8000 });
    assert.equal(r.state, null);
    assert.ok(r.errors.length >= 1 && r.errors[0].field === "my_limit", String(bad));
    assert.ok(r.errors[0].message.length > 10);
    for (const v of Object.values(r)) assert.ok(!(typeof v === "number" && Number.isNaN(v)));
    assert.ok(!summary(r).includes("NaN"));
  }
});

test("amounts print with grouping, two decimals at most, and the unit on the right side", () => {
  assert.equal(formatAmount(8000, "$"), "$8,000");
  assert.equal(formatAmount(1234.5, "€"), "€1,234.50");
  assert.equal(formatAmount(0.005, "EUR"), "0.01 EUR");
  assert.equal(formatAmount(999999.999, ""), "1,000,000");
});

for (const c of vectors.amounts) {
  test(`formatAmount(${c.value}, ${JSON.stringify(c.unit)}) prints as zone.py does`, () => {
    assert.equal(formatAmount(c.value, c.unit), c.text);
  });
}

test("zoneLine: the car example's diagram shades the $1,000 zone between the two limits", () => {
  const exists = computeZone({ role: "buyer", my_limit: 9000, their_low: 8000, their_high: 8000 });
  const line = zoneLine(exists, "$");
  assert.deepEqual(line.interval, { from: 8000, to: 9000, label: "Bargaining zone, $1,000 wide", kind: "zone" });
  assert.ok(line.min < 8000 && line.max > 9000);
  const none = zoneLine(computeZone({ role: "buyer", my_limit: 8000, their_low: 9000, their_high: 9000 }), "$");
  assert.equal(none.interval.kind, "gap");
  assert.deepEqual([none.interval.from, none.interval.to], [8000, 9000]);
});
