// evaluate.mjs: the evaluation half of generator/expressions.py (test_parity.py holds the two to it). It takes the
// parsed AST, as compile.py puts it in the page, so quiz pages never load the parser (parser/expressions.mjs).

import { roundHalfAway } from "./numbers.mjs";

/** Whether a value counts as an answer: not null, not an empty string, not an empty list. */
export function isAnswered(value) {
  if (value === null || value === undefined) return false;
  if (typeof value === "string" || Array.isArray(value)) return value.length > 0;
  return true;
}

export const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!="]);
const MAX_ROUND_DIGITS = 12;

/** False for null, false, 0, '' and an empty list; true for everything else. */
export function truthy(value) {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string" || Array.isArray(value)) return value.length > 0;
  return true;
}

/** The value when it is a finite number (not a boolean), else null. */
function number(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function kind(value) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return "number";
  if (typeof value === "string") return "string";
  if (Array.isArray(value)) return "list";
  return "other";
}

/** Typed equality: different kinds are unequal; numbers by value; lists item by item. */
function equal(a, b) {
  const k = kind(a);
  if (k !== kind(b)) return false;
  if (k === "number") return number(a) === number(b);
  if (k === "list") return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (k === "other") return false;
  return a === b;
}

const finite = (value) => (Number.isFinite(value) ? value : null);

function arithmetic(op, a, b) {
  const x = number(a);
  const y = number(b);
  if (x === null || y === null) return null;
  if (op === "+") return finite(x + y);
  if (op === "-") return finite(x - y);
  if (op === "*") return finite(x * y);
  if (y === 0) return null;
  return finite(x / y);
}

const isNullLiteral = (node) => node.type === "Literal" && node.value === null;
const isNull = (value) => value === null || value === undefined;

function compare(op, left, right, a, b) {
  if (op === "==" || op === "!=") {
    if (isNullLiteral(left) || isNullLiteral(right)) {
      const bothNull = isNull(a) && isNull(b);
      return op === "==" ? bothNull : !bothNull;
    }
    if (isNull(a) || isNull(b)) return false;
    return op === "==" ? equal(a, b) : !equal(a, b);
  }
  const x = number(a);
  const y = number(b);
  if (x === null || y === null) return false;
  if (op === "<") return x < y;
  if (op === "<=") return x <= y;
  if (op === ">") return x > y;
  return x >= y;
}

function extreme(name, values) {
  let best = null;
  for (const value of values) {
    if (isNull(value)) continue;
    const x = number(value);
    if (x === null) return null;
    if (best === null || (name === "min" ? x < best : x > best)) best = x;
  }
  return best;
}

function callFunction(name, args, env) {
  const values = args.map((arg) => evaluate(arg, env));
  if (name === "min" || name === "max") return extreme(name, values);
  if (name === "abs") {
    const x = number(values[0]);
    return x === null ? null : Math.abs(x);
  }
  if (name === "round") {
    const x = number(values[0]);
    const digits = values.length > 1 ? number(values[1]) : 0;
    if (x === null || digits === null || digits !== Math.floor(digits)) return null;
    if (!(digits >= 0 && digits <= MAX_ROUND_DIGITS)) return null;
    return roundHalfAway(x, digits);
  }
  if (name === "answered") return isAnswered(values[0]);
  if (name === "contains") {
    const container = values[0];
    if (!Array.isArray(container)) return false;
    return container.some((item) => equal(item, values[1]));
  }
  // count
  const container = values[0];
  if (isNull(container)) return 0;
  if (Array.isArray(container)) return container.length;
  return null;
}

function lookup(env, name) {
  if (env instanceof Map) return env.has(name) ? env.get(name) : null;
  if (env && Object.hasOwn(env, name)) {
    const value = env[name];
    return value === undefined ? null : value;
  }
  return null;
}

/** The value of a parsed expression; names missing from env read as null. Never throws. */
export function evaluate(node, env) {
  switch (node.type) {
    case "Literal":
      return node.value;
    case "Name":
      return lookup(env, node.name);
    case "Unary": {
      const value = evaluate(node.operand, env);
      if (node.op === "not") return !truthy(value);
      const x = number(value);
      return x === null ? null : -x;
    }
    case "Binary": {
      const op = node.op;
      if (op === "and") return truthy(evaluate(node.left, env)) && truthy(evaluate(node.right, env));
      if (op === "or") return truthy(evaluate(node.left, env)) || truthy(evaluate(node.right, env));
      const a = evaluate(node.left, env);
      const b = evaluate(node.right, env);
      if (COMPARISONS.has(op)) return compare(op, node.left, node.right, a, b);
      return arithmetic(op, a, b);
    }
    default:
      return callFunction(node.name, node.args, env);
  }
}
