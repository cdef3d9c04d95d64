// Band lookup against the shared vectors, which pytest runs against generator/scoring.py's band_label.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bandLabel } from "../../generator/assets/javascripts/core/scoring.mjs";

const vectors = JSON.parse(readFileSync(new URL("../vectors/bands.json", import.meta.url), "utf8"));

for (const c of vectors.cases) {
  test(`band vector ${c.name}`, () => {
    assert.strictEqual(bandLabel(vectors.questionnaire, c.dimension, c.band), c.label);
  });
}
