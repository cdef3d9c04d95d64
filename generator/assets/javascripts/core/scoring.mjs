// scoring.mjs: the scorer, mirroring generator/scoring.py step for step and in the same operation order
// (test_parity.py and tests/vectors hold it to that). Expressions arrive parsed, as the AST compile.py puts in the
// page, and evaluate.mjs computes them; tests parse them with parser/expressions.mjs.

import { evaluate, isAnswered, truthy } from "./evaluate.mjs";
import { roundHalfAway } from "./numbers.mjs";

export { isAnswered };

const SCORED_TYPES = new Set(["likert", "choice", "multi"]);

/** How far from 0 (on -100..100) a two-sided dimension's lean must be before the result names a side. */
export const LEAN_MARGIN = 10;

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

/** A score as people see it: a whole number, rounded half away from zero (62.5 -> 63); null for no score. Band
 * lookup and `score.<id>` in a `when` both read it, so the printed number, its band and the advice agree.
 * Mirrors scoring.py's shown_score. */
export function shownScore(score) {
  return score === null || score === undefined ? null : roundHalfAway(score);
}

/** The last band, in ascending min order, whose min <= the score as shown (`shownScore`), so that "40 · Early"
 * cannot be shown for 39.6; null for a null score. Mirrors scoring.py's band_for. */
export function bandFor(score, bands) {
  const shown = shownScore(score);
  if (shown === null) return null;
  const sorted = [...bands].sort((x, y) => x.min - y.min);
  let found = null;
  for (const band of sorted) {
    if (band.min <= shown) found = band.id;
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
    const p = question.peak;
    if (p !== null && p !== undefined) {
      const d = Math.max(p - a, b - p);
      return ((d - Math.abs(value - p)) / d) * 100;
    }
    const v2 = orDefault(question.reverse, false) ? a + b - value : value;
    return ((v2 - a) / (b - a)) * 100;
  }
  return optionMean(question, value, "score");
}

/** A choice's option `key` (score or lean), or a multi's mean of it in answer order; null when there is none. */
function optionMean(question, value, key) {
  const options = orDefault(question.options, []);
  const optionValue = (id) => {
    const option = options.find((o) => o.id === id);
    return option && typeof option[key] === "number" ? option[key] : null;
  };
  if (question.type === "choice") return optionValue(value);
  if (question.type === "multi") {
    if (!Array.isArray(value)) return null;
    let total = 0;
    let count = 0;
    for (const id of value) {
      const s = optionValue(id);
      if (s === null) continue;
      total = total + s;
      count += 1;
    }
    return count ? total / count : null;
  }
  return null;
}

/** How far an answer leans (-100 low .. 100 high): an option's `lean`, or a peaked likert's distance from its peak. */
function itemLean(questionnaire, question, value) {
  if (question.type === "likert") {
    const p = question.peak;
    if (p === null || p === undefined || typeof value !== "number") return null;
    const scale = scaleFor(questionnaire, question);
    const d = Math.max(p - scale.min, scale.max - p);
    return orDefault(question.reverse, false) ? ((p - value) / d) * 100 : ((value - p) / d) * 100;
  }
  return optionMean(question, value, "lean");
}

function sideOf(lean) {
  if (lean === null) return null;
  if (lean <= -LEAN_MARGIN) return "low";
  return lean >= LEAN_MARGIN ? "high" : null;
}

/** The ids to show of the recommendations whose `when` held (in file order): replaced and excluded ones go. */
export function selectRecommendations(fired) {
  const replaced = new Set(fired.flatMap((r) => orDefault(r.replaces, [])));
  const kept = [];
  for (const r of fired) {
    if (replaced.has(r.id)) continue;
    const clash = kept.some((k) => orDefault(k.excludes, []).includes(r.id) || orDefault(r.excludes, []).includes(k.id));
    if (clash) continue;
    kept.push(r);
  }
  return kept.map((r) => r.id);
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
  const itemLeans = {};
  for (const question of questions) {
    if (!question.dimension) continue;
    const value = env[question.id];
    itemScores[question.id] = value === null ? null : itemScore(questionnaire, question, value);
    itemLeans[question.id] = value === null ? null : itemLean(questionnaire, question, value);
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
    if (dimension.sides) {
      const leanPairs = [];
      for (const question of questions) {
        if (question.dimension !== dimension.id) continue;
        const x = itemLeans[question.id];
        if (x !== null && x !== undefined) leanPairs.push([orDefault(question.weight, 1), x]);
      }
      const lean = weightedMean(leanPairs);
      dimensionResults[dimension.id].lean = lean;
      dimensionResults[dimension.id].side = sideOf(lean);
    }
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

  // Rule 8: recommendations; `when` also sees score.* (as shown) and band.* (lean.* and side.* of two-sided
  // dimensions).
  for (const [id, result] of Object.entries(dimensionResults)) {
    env[`score.${id}`] = shownScore(result.score);
    env[`band.${id}`] = result.band;
    if ("lean" in result) {
      env[`lean.${id}`] = result.lean;
      env[`side.${id}`] = result.side;
    }
  }
  env["score.overall"] = shownScore(overall.score);
  env["band.overall"] = overall.band;
  const fired = orDefault(questionnaire.recommendations, []).filter((item) => truthy(evaluate(item.when, env)));
  const recommendations = selectRecommendations(fired);

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
