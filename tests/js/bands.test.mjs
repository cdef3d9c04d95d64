// Band labels and lookups against the shared vectors, which pytest runs against generator/scoring.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bandFor, bandLabel, shownScore } from "../../generator/assets/javascripts/core/scoring.mjs";

const vectors = JSON.parse(readFileSync(new URL("../vectors/bands.json", import.meta.url), "utf8"));

for (const c of vectors.cases) {
  test(`band vector ${c.name}`, () => {
    assert.strictEqual(bandLabel(vectors.questionnaire, c.dimension, c.band), c.label);
  });
}

// The band is looked up on the score as shown (rounded half away from zero, the number a `when` reads too), as
// scoring.py's band_for does.
for (const c of vectors.lookups) {
  test(`band lookup ${c.name}`, () => {
    const q = vectors.questionnaire;
    const dimension = q.dimensions.find((d) => d.id === c.dimension);
    const bands = dimension?.bands?.length ? dimension.bands : q.bands;
    assert.strictEqual(shownScore(c.score), c.shown);
    assert.strictEqual(bandFor(c.score, bands), c.band);
  });
}
