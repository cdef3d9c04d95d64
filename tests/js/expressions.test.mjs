// The browser expression language: parsing with columns, null-safe evaluation, half-away rounding.
// The same cases run against generator/expressions.py in tests/unit/test_expressions.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ExpressionError,
  FUNCTIONS,
  evaluate,
  functions,
  nameColumns,
  names,
  parse,
  roundHalfAway,
  truthy,
} from "../../generator/assets/javascripts/parser/expressions.mjs";

const run = (text, env = {}) => evaluate(parse(text), env);

function errorOf(text) {
  try {
    parse(text);
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `${text}: ${error}`);
    return [error.reason, error.column];
  }
  assert.fail(`${JSON.stringify(text)} parsed`);
}

test("arithmetic follows precedence and is left-associative", () => {
  assert.equal(run("1 + 2 * 3"), 7);
  assert.equal(run("(1 + 2) * 3"), 9);
  assert.equal(run("10 - 4 - 3"), 3);
  assert.equal(run("12 / 3 / 2"), 2);
  assert.equal(run("-a * 2", { a: 3 }), -6);
  assert.equal(run("- -a", { a: 3 }), 3);
  assert.equal(run("0.1 + 0.2"), 0.1 + 0.2);
});

test("arithmetic with null, non-numbers or a zero divisor gives null", () => {
  for (const text of ["x + 1", "1 - x", "x * 2", "x / 2", "-x", "1 / 0", "0 / 0", "'a' + 'b'", "true + 1", "s * 2"]) {
    assert.equal(run(text, { x: null, s: "3" }), null, text);
  }
});

test("a comparison with a null is false, except against the literal null", () => {
  const env = { x: null, y: 3 };
  for (const text of ["x > 3", "x < 3", "x >= 3", "x <= 3", "x == 3", "x != 3", "x == y", "x != y", "null != null"]) {
    assert.equal(run(text, env), false, text);
  }
  for (const text of ["x == null", "null == x", "y != null", "null == null"]) assert.equal(run(text, env), true, text);
  assert.equal(run("y == null", env), false);
  assert.equal(run("x != null", env), false);
});

test("values of different types are unequal and never ordered", () => {
  const env = { n: 5, s: "5", list: ["a"] };
  assert.equal(run("n == '5'", env), false);
  assert.equal(run("n != '5'", env), true);
  assert.equal(run("n < 'a'", env), false);
  assert.equal(run("'a' < 'b'"), false);
  assert.equal(run("true == 1"), false);
  assert.equal(run("n == 5.0", env), true);
  assert.equal(run("list == list", env), true);
});

test("and, or, not treat null as false and return booleans", () => {
  const env = { x: null, zero: 0, five: 5 };
  assert.equal(run("x and true", env), false);
  assert.equal(run("x or true", env), true);
  assert.equal(run("not x", env), true);
  assert.equal(run("five or x", env), true);
  assert.equal(run("not zero", env), true);
  assert.equal(run("not a == b", { a: 1, b: 2 }), false, "not binds tighter than ==");
  assert.equal(run("not (a == b)", { a: 1, b: 2 }), true);
  assert.equal(run("true or false and false"), true, "and binds tighter than or");
});

test("functions", () => {
  const env = { a: 3, b: -7.5, c: null, tactics: ["listen", "trade"], empty: [], blank: "", note: "x" };
  assert.equal(run("min(a, b, c)", env), -7.5);
  assert.equal(run("max(a, b)", env), 3);
  assert.equal(run("max(c)", env), null);
  assert.equal(run("min(a, 'x')", env), null);
  assert.equal(run("abs(b)", env), 7.5);
  assert.equal(run("abs(c)", env), null);
  assert.equal(run("count(tactics)", env), 2);
  assert.equal(run("count(c)", env), 0);
  assert.equal(run("count(a)", env), null);
  assert.equal(run("contains(tactics, 'listen')", env), true);
  assert.equal(run('contains(tactics, "threaten")', env), false);
  assert.equal(run("contains(c, 'listen')", env), false);
  for (const [name, expected] of Object.entries({ tactics: true, note: true, a: true, c: false, empty: false, blank: false })) {
    assert.equal(run(`answered(${name})`, env), expected, name);
  }
  assert.equal(run("round(a / 2)", env), 2);
  assert.equal(run("round(2.5, 1.5)"), null);
  assert.equal(run("round(2.5, 13)"), null);
  assert.equal(run("round(c)", env), null);
  assert.deepEqual(Object.keys(FUNCTIONS).sort(), ["abs", "answered", "contains", "count", "max", "min", "round"]);
});

test("strings in both quote styles with backslash escapes", () => {
  assert.equal(run("'it\\'s'"), "it's");
  assert.equal(run('"it\'s"'), "it's");
  assert.equal(run('"say \\"hi\\""'), 'say "hi"');
  assert.equal(run("'a\\\\b'"), "a\\b");
  assert.equal(run("'😀' == x", { x: "😀" }), true);
});

test("roundHalfAway rounds ties away from zero", () => {
  assert.equal(roundHalfAway(62.5), 63);
  assert.equal(roundHalfAway(-2.5), -3);
  assert.equal(roundHalfAway(0.5), 1);
  assert.equal(roundHalfAway(-0.5), -1);
  assert.equal(roundHalfAway(2.5), 3);
  assert.equal(roundHalfAway(1.25, 1), 1.3);
  assert.equal(roundHalfAway(-1.25, 1), -1.3);
  assert.equal(roundHalfAway(2.675, 2), 2.68, "2.675 * 100 is 267.5 in doubles");
  assert.equal(roundHalfAway(1.005, 2), 1, "1.005 * 100 is 100.49999999999999 in doubles");
  assert.ok(Object.is(roundHalfAway(-0.4), 0), "no negative zero");
  assert.equal(roundHalfAway(62.49999999999999), 62);
  assert.equal(roundHalfAway(1e300), 1e300);
  assert.equal(roundHalfAway(Infinity), Infinity);
  assert.throws(() => roundHalfAway(1, -1), RangeError);
  assert.throws(() => roundHalfAway(1, 1.5), RangeError);
});

test("names, nameColumns and functions", () => {
  const node = parse("score.framing >= 70 and band.overall == 'ready' or answered(x) and min(x, y) > 0");
  assert.deepEqual([...names(node)].sort(), ["band.overall", "score.framing", "x", "y"]);
  assert.deepEqual([...functions(node)].sort(), ["answered", "min"]);
  assert.equal(nameColumns(parse("a + b * a")).get("a"), 1);
  assert.equal(nameColumns(parse("a + b * a")).get("b"), 5);
});

test("malformed expressions raise ExpressionError with a 1-based column", () => {
  const cases = {
    "": ["empty expression", 1],
    "   ": ["empty expression", 1],
    "1 +": ["unexpected end of expression", 4],
    "a = 1": ["use == to compare", 3],
    "!a": ["use != or not", 1],
    "a < b < c": ["comparisons cannot be chained; join them with 'and'", 7],
    "'abc": ["unterminated string", 1],
    "x == 'a\\nb'": ["a backslash may only escape a quote or a backslash", 8],
    "foo(1)": ["unknown function 'foo' (known: abs, answered, contains, count, max, min, round)", 1],
    "max()": ["max() takes at least 1 argument, not 0", 1],
    "abs(1, 2)": ["abs() takes 1 argument, not 2", 1],
    "round(1, 2, 3)": ["round() takes 1 to 2 arguments, not 3", 1],
    "contains(x)": ["contains() takes 2 arguments, not 1", 1],
    "answered(1 + 2)": ["answered() takes a question name", 10],
    "(1 + 2": ["expected ')' but found end of expression", 7],
    "1 2": ["unexpected '2'", 3],
    "a and or b": ["unexpected 'or'", 7],
    "x.": ["unexpected character '.'", 2],
    "1.": ["unexpected character '.'", 2],
    "a & b": ["unexpected character '&'", 3],
    "😀 x": ["unexpected character U+1F600", 1],
    "'😀' == x y": ["unexpected 'y'", 10],
    "x == \u00a0": ["unexpected character U+00A0", 6],
    "1 + 'a' 3": ["unexpected '3'", 9],
    ["1" + "0".repeat(400)]: ["number is too large", 1],
    ["(".repeat(40) + "1" + ")".repeat(40)]: ["expression is nested too deeply (more than 32 levels)", 34],
    ["-".repeat(200) + "1"]: ["expression is nested too deeply (more than 100 levels)", 101],
    [Array(150).fill("1").join("+")]: ["expression is nested too deeply (more than 100 levels)", 200],
  };
  for (const [text, expected] of Object.entries(cases)) assert.deepEqual(errorOf(text), expected, text);
  assert.throws(() => parse(null), ExpressionError);
});

test("parse never throws anything but ExpressionError on random text", () => {
  const alphabet = [..."()+-*/<>=!,.'\"\\ \tab1_0.notandor", "😀", "é"];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 3000; i += 1) {
    const length = Math.floor(random() * 20);
    let text = "";
    for (let j = 0; j < length; j += 1) text += alphabet[Math.floor(random() * alphabet.length)];
    try {
      const node = parse(text);
      evaluate(node, {});
    } catch (error) {
      assert.ok(error instanceof ExpressionError, `${JSON.stringify(text)}: ${error}`);
      assert.ok(error.column >= 1 && error.column <= Array.from(text).length + 1, JSON.stringify(text));
    }
  }
});

test("truthy: null, false, 0, '' and [] are false", () => {
  for (const value of [null, undefined, false, 0, "", []]) assert.equal(truthy(value), false, JSON.stringify(value));
  for (const value of [true, 1, -0.5, "a", ["a"], {}]) assert.equal(truthy(value), true, JSON.stringify(value));
});

test("evaluate accepts a Map as the environment and never reads inherited properties", () => {
  assert.equal(run("x + 1", new Map([["x", 2]])), 3);
  assert.equal(run("toString == null"), true);
  assert.equal(run("constructor"), null);
});
