// The browser's answer check against the shared vectors, which pytest runs against answers/validate.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { badText, fits, sanitizeAnswers } from "../../generator/assets/javascripts/core/answers.mjs";

const vectors = JSON.parse(readFileSync(new URL("../vectors/answers.json", import.meta.url), "utf8"));
const { questionnaire, limits } = vectors;
const valueOf = (c) => ("repeat" in c ? c.repeat[0].repeat(c.repeat[1]) : c.value);

for (const c of vectors.cases) {
  test(`answer vector ${c.name}`, () => {
    const q = questionnaire.questions.find((x) => x.id === c.question);
    assert.strictEqual(fits(questionnaire, q, valueOf(c), limits), c.fits);
  });
}

test("sanitizeAnswers keeps what fits and names what it drops", () => {
  const raw = { agree: 3, pick: "c", notes: "", gone: "x", many: ["x"] };
  const { answers, dropped } = sanitizeAnswers(questionnaire, raw, limits);
  assert.deepEqual(answers, { agree: 3, many: ["x"] });
  assert.deepEqual(dropped.sort(), ["gone", "pick"]);
});

// What the quiz form refuses in typed text (names; free-text answers allow tabs and line breaks), in the
// words of Python's values.bad_text, which pytest runs on the same vectors.
for (const c of vectors.texts) {
  test(`typed text vector ${c.name}`, () => {
    assert.strictEqual(badText(c.text, { allowBreaks: c.breaks }), c.reason);
  });
}
