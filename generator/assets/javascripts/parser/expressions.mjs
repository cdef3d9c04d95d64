// expressions.mjs: the expression language, mirroring generator/expressions.py function for function (the grammar
// and the rules are in its docstring; test_parity.py checks they agree). Columns are 1-based code points.
// The evaluator is core/evaluate.mjs, re-exported here: quiz pages load only that, because the site ships every
// expression already parsed by Python (expressions.py `to_json`, `parse`'s AST). This module is not published.

import { COMPARISONS } from "../core/evaluate.mjs";

export { evaluate, truthy } from "../core/evaluate.mjs";
export { roundHalfAway } from "../core/numbers.mjs";

export const MAX_DEPTH = 100;
export const MAX_NESTING = 32;

/** The functions expressions may call, each with [fewest, most] arguments; null means no upper limit. */
export const FUNCTIONS = Object.freeze({
  min: Object.freeze([1, null]),
  max: Object.freeze([1, null]),
  abs: Object.freeze([1, 1]),
  round: Object.freeze([1, 2]),
  answered: Object.freeze([1, 1]),
  contains: Object.freeze([2, 2]),
  count: Object.freeze([1, 1]),
});

const KEYWORDS = new Set(["and", "or", "not", "true", "false", "null"]);
const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

const isDigit = (c) => c >= "0" && c <= "9";
const isIdentStart = (c) => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || c === "_";
const isIdentChar = (c) => isIdentStart(c) || isDigit(c);

/** A malformed expression: `reason` for people, a 1-based `column`, and message "reason (column N)" as in Python. */
export class ExpressionError extends Error {
  constructor(reason, column) {
    super(`${reason} (column ${column})`);
    this.name = "ExpressionError";
    this.reason = reason;
    this.column = column;
  }
}

// ---------------------------------------------------------------- AST (frozen plain objects)

const literal = (value, column) => Object.freeze({ type: "Literal", value, column });
const nameNode = (name, column) => Object.freeze({ type: "Name", name, column });
const unary = (op, operand, column) => Object.freeze({ type: "Unary", op, operand, column });
const binary = (op, left, right, column) => Object.freeze({ type: "Binary", op, left, right, column });
const call = (name, args, column) => Object.freeze({ type: "Call", name, args: Object.freeze(args), column });

// ---------------------------------------------------------------- tokenizer

function showChar(c) {
  const code = c.codePointAt(0);
  if (code >= 0x21 && code <= 0x7e) return `'${c}'`;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

function tokenize(text) {
  const chars = Array.from(text);
  const tokens = [];
  const n = chars.length;
  let i = 0;
  while (i < n) {
    const c = chars[i];
    const col = i + 1;
    if (WHITESPACE.has(c)) {
      i += 1;
    } else if (isDigit(c)) {
      let j = i;
      while (j < n && isDigit(chars[j])) j += 1;
      if (j + 1 < n && chars[j] === "." && isDigit(chars[j + 1])) {
        j += 1;
        while (j < n && isDigit(chars[j])) j += 1;
      }
      tokens.push({ kind: "num", text: chars.slice(i, j).join(""), column: col });
      i = j;
    } else if (isIdentStart(c)) {
      let j = i;
      while (j < n && isIdentChar(chars[j])) j += 1;
      while (j + 1 < n && chars[j] === "." && isIdentChar(chars[j + 1])) {
        j += 1;
        while (j < n && isIdentChar(chars[j])) j += 1;
      }
      tokens.push({ kind: "name", text: chars.slice(i, j).join(""), column: col });
      i = j;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      const out = [];
      for (;;) {
        if (j >= n) throw new ExpressionError("unterminated string", col);
        const d = chars[j];
        if (d === c) break;
        if (d === "\\") {
          if (j + 1 >= n) throw new ExpressionError("unterminated string", col);
          const e = chars[j + 1];
          if (e !== "'" && e !== '"' && e !== "\\") {
            throw new ExpressionError("a backslash may only escape a quote or a backslash", j + 1);
          }
          out.push(e);
          j += 2;
        } else {
          out.push(d);
          j += 1;
        }
      }
      tokens.push({ kind: "str", text: out.join(""), column: col });
      i = j + 1;
    } else if (["<=", ">=", "==", "!="].includes(c + (chars[i + 1] ?? ""))) {
      tokens.push({ kind: "op", text: c + chars[i + 1], column: col });
      i += 2;
    } else if ("<>+-*/(),".includes(c)) {
      tokens.push({ kind: "op", text: c, column: col });
      i += 1;
    } else if (c === "=") {
      throw new ExpressionError("use == to compare", col);
    } else if (c === "!") {
      throw new ExpressionError("use != or not", col);
    } else {
      throw new ExpressionError(`unexpected character ${showChar(c)}`, col);
    }
  }
  tokens.push({ kind: "end", text: "", column: n + 1 });
  return tokens;
}

// ---------------------------------------------------------------- parser

function describe(token) {
  if (token.kind === "end") return "end of expression";
  if (token.kind === "str") return "string";
  return `'${token.text}'`;
}

function checkDepth(depth, column) {
  if (depth > MAX_DEPTH) {
    throw new ExpressionError(`expression is nested too deeply (more than ${MAX_DEPTH} levels)`, column);
  }
  return depth;
}

/** Recursive descent over the tokens; every parse function returns [node, depth of the subtree]. */
class Parser {
  constructor(tokens) {
    this.tokens = tokens;
    this.pos = 0;
    this.nesting = 0;
  }

  peek() {
    return this.tokens[this.pos];
  }

  advance() {
    const token = this.tokens[this.pos];
    if (token.kind !== "end") this.pos += 1;
    return token;
  }

  at(kind, ...texts) {
    const token = this.peek();
    return token.kind === kind && (texts.length === 0 || texts.includes(token.text));
  }

  expectOp(text) {
    const token = this.peek();
    if (token.kind === "op" && token.text === text) return this.advance();
    throw new ExpressionError(`expected '${text}' but found ${describe(token)}`, token.column);
  }

  /** The operator token ahead joins `left` (of `depth`) and the next operand: one node, one level deeper. */
  parseBinary(left, depth, operand) {
    const op = this.advance();
    const [right, rdepth] = operand();
    depth = checkDepth(Math.max(depth, rdepth) + 1, op.column);
    return [binary(op.text, left, right, op.column), depth];
  }

  /** Operands joined by any of `ops`, grouped from the left: `a - b - c` is `(a - b) - c`. */
  parseLeft(operand, kind, ...ops) {
    let [left, depth] = operand();
    while (this.at(kind, ...ops)) [left, depth] = this.parseBinary(left, depth, operand);
    return [left, depth];
  }

  parseOr() {
    return this.parseLeft(() => this.parseAnd(), "name", "or");
  }

  parseAnd() {
    return this.parseLeft(() => this.parseComparison(), "name", "and");
  }

  parseComparison() {
    let [left, depth] = this.parseAdditive();
    if (this.peek().kind === "op" && COMPARISONS.has(this.peek().text)) {
      [left, depth] = this.parseBinary(left, depth, () => this.parseAdditive());
      const next = this.peek();
      if (next.kind === "op" && COMPARISONS.has(next.text)) {
        throw new ExpressionError("comparisons cannot be chained; join them with 'and'", next.column);
      }
    }
    return [left, depth];
  }

  parseAdditive() {
    return this.parseLeft(() => this.parseTerm(), "op", "+", "-");
  }

  parseTerm() {
    return this.parseLeft(() => this.parseUnary(), "op", "*", "/");
  }

  parseUnary(nesting = 0) {
    const token = this.peek();
    if (this.at("op", "-") || this.at("name", "not")) {
      checkDepth(nesting + 1, token.column);
      this.advance();
      const [operand, depth] = this.parseUnary(nesting + 1);
      return [unary(token.text, operand, token.column), checkDepth(depth + 1, token.column)];
    }
    return this.parsePrimary();
  }

  parsePrimary() {
    const token = this.advance();
    if (token.kind === "num") {
      const value = Number(token.text);
      if (!Number.isFinite(value)) throw new ExpressionError("number is too large", token.column);
      return [literal(value, token.column), 1];
    }
    if (token.kind === "str") return [literal(token.text, token.column), 1];
    if (token.kind === "name") {
      if (token.text === "true") return [literal(true, token.column), 1];
      if (token.text === "false") return [literal(false, token.column), 1];
      if (token.text === "null") return [literal(null, token.column), 1];
      if (KEYWORDS.has(token.text)) throw new ExpressionError(`unexpected '${token.text}'`, token.column);
      if (this.at("op", "(")) return this.parseCall(token);
      return [nameNode(token.text, token.column), 1];
    }
    if (token.kind === "op" && token.text === "(") {
      const [inner, depth] = this.parseNested();
      this.expectOp(")");
      return [inner, depth];
    }
    throw new ExpressionError(`unexpected ${describe(token)}`, token.column);
  }

  /** An expression inside parentheses or call arguments: one more level of parser recursion. */
  parseNested() {
    const token = this.peek();
    this.nesting += 1;
    if (this.nesting > MAX_NESTING) {
      throw new ExpressionError(`expression is nested too deeply (more than ${MAX_NESTING} levels)`, token.column);
    }
    const [inner, depth] = this.parseOr();
    this.nesting -= 1;
    return [inner, checkDepth(depth + 1, token.column)];
  }

  parseCall(name) {
    if (!Object.hasOwn(FUNCTIONS, name.text)) {
      const known = Object.keys(FUNCTIONS).sort().join(", ");
      throw new ExpressionError(`unknown function '${name.text}' (known: ${known})`, name.column);
    }
    this.expectOp("(");
    const args = [];
    let depth = 1;
    if (!this.at("op", ")")) {
      for (;;) {
        const [arg, adepth] = this.parseNested();
        args.push(arg);
        depth = Math.max(depth, adepth);
        if (this.at("op", ",")) {
          this.advance();
          continue;
        }
        break;
      }
    }
    this.expectOp(")");
    const [fewest, most] = FUNCTIONS[name.text];
    if (args.length < fewest || (most !== null && args.length > most)) {
      let wanted;
      if (most === null) wanted = `at least ${fewest} argument` + (fewest === 1 ? "" : "s");
      else if (fewest === most) wanted = `${fewest} argument` + (fewest === 1 ? "" : "s");
      else wanted = `${fewest} to ${most} arguments`;
      throw new ExpressionError(`${name.text}() takes ${wanted}, not ${args.length}`, name.column);
    }
    if (name.text === "answered" && args[0].type !== "Name") {
      throw new ExpressionError("answered() takes a question name", startColumn(args[0]));
    }
    return [call(name.text, args, name.column), checkDepth(depth + 1, name.column)];
  }
}

/** Where an expression starts (its leftmost token). */
function startColumn(node) {
  while (node.type === "Binary") node = node.left;
  return node.column;
}

/** Parse an expression; throws ExpressionError (and nothing else) for any malformed text. */
export function parse(text) {
  if (typeof text !== "string") throw new ExpressionError("an expression must be text", 1);
  const tokens = tokenize(text);
  if (tokens[0].kind === "end") throw new ExpressionError("empty expression", 1);
  const parser = new Parser(tokens);
  const [node] = parser.parseOr();
  const token = parser.peek();
  if (token.kind !== "end") throw new ExpressionError(`unexpected ${describe(token)}`, token.column);
  return node;
}

// ---------------------------------------------------------------- inspection

/** Every node, in source order (depth-first, left to right). */
function walk(node) {
  const out = [];
  const stack = [node];
  while (stack.length) {
    const current = stack.pop();
    out.push(current);
    if (current.type === "Unary") stack.push(current.operand);
    else if (current.type === "Binary") stack.push(current.right, current.left);
    else if (current.type === "Call") stack.push(...[...current.args].reverse());
  }
  return out;
}

/** The names an expression reads (dotted names such as `score.framing` as one string). */
export function names(node) {
  return new Set(walk(node).filter((n) => n.type === "Name").map((n) => n.name));
}

/** Each name the expression reads, with the 1-based column of its first use. */
export function nameColumns(node) {
  const found = new Map();
  for (const n of walk(node)) {
    if (n.type === "Name") found.set(n.name, Math.min(found.get(n.name) ?? n.column, n.column));
  }
  return found;
}

/** The functions an expression calls. */
export function functions(node) {
  return new Set(walk(node).filter((n) => n.type === "Call").map((n) => n.name));
}

// ---------------------------------------------------------------- a questionnaire's expressions

/** A copy of a questionnaire's client JSON with its show_if, computed expr and recommendation when texts replaced
 * by their ASTs: what scoring.mjs scores (the site gets the same from expressions.py `parsed_questionnaire`). */
export function parsedQuestionnaire(questionnaire) {
  const parsed = (items, key) => (items ?? []).map((item) => (item[key] == null ? item : { ...item, [key]: parse(item[key]) }));
  return {
    ...questionnaire,
    questions: parsed(questionnaire.questions, "show_if"),
    computed: parsed(questionnaire.computed, "expr"),
    recommendations: parsed(questionnaire.recommendations, "when"),
  };
}
