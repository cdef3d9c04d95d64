// A line-oriented bridge to the browser modules for tests/unit/test_parity.py: one node process answers many
// requests, so hypothesis can compare the JavaScript and Python implementations quickly.
//
// Each stdin line is a JSON request; each answer is one JSON line on stdout, in order:
//   {"kind": "score", "questionnaire": {...}, "answers": {...}}
//       -> {"json": toJson(result), "warnings": [...], "missing": [...], "active": [...], "itemScores": {...}}
//       The questionnaire's expressions come parsed, as the site ships them (expressions.py parsed_questionnaire).
//   {"kind": "expr", "text": "...", "env": {...}}   -> {"value": v} or {"error": [reason, column]}
//   {"kind": "ast", "text": "..."}                  -> {"ast": parse(text)} or {"error": [reason, column]}
//   {"kind": "round", "x": 1.5, "n": 0}             -> {"value": roundHalfAway(x, n)}
//   {"kind": "band", "score": 39.5, "bands": [...]} -> {"band": bandFor(score, bands)}
//   {"kind": "fits", "questionnaire": {...}, "question": "id", "value": v, "limits": {...}}
//       -> {"fits": fits(questionnaire, question, value, limits)}
// An unexpected exception becomes {"crash": "..."} so the Python side fails with the message, not a hang.
import { createInterface } from "node:readline";
import { ExpressionError, evaluate, parse, roundHalfAway } from "../../generator/assets/javascripts/parser/expressions.mjs";
import { bandFor, score, toJson } from "../../generator/assets/javascripts/core/scoring.mjs";
import { fits } from "../../generator/assets/javascripts/core/answers.mjs";

function handle(request) {
  if (request.kind === "score") {
    const result = score(request.questionnaire, request.answers);
    return {
      json: toJson(result),
      warnings: result.warnings,
      missing: result.missing,
      active: result.active,
      itemScores: result.itemScores,
    };
  }
  if (request.kind === "ast") {
    try {
      return { ast: parse(request.text) };
    } catch (error) {
      if (error instanceof ExpressionError) return { error: [error.reason, error.column] };
      throw error;
    }
  }
  if (request.kind === "expr") {
    let node;
    try {
      node = parse(request.text);
    } catch (error) {
      if (error instanceof ExpressionError) return { error: [error.reason, error.column] };
      throw error;
    }
    const value = evaluate(node, request.env ?? {});
    return { value: value === undefined ? "<undefined>" : value };
  }
  if (request.kind === "round") return { value: roundHalfAway(request.x, request.n) };
  if (request.kind === "band") return { band: bandFor(request.score, request.bands) };
  if (request.kind === "fits") {
    const q = request.questionnaire.questions.find((x) => x.id === request.question);
    return { fits: fits(request.questionnaire, q, request.value, request.limits) };
  }
  throw new Error(`unknown request kind ${request.kind}`);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let reply;
  try {
    reply = handle(JSON.parse(line));
  } catch (error) {
    reply = { crash: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
