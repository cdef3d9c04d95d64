// answers.mjs: which answers the browser keeps when they come from elsewhere (saved, a file, a shared link): the
// same check generator/answers/validate.py makes (check_answer), with the caps of generator/limits.py.

import { isAnswered } from "./evaluate.mjs";
import { isNumber, roundHalfAway } from "./numbers.mjs";

// What values.bad_text refuses: control characters (but tab and line breaks in a free-text answer), lone
// surrogates, bidi controls. They cannot be printed or written to a PDF, so Python would refuse the answers.
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const BIDI_CONTROLS = new Set("\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");
const LINE_BREAKS = new Set("\t\n\r");
const CONTROL = /\p{Cc}/u;

const hex = (code) => code.toString(16).toUpperCase().padStart(4, "0");

/** Why `text` cannot go into a report, or null: values.bad_text's reason, word for word, for the first lone
 * surrogate, bidi control or control character (tab and line breaks pass when `allowBreaks`, in a free-text
 * answer, never in a name). Positions count characters (code points), as Python does. */
export function badText(text, { allowBreaks = false } = {}) {
  if (!UNPRINTABLE.test(text)) return null; // the usual case, without a walk through the text
  let index = 0;
  for (const char of text) {
    index += 1;
    const code = char.codePointAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return `a lone surrogate (U+${hex(code)}) at character ${index}, which is not text`;
    if (allowBreaks && LINE_BREAKS.has(char)) continue;
    if (BIDI_CONTROLS.has(char)) return `a bidi control (U+${hex(code)}) at character ${index}`;
    if (CONTROL.test(char)) return `a control character (U+${hex(code)}) at character ${index}`;
  }
  return null;
}

/** Length in code points, as Python counts characters (an emoji is one, not two UTF-16 units). */
function codePoints(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * Keep only answers of the right type for a known question: {answers, dropped: [qid...]} (saved, file, link).
 * `limits` is the compiled JSON's `limits` (generator/limits.py), so the caps are Python's.
 */
export function sanitizeAnswers(questionnaire, raw, limits) {
  const answers = {};
  const dropped = [];
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { answers, dropped };
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  for (const [qid, value] of Object.entries(raw)) {
    const q = byId.get(qid);
    const ok = q !== undefined && fits(questionnaire, q, value, limits);
    if (ok) answers[qid] = Array.isArray(value) ? [...value] : value;
    else if (isAnswered(value)) dropped.push(qid);
  }
  return { answers, dropped };
}

/** The most decimals a number answer to `q` may have: its `decimals`, else `limits.decimals` (the two that results
 * and reports show). Mirrors Question.places in generator/questionnaire/model.py. */
export function placesOf(q, limits) {
  return q.decimals ?? limits.decimals;
}

/** Whether number `value` has at most `places` decimals: it is its own rounding (the one rule), so it prints as
 * the number it compares as. validate.py's check_answer asks the same. */
export function withinPlaces(value, places) {
  return roundHalfAway(value, places) === value;
}

/** What the quiz form says under a number with more decimals than `places` allow (check_answer says why). */
export function decimalsHint(places) {
  return places === 0 ? "Enter a whole number." : `Enter at most ${places} decimal${places > 1 ? "s" : ""}.`;
}

/** Whether `value` answers question `q` of `questionnaire` (its client JSON) within `limits`: what Python's
 * `check_answer` accepts (tests/vectors/answers.json holds the two together). A blank never does. */
export function fits(questionnaire, q, value, limits) {
  if (!isAnswered(value)) return false;
  const isNum = isNumber(value);
  switch (q.type) {
    case "likert": {
      const scale = q.scale ?? questionnaire.scale;
      return isNum && Number.isInteger(value) && value >= scale.min && value <= scale.max;
    }
    case "choice":
      return typeof value === "string" && (q.options ?? []).some((o) => o.id === value);
    case "multi": {
      const ids = new Set((q.options ?? []).map((o) => o.id));
      return Array.isArray(value) && value.every((v) => typeof v === "string" && ids.has(v)) && new Set(value).size === value.length;
    }
    case "number":
      return (
        isNum &&
        Math.abs(value) <= limits.number &&
        (q.min == null || value >= q.min) &&
        (q.max == null || value <= q.max) &&
        withinPlaces(value, placesOf(q, limits))
      );
    case "text":
      return typeof value === "string" && codePoints(value) <= limits.text && badText(value, { allowBreaks: true }) === null;
    default:
      return false;
  }
}
