// The results panel's markup (quiz.mjs resultsHtml): one string that goes into the page as HTML, so every text in
// it that is not our pre-rendered Markdown must arrive escaped, whoever wrote it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { drawsRadar, resultsHtml } from "../../generator/assets/javascripts/quiz/results.mjs";

const EVIL = `"><img src=x onerror="alert(1)"><script>alert(2)</script>&'`;

function hostileCase() {
  const questionnaire = {
    id: "q",
    title: EVIL,
    version: 1,
    bands: [{ id: "low", min: 0, label: EVIL }],
    zone: null,
    dimensions: ["a", "b", "c"].map((id) => ({ id, title: `${id} ${EVIL}`, bands: [] })),
    questions: [
      { id: "check", type: "choice", text: EVIL, options: [{ id: "right", label: EVIL, score: 100 }, { id: "wrong", label: EVIL, score: 0 }] },
    ],
    computed: [{ id: "c1", label: EVIL }],
    recommendations: [],
  };
  const result = {
    overall: { score: 10, band: "low" },
    dimensions: { a: { score: 10, band: "low" }, b: { score: null, band: null }, c: { score: 100, band: "unknown" } },
    computed: { c1: EVIL },
    recommendations: ["r1"],
  };
  const compiled = {
    questionnaire,
    html: { feedback: {}, dimensions: {}, recommendations: { r1: "<p>Ours.</p>" }, questions: {} },
    links: { dimensions: { a: { href: `x" onclick="alert(3)`, title: EVIL } }, recommendations: {} },
    limits: { radar_axes: [3, 12] },
  };
  return { compiled, result, answers: { check: "wrong" }, respondent: { name: EVIL, group: EVIL } };
}

test("every text from the questionnaire, the answers and the respondent is escaped", () => {
  const html = resultsHtml(hostileCase());
  const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()));
  const ours = ["p", "div", "strong", "h3", "h4", "span", "ul", "ol", "li", "figure", "svg", "title", "desc", "path", "text", "tspan",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "a"];
  assert.deepEqual([...tags].filter((tag) => !ours.includes(tag)), []);
  const attributeNames = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((tag) =>
    [...tag[0].replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=>]+)=/g)].map((m) => m[1]),
  );
  assert.deepEqual(attributeNames.filter((name) => /^on/i.test(name)), [], "no event handler got into a tag");
  assert.ok(html.includes("&lt;script&gt;alert(2)&lt;/script&gt;"));
  assert.ok(html.includes("&quot;&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
  assert.ok(html.includes("<p>Ours.</p>"), "our pre-rendered Markdown goes in as HTML");
});

test("the DOM contract's attributes carry unrounded scores and band ids, empty when null", () => {
  const html = resultsHtml(hostileCase());
  assert.match(html, /<div class="dc-overall" data-overall="" data-score="10" data-band="low">/);
  assert.match(html, /<li data-dimension="b" data-score="" data-band="">/);
  assert.match(html, /<li data-recommendation="r1">/);
  assert.match(html, /data-check="check" data-correct="false"/);
});

// When the panel draws a radar: the same vectors as pytest's tests/unit/test_radar_vectors.py (report/charts.py).
const radarVectors = JSON.parse(readFileSync(new URL("../vectors/radar.json", import.meta.url), "utf8"));

function wideCase(count) {
  const dimensions = Array.from({ length: count }, (_, i) => ({ id: `d${i}`, title: `Dimension ${i + 1}`, bands: [] }));
  const questionnaire = { id: "w", title: "Wide", version: 1, bands: [{ id: "low", min: 0, label: "Low" }], zone: null, dimensions, questions: [], computed: [], recommendations: [] };
  const result = { overall: { score: 50, band: "low" }, dimensions: Object.fromEntries(dimensions.map((d, i) => [d.id, { score: 10 * (i % 10), band: "low" }])), computed: {}, recommendations: [] };
  const compiled = { questionnaire, html: { feedback: {}, dimensions: {}, recommendations: {}, questions: {} }, links: { dimensions: {}, recommendations: {} }, limits: radarVectors.limits };
  return { compiled, result, answers: {} };
}

for (const c of radarVectors.cases) {
  test(`radar vector: ${c.dimensions} dimensions`, () => {
    assert.strictEqual(drawsRadar(c.dimensions, radarVectors.limits), c.radar);
    const html = resultsHtml(wideCase(c.dimensions));
    assert.strictEqual(html.includes('<figure class="dc-radar">'), c.radar);
    // Every dimension keeps its bar either way.
    assert.strictEqual([...html.matchAll(/<li data-dimension=/g)].length, c.dimensions);
  });
}
