// answers.mjs: which answers the browser keeps when they come from elsewhere (saved, a file, a shared link): the
// same check generator/answers/validate.py makes (check_answer), with the caps of generator/limits.py.

import { isAnswered } from "./evaluate.mjs";
import { isNumber } from "./numbers.mjs";

// What values.bad_text refuses in a text answer: control characters but tab and line breaks, lone surrogates,
// bidi controls. They cannot be printed or written to a PDF, so Python would refuse the exported answers.
const UNPRINTABLE = /(?![\t\n\r])[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

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
      return isNum && Math.abs(value) <= limits.number && (q.min == null || value >= q.min) && (q.max == null || value <= q.max);
    case "text":
      return typeof value === "string" && codePoints(value) <= limits.text && !UNPRINTABLE.test(value);
    default:
      return false;
  }
}
