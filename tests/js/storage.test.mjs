// storage.mjs and charts.mjs: what the quiz forms and the tools rely on, checked without a browser.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  storageKey, load, save, remove, encodeFragment, decodeFragment, fragmentFor, readFragment, shareUrl,
  readJsonFile, FragmentError, JsonFileError,
} from "../../generator/assets/javascripts/page/storage.mjs";
import { numberLine, quadrantChart } from "../../generator/assets/javascripts/markup/charts.mjs";
import { radarChart } from "../../generator/assets/javascripts/markup/radar.mjs";
import { escapeXml } from "../../generator/assets/javascripts/markup/svg.mjs";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}
class BrokenStorage {
  getItem() { throw new Error("SecurityError"); }
  setItem() { throw new Error("QuotaExceededError"); }
  removeItem() { throw new Error("SecurityError"); }
}

test("keys separate pages and items", () => {
  assert.equal(storageKey("trust-readiness", "/quizzes/trust-readiness/"), "dealcraft:/quizzes/trust-readiness/:trust-readiness");
  assert.notEqual(storageKey("a", "/x/"), storageKey("a", "/y/"));
});

test("save, load and remove round-trip JSON", () => {
  const s = new MemoryStorage();
  const value = { version: 2, hash: "abc", answers: { q1: 3, q2: ["a", "b"], t: "Grüße ✓" } };
  assert.equal(save("k", value, s), true);
  assert.deepEqual(load("k", s), value);
  assert.equal(remove("k", s), true);
  assert.equal(load("k", s), null);
});

test("unavailable or broken storage never throws", () => {
  const b = new BrokenStorage();
  assert.equal(save("k", { a: 1 }, b), false);
  assert.equal(load("k", b), null);
  assert.equal(remove("k", b), false);
  assert.equal(load("k", null), null);
  const s = new MemoryStorage();
  s.setItem("k", "{not json");
  assert.equal(load("k", s), null);
});

test("fragments are base64url of UTF-8 JSON and round-trip any text", () => {
  const value = { answers: { name: "Zoë — 東京 🎉", n: -1.5, list: ["x"] } };
  const enc = encodeFragment(value);
  assert.match(enc, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeFragment(enc), value);
  // The same encoding a Python side would produce.
  assert.equal(encodeFragment({ a: 1 }), Buffer.from('{"a":1}').toString("base64url"));
  assert.deepEqual(readFragment("answers", fragmentFor("answers", value)), value);
  assert.deepEqual(readFragment("answers", `#x=1&answers=${enc}`), value);
  assert.equal(readFragment("answers", "#intro"), null);
  assert.equal(readFragment("answers", ""), null);
  assert.equal(shareUrl("answers", { a: 1 }, "http://h/p/#old"), "http://h/p/#answers=eyJhIjoxfQ");
});

test("broken fragments raise a FragmentError with a readable message", () => {
  assert.throws(() => decodeFragment("%%%"), FragmentError);
  assert.throws(() => decodeFragment(encodeFragment({ a: 1 }).slice(0, 5)), FragmentError);
  assert.throws(() => decodeFragment(Buffer.from([0xff, 0xfe]).toString("base64url")), FragmentError);
});

test("readJsonFile accepts an object and explains every wrong file", async () => {
  const file = (text, name = "answers.json") => Object.assign(new Blob([text]), { name });
  assert.deepEqual(await readJsonFile(file('{"questionnaire": "x"}')), { questionnaire: "x" });
  assert.deepEqual(await readJsonFile(file('\uFEFF{"a": 1}')), { a: 1 });
  await assert.rejects(readJsonFile(file("hello", "notes.txt")), (e) => e instanceof JsonFileError && /notes\.txt.*not a JSON file/.test(e.message));
  await assert.rejects(readJsonFile(file("[1, 2]")), (e) => e instanceof JsonFileError && /not an answers file/.test(e.message));
  await assert.rejects(readJsonFile(file("x".repeat(2000)), { maxBytes: 1000 }), (e) => e instanceof JsonFileError && /too large/.test(e.message));
  await assert.rejects(readJsonFile(null), JsonFileError);
});

test("charts escape every text and carry title and desc", () => {
  const evil = `<script>alert("x")</script>&`;
  const charts = [
    radarChart({ title: evil, axes: [{ label: evil, value: 50 }, { label: "b", value: null }, { label: "c", value: 100 }] }),
    numberLine({ min: 0, max: 100, unit: "$", points: [{ label: evil, value: 10 }], interval: { from: 10, to: 60, label: evil } }),
    quadrantChart({ points: [{ x: 2, y: 4, label: evil }], xLabel: evil, yLabel: evil, quadrants: [evil, "", "", ""] }),
  ];
  for (const svg of charts) {
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.match(svg, /<title id="[^"]+">/);
    assert.match(svg, /<desc id="[^"]+">/);
    assert.ok(!svg.includes("<script"), svg);
    assert.ok(svg.includes("&lt;script&gt;"));
  }
  assert.equal(escapeXml(`a<b>"c"&'d'`), "a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;");
});

test("radar desc reads out values and missing scores", () => {
  const svg = radarChart({ axes: [{ label: "Trust", value: 62.5 }, { label: "Empathy", value: null }, { label: "Time", value: 0 }] });
  assert.match(svg, /Trust: 62\.5; Empathy: no score; Time: 0/);
});

test("number line places values in order and clamps outliers to the edge", () => {
  const svg = numberLine({ min: 0, max: 100, width: 600, points: [{ label: "Low", value: -50 }, { label: "Mid", value: 50 }] });
  const xs = [...svg.matchAll(/<circle class="dc-chart-point" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(xs, [24, 300]);
  assert.match(svg, /◀ Low/);
});
