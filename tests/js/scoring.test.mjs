// The browser scorer against the shared vectors, which pytest runs against generator/scoring.py. The vectors hold
// expression texts: the JavaScript parser (parsedQuestionnaire) reads them here, as Python's does in pytest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parsedQuestionnaire } from "../../generator/assets/javascripts/parser/expressions.mjs";
import { bandFor, score as scoreParsed, toJson } from "../../generator/assets/javascripts/core/scoring.mjs";

const score = (questionnaire, answers) => scoreParsed(parsedQuestionnaire(questionnaire), answers);

const vectors = JSON.parse(readFileSync(new URL("../vectors/scoring.json", import.meta.url), "utf8"));

/** Deep comparison: numbers within 1e-9, booleans never equal to numbers, everything else exact. */
function assertClose(actual, expected, path = "result") {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${path}: expected a number, got ${JSON.stringify(actual)}`);
    assert.ok(Math.abs(actual - expected) <= 1e-9, `${path}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((item, i) => assertClose(actual[i], item, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path}: expected an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertClose(actual[key], expected[key], `${path}.${key}`);
  } else {
    assert.strictEqual(actual, expected, `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
  }
}

test("the vectors are many and cover the rules", () => {
  const cases = vectors.cases;
  assert.ok(cases.length >= 40);
  const names = new Set(cases.map((c) => c.name));
  assert.equal(names.size, cases.length, "case names are unique");
  assert.ok(cases.some((c) => c.expected.overall.score === null));
  assert.ok(cases.some((c) => Object.values(c.expected.dimensions).some((d) => d.score === null)));
  assert.ok(cases.some((c) => c.expected.recommendations.length > 0));
  assert.ok(cases.some((c) => c.expected_missing.length > 0));
  assert.ok(cases.some((c) => c.questionnaire.questions.some((q) => q.show_if)));
  assert.ok(cases.some((c) => c.questionnaire.dimensions.some((d) => d.bands)));
});

for (const c of vectors.cases) {
  test(`vector: ${c.name}`, () => {
    const result = score(c.questionnaire, c.answers);
    assertClose(toJson(result), c.expected);
    assert.deepEqual(result.missing, c.expected_missing);
    assert.equal(result.warnings.length > 0, c.expected_missing.length > 0);
    for (const qid of c.expected_missing) assert.ok(result.warnings.join(" ").includes(qid));
  });
}

test("float results are bit-identical to the expected IEEE values, not just close", () => {
  for (const c of vectors.cases) {
    const result = toJson(score(c.questionnaire, c.answers));
    for (const [id, d] of Object.entries(c.expected.dimensions)) {
      assert.strictEqual(result.dimensions[id].score, d.score, `${c.name}: ${id}`);
    }
    assert.strictEqual(result.overall.score, c.expected.overall.score, `${c.name}: overall`);
  }
});

test("toJson has exactly the score --json keys", () => {
  const result = score(vectors.cases[0].questionnaire, vectors.cases[0].answers);
  assert.deepEqual(Object.keys(toJson(result)), [
    "questionnaire",
    "version",
    "dimensions",
    "overall",
    "computed",
    "recommendations",
  ]);
});

test("defaults apply when keys are missing or null, as in to_client_json()", () => {
  const q = {
    id: "x",
    version: 1,
    scale: { min: 1, max: 5, labels: [] },
    bands: [
      { id: "low", min: 0 },
      { id: "high", min: 50 },
    ],
    dimensions: [{ id: "d", weight: null, bands: [] }],
    questions: [
      { id: "q1", type: "likert", dimension: "d", weight: null, reverse: null, required: null, scale: null },
      { id: "q2", type: "likert", dimension: "d" },
      { id: "t", type: "text", required: null },
    ],
    computed: null,
    recommendations: null,
  };
  const result = score(q, { q1: 5 });
  assert.deepEqual(result.dimensions.d, { score: 100, band: "high" });
  assert.deepEqual(result.missing, ["q2"]);
  assert.deepEqual(result.active, ["q1", "q2", "t"]);
  assert.deepEqual(result.itemScores, { q1: 100, q2: null });
});

test("the inputs are not changed", () => {
  const c = vectors.cases.find((x) => x.name === "show-if-hides-stale-answer");
  const before = JSON.stringify([c.questionnaire, c.answers]);
  score(c.questionnaire, c.answers);
  assert.equal(JSON.stringify([c.questionnaire, c.answers]), before);
});

test("bands: the last band in ascending min order whose min <= the shown score, whatever the listed order", () => {
  const bands = [
    { id: "c", min: 70 },
    { id: "a", min: 0 },
    { id: "b", min: 40 },
  ];
  assert.equal(bandFor(39.49, bands), "a");
  assert.equal(bandFor(39.5, bands), "b"); // shown as 40
  assert.equal(bandFor(40, bands), "b");
  assert.equal(bandFor(100, bands), "c");
  assert.equal(bandFor(null, bands), null);
});
