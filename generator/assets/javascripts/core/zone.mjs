/**
 * The bargaining-zone rules in the browser; generator/zone.py holds the same rules in Python, and
 * tests/vectors/zone.json proves both give the same answers.
 *
 * Inputs: role ("buyer" | "seller"); my_limit, your walk-away limit (the most you would pay as buyer, the
 * least you would accept as seller); their_low and their_high, your estimate of the other side's limit as
 * a range (equal for a single guess; if only one is given it is used for both); optional target.
 * Numbers may be numbers or text ("8000", "8,000.50"). An entry that is empty, not a number, negative, above
 * 1e12, past the cent (more than two decimals), or a range whose low end exceeds its high end gives a message
 * per field and every output is null.
 *
 * States (L = my_limit, [lo, hi] = the estimate of their limit):
 *   buyer:  exists when hi <= L, zone [hi, L], width L - hi; none when lo > L, gap lo - L;
 *           uncertain when lo <= L < hi.
 *   seller: exists when lo >= L, zone [L, lo], width lo - L; none when hi < L, gap L - hi;
 *           uncertain when lo < L <= hi.
 * For a range the zone is the conservative one (it exists wherever their real limit lies in the range) and
 * the gap the smallest the range allows. Equal limits give a zone of width 0, which exists. In the uncertain
 * state zone and gap are null.
 * Target position: "beyond_limit" when the target is past your own limit (a warning); otherwise, when a zone
 * exists, "below", "inside" or "above" it (bounds count as inside); otherwise null.
 */

import { roundHalfAway } from "./numbers.mjs";

export const MAX_AMOUNT = 1e12;
/** Amounts with more decimals are refused: formatAmount shows the cent (zone.py's AMOUNT_DECIMALS). */
export const AMOUNT_DECIMALS = 2;

const NUMBER = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

export const LABELS = Object.freeze({
  my_limit: "Your walk-away limit",
  their_low: "The low end of your estimate of their limit",
  their_high: "The high end of your estimate of their limit",
  target: "Your target",
});

function isEmpty(value) {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** Read one optional amount: [null, null] when empty, [number, null] when fine, [null, problem] otherwise. */
export function parseAmount(value, name) {
  const label = LABELS[name];
  if (isEmpty(value)) return [null, null];
  let number = null;
  if (typeof value === "number") {
    number = Number.isFinite(value) ? value : null;
  } else if (typeof value === "string") {
    const text = value.trim();
    number = NUMBER.test(text) ? Number(text.replaceAll(",", "")) : null;
  }
  if (number === null) return [null, { field: name, message: `${label} must be a number, such as 8000 or 8,000.50.` }];
  if (number < 0) return [null, { field: name, message: `${label} cannot be negative.` }];
  if (number > MAX_AMOUNT) {
    return [null, { field: name, message: `${label} is too large (at most 1,000,000,000,000).` }];
  }
  if (roundHalfAway(number, AMOUNT_DECIMALS) !== number) {
    return [null, { field: name, message: `${label} has more than two decimals; enter it as it is shown, such as 8,000.50.` }];
  }
  return [number + 0, null];
}

function emptyResult(errors) {
  return {
    role: null, my_limit: null, their_low: null, their_high: null, target: null,
    state: null, low: null, high: null, width: null, gap: null, target_position: null, errors,
  };
}

/** Apply the rules to raw entries {role, my_limit, their_low, their_high, target}; same shape as zone.py. */
export function computeZone({ role, my_limit, their_low = null, their_high = null, target = null } = {}) {
  const errors = [];
  const roleText = typeof role === "string" ? role.trim().toLowerCase() : "";
  if (roleText !== "buyer" && roleText !== "seller") {
    errors.push({ field: "role", message: "Choose whether you are the buyer or the seller." });
  }
  let [limit, problem] = parseAmount(my_limit, "my_limit");
  if (problem === null && limit === null) problem = { field: "my_limit", message: "Enter your walk-away limit." };
  if (problem !== null) errors.push(problem);
  let [lo, problemLo] = parseAmount(their_low, "their_low");
  let [hi, problemHi] = parseAmount(their_high, "their_high");
  for (const p of [problemLo, problemHi]) if (p !== null) errors.push(p);
  if (problemLo === null && problemHi === null) {
    if (lo === null && hi === null) {
      errors.push({
        field: "their_low",
        message: "Enter your estimate of the other side's limit: one number, or a low and a high end.",
      });
    } else if (lo === null) {
      lo = hi;
    } else if (hi === null) {
      hi = lo;
    } else if (lo > hi) {
      errors.push({ field: "their_high", message: "The low end of your estimate is above the high end; swap them." });
    }
  }
  const [goal, problemTarget] = parseAmount(target, "target");
  if (problemTarget !== null) errors.push(problemTarget);
  if (errors.length || limit === null || lo === null || hi === null) return emptyResult(errors);

  const buyer = roleText === "buyer";
  let state;
  let low = null, high = null, width = null, gap = null;
  if (buyer) {
    if (hi <= limit) [state, low, high] = ["exists", hi, limit];
    else if (lo > limit) [state, gap] = ["none", lo - limit];
    else state = "uncertain";
  } else if (lo >= limit) [state, low, high] = ["exists", limit, lo];
  else if (hi < limit) [state, gap] = ["none", limit - hi];
  else state = "uncertain";
  if (low !== null && high !== null) width = high - low;
  let position = null;
  if (goal !== null) {
    if ((buyer && goal > limit) || (!buyer && goal < limit)) position = "beyond_limit";
    else if (low !== null && high !== null) position = goal < low ? "below" : goal > high ? "above" : "inside";
  }
  return {
    role: buyer ? "buyer" : "seller", my_limit: limit, their_low: lo, their_high: hi, target: goal,
    state, low, high, width, gap, target_position: position, errors: [],
  };
}

/** An amount with thousands commas and at most two decimals; the unit before a symbol, after a word. */
export function formatAmount(value, unit = "") {
  const cents = roundHalfAway(Math.abs(value) * 100);
  const whole = Math.floor(cents / 100);
  const frac = cents % 100;
  let text = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? "." + String(frac).padStart(2, "0") : "");
  const sign = value < 0 && cents ? "-" : "";
  const u = String(unit ?? "").trim();
  if (!u) return sign + text;
  if ([...u].length === 1 && !/^[\p{L}\p{N}]$/u.test(u)) return sign + u + text;
  return `${sign}${text} ${u}`;
}

const POSITION_WORDS = { below: "lies below the zone", inside: "lies inside the zone", above: "lies above the zone" };

/** One or two plain sentences for the live region; zone.py words them the same for the PDF report. */
export function summary(result, unit = "") {
  if (result.errors.length) return result.errors.map((e) => e.message).join(" ");
  const f = (x) => formatAmount(x ?? 0, unit);
  const ranged = result.their_low !== result.their_high;
  let text;
  if (result.state === "exists") {
    text = result.width === 0
      ? `A bargaining zone exists, but it is a single point: ${f(result.low)}.`
      : `A bargaining zone exists from ${f(result.low)} to ${f(result.high)}, ${f(result.width)} wide.`;
    if (ranged) text += " It counts from the firmest end of your estimate of their limit.";
  } else if (result.state === "none") {
    text = `No bargaining zone: a gap of ${f(result.gap)} separates the two limits.`;
    if (ranged) text += " That is the smallest gap your estimate allows.";
  } else {
    text = `Uncertain: your estimate of their limit, ${f(result.their_low)} to ${f(result.their_high)}, `
      + `straddles your own limit of ${f(result.my_limit)}.`;
  }
  if (result.target !== null) {
    if (result.target_position === "beyond_limit") {
      text += ` Warning: your target of ${f(result.target)} is past your own walk-away limit.`;
    } else if (result.target_position !== null) {
      text += ` Your target of ${f(result.target)} ${POSITION_WORDS[result.target_position]}.`;
    }
  }
  return text;
}

/**
 * What the number-line diagram shows for a zone result: its range, the limits as points, and the shaded interval
 * (the zone, the gap, or the span of the estimate). Shared by the calculator and the quiz results.
 */
export function zoneLine(result, unit = "") {
  const fmt = (v) => formatAmount(v, unit);
  const values = [result.my_limit, result.their_low, result.their_high, result.target].filter((v) => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.2 : Math.max(lo * 0.1, 1);
  const points = [{ value: result.my_limit, label: "Your limit", kind: "mine" }];
  if (result.their_low === result.their_high) points.push({ value: result.their_low, label: "Their limit", kind: "theirs" });
  else {
    points.push({ value: result.their_low, label: "Their low guess", kind: "theirs" });
    points.push({ value: result.their_high, label: "Their high guess", kind: "theirs" });
  }
  if (result.target !== null) points.push({ value: result.target, label: "Target", kind: "target" });
  let interval;
  if (result.state === "exists") interval = { from: result.low, to: result.high, label: `Bargaining zone, ${fmt(result.width)} wide`, kind: "zone" };
  else if (result.state === "none") {
    const from = result.role === "buyer" ? result.my_limit : result.their_high;
    interval = { from, to: from + result.gap, label: `Gap of ${fmt(result.gap)}: no zone`, kind: "gap" };
  } else interval = { from: result.their_low, to: result.their_high, label: "Their limit lies somewhere here", kind: "estimate" };
  return { min: Math.max(0, lo - pad), max: hi + pad, points, interval, format: fmt };
}
