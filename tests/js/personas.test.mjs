// Personas (tests/vectors/personas.json) land in the bands the questionnaires claim for them, scored by the
// browser scorer; tests/unit/test_personas.py holds the Python scorer to the same expectations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parsedQuestionnaire } from "../../generator/assets/javascripts/parser/expressions.mjs";
import { score } from "../../generator/assets/javascripts/core/scoring.mjs";

const data = JSON.parse(readFileSync(new URL("../vectors/personas.json", import.meta.url), "utf8"));

for (const persona of data.personas) {
  test(`persona: ${persona.name}`, () => {
    const questionnaire = parsedQuestionnaire(data.questionnaires[persona.questionnaire]);
    const result = score(questionnaire, persona.answers);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.overall.band, persona.expect.overall);
    for (const [id, want] of Object.entries(persona.expect.dimensions)) {
      assert.equal(result.dimensions[id].band, want.band, id);
      if ("side" in want) assert.equal(result.dimensions[id].side, want.side, id);
    }
    for (const id of persona.recommendations_include) assert.ok(result.recommendations.includes(id), id);
    for (const id of persona.recommendations_exclude) assert.ok(!result.recommendations.includes(id), id);
  });
}
