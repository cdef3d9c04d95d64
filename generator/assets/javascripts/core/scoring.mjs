// scoring.mjs: the scorer, mirroring generator/scoring.py step for step and in the same operation order
// (test_parity.py and tests/vectors hold it to that). Expressions arrive parsed, as the AST compile.py puts in the
// page, and evaluate.mjs computes them; tests parse them with parser/expressions.mjs.

import { evaluate, isAnswered, truthy } from "./evaluate.mjs";

export { isAnswered };

const SCORED_TYPES = new Set(["likert", "choice", "multi"]);

const orDefault = (value, fallback) => (value === null || value === undefined ? fallback : value);

function isRequired(question) {
  return orDefault(question.required, SCORED_TYPES.has(question.type));
}

function scaleFor(questionnaire, question) {
  return orDefault(question.scale, questionnaire.scale);
}

function bandsFor(questionnaire, dimension) {
  const own = dimension.bands;
  return own && own.length ? own : orDefault(questionnaire.bands, []);
}

/** The label of band `bandId` among the bands of dimension `did` (the questionnaire's for null or "overall");
 * the id itself when no band has it, null when there is no band. Mirrors scoring.py's `band_label`. */
export function bandLabel(questionnaire, did, bandId) {
  if (bandId === null || bandId === undefined) return null;
  const dimension = did ? questionnaire.dimensions.find((d) => d.id === did) : undefined;
  const bands = dimension ? bandsFor(questionnaire, dimension) : orDefault(questionnaire.bands, []);
  return bands.find((b) => b.id === bandId)?.label ?? bandId;
}

/** The last band, in ascending min order, whose min <= score; null for a null score. */
export function bandFor(score, bands) {
  if (score === null || score === undefined) return null;
  const sorted = [...bands].sort((x, y) => x.min - y.min);
  let found = null;
  for (const band of sorted) {
    if (band.min <= score) found = band.id;
  }
  return found;
}

/** An item's 0..100 score (rule 2), or null when the answer gives none. */
function itemScore(questionnaire, question, value) {
  if (question.type === "likert") {
    if (typeof value !== "number") return null;
    const scale = scaleFor(questionnaire, question);
    const a = scale.min;
    const b = scale.max;
    const v2 = orDefault(question.reverse, false) ? a + b - value : value;
    return ((v2 - a) / (b - a)) * 100;
  }
  const options = orDefault(question.options, []);
  const optionScore = (id) => {
    const option = options.find((o) => o.id === id);
    return option && typeof option.score === "number" ? option.score : null;
  };
  if (question.type === "choice") return optionScore(value);
  if (question.type === "multi") {
    if (!Array.isArray(value)) return null;
    let total = 0;
    let count = 0;
    for (const id of value) {
      const s = optionScore(id);
      if (s === null) continue;
      total = total + s;
      count += 1;
    }
    return count ? total / count : null;
  }
  return null;
}

/** sum(w * s) / sum(w), summed left to right; null when there is nothing to average. */
function weightedMean(pairs) {
  let top = 0;
  let bottom = 0;
  for (const [w, s] of pairs) {
    top = top + w * s;
    bottom = bottom + w;
  }
  return pairs.length && bottom !== 0 ? top / bottom : null;
}

/** Score answers against a questionnaire (issue 3, rules 1-8). Pure: the inputs are not changed. */
export function score(questionnaire, answers) {
  const questions = orDefault(questionnaire.questions, []);
  const dimensions = orDefault(questionnaire.dimensions, []);
  const given = orDefault(answers, {});

  // Rule 1: active questions, in file order; a show_if sees only the questions above it.
  const env = Object.create(null);
  const active = [];
  for (const question of questions) {
    const showIf = question.show_if;
    const isActive = !showIf || truthy(evaluate(showIf, env));
    const value = Object.hasOwn(given, question.id) ? given[question.id] : null;
    if (isActive) active.push(question.id);
    env[question.id] = isActive && isAnswered(value) ? value : null;
  }

  // Rule 2: item scores for active, answered questions that belong to a dimension.
  const itemScores = {};
  for (const question of questions) {
    if (!question.dimension) continue;
    const value = env[question.id];
    itemScores[question.id] = value === null ? null : itemScore(questionnaire, question, value);
  }

  // Rules 3-5: dimensions, overall, bands.
  const dimensionResults = {};
  const overallPairs = [];
  for (const dimension of dimensions) {
    const pairs = [];
    for (const question of questions) {
      if (question.dimension !== dimension.id) continue;
      const s = itemScores[question.id];
      if (s !== null) pairs.push([orDefault(question.weight, 1), s]);
    }
    const dimensionScore = weightedMean(pairs);
    dimensionResults[dimension.id] = {
      score: dimensionScore,
      band: bandFor(dimensionScore, bandsFor(questionnaire, dimension)),
    };
    if (dimensionScore !== null) overallPairs.push([orDefault(dimension.weight, 1), dimensionScore]);
  }
  const overallScore = weightedMean(overallPairs);
  const overall = { score: overallScore, band: bandFor(overallScore, orDefault(questionnaire.bands, [])) };

  // Computed values, in order, each seeing the answers and the computed values above it.
  const computed = {};
  for (const item of orDefault(questionnaire.computed, [])) {
    const value = evaluate(item.expr, env);
    computed[item.id] = value;
    env[item.id] = value;
  }

  // Rule 8: recommendations; `when` also sees score.* and band.*.
  for (const [id, result] of Object.entries(dimensionResults)) {
    env[`score.${id}`] = result.score;
    env[`band.${id}`] = result.band;
  }
  env["score.overall"] = overall.score;
  env["band.overall"] = overall.band;
  const recommendations = [];
  for (const item of orDefault(questionnaire.recommendations, [])) {
    if (truthy(evaluate(item.when, env))) recommendations.push(item.id);
  }

  const activeSet = new Set(active);
  const missing = questions
    .filter((q) => activeSet.has(q.id) && isRequired(q) && env[q.id] === null)
    .map((q) => q.id);
  const warnings = missing.length ? [`missing required answers: ${missing.join(", ")}`] : [];

  return {
    questionnaire: questionnaire.id,
    version: questionnaire.version,
    dimensions: dimensionResults,
    overall,
    computed,
    recommendations,
    warnings,
    missing,
    active,
    itemScores,
  };
}

/** Exactly the `dealcraft score --json` object of issue 3 (no warnings, active or item scores). */
export function toJson(result) {
  return {
    questionnaire: result.questionnaire,
    version: result.version,
    dimensions: result.dimensions,
    overall: result.overall,
    computed: result.computed,
    recommendations: result.recommendations,
  };
}
