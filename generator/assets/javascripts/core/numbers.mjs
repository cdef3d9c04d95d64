// numbers.mjs: numbers as this project rounds and writes them. roundHalfAway is the one rounding rule, bit for bit
// like generator/expressions.py's round_half_away (tests/vectors hold both to it); the scorer, the results and the
// charts all use it.

/** sign(x) * floor(abs(x) * 10**n + 0.5) / 10**n, bit for bit like round_half_away; huge or non-finite x unchanged. */
export function roundHalfAway(x, ndigits = 0) {
  if (!Number.isInteger(ndigits) || ndigits < 0 || ndigits > 15) {
    throw new RangeError(`ndigits must be a whole number in 0..15, not ${ndigits}`);
  }
  x = Number(x);
  if (!Number.isFinite(x)) return x;
  const power = 10 ** ndigits;
  const scaled = Math.abs(x) * power;
  if (scaled >= 2 ** 52) return x;
  const magnitude = Math.floor(scaled + 0.5) / power;
  return (x >= 0 ? magnitude : -magnitude) + 0;
}

/** A coordinate: finite, short, never locale-formatted (an attribute must not pick up "1,5"). */
export function num(x) {
  return Number.isFinite(x) ? String(roundHalfAway(x, 2)) : "0";
}

/** At most `digits` decimals, with thousands commas (no Intl: slow to start and varies by locale). */
export function formatNumber(v, digits = 1) {
  const [whole, frac] = String(Math.abs(roundHalfAway(v, digits))).split(".");
  const text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
  return v < 0 && text !== "0" ? `-${text}` : text;
}

export const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
