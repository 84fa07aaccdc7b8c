// The shared expression cases (tests/engine/expression_cases/*.json) against the browser engine;
// tests/engine/test_expressions.py runs the same files against the Python engine.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT, engineModule } from "./engine_path.mjs";

const dec = await engineModule("decimal.js");
const { JDate, parseIsoDate } = await engineModule("functions.js");
const { checkStructure, evaluate, ExpressionError } = await engineModule("expressions.js");

const folder = path.join(ROOT, "tests", "engine", "expression_cases");
const cases = fs.readdirSync(folder).filter((f) => f.endsWith(".json")).sort()
  .flatMap((file) => JSON.parse(fs.readFileSync(path.join(folder, file), "utf8")));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Numbers in data are exact decimals and ISO dates are dates, as the engine types answers.
function typed(value) {
  if (Array.isArray(value)) return value.map(typed);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typed(v)]));
  }
  if (typeof value === "number") return dec.fromNumber(value);
  if (typeof value === "string" && DATE.test(value)) return parseIsoDate(value);
  return value;
}

function generated(raw) {
  if (typeof raw !== "string" || !/^(DEEP|WIDE|LONG):\d+$/.test(raw)) return raw;
  const [kind, size] = [raw.split(":")[0], Number(raw.split(":")[1])];
  if (kind === "DEEP") {
    let expression = 1;
    for (let i = 0; i < size; i += 1) expression = ["abs", expression];
    return expression;
  }
  if (kind === "WIDE") {
    const inner = ["add", ...Array.from({ length: 60 }, (_, i) => i)];
    return ["add", ...Array.from({ length: Math.floor(size / 60) + 1 }, () => inner)];
  }
  return ["concat", "x".repeat(size)];
}

function plain(value) {
  if (value instanceof dec.Dec) return dec.toPlain(dec.normalize(value));
  if (value instanceof JDate) return value.iso();
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

for (const c of cases) {
  test(c.name, () => {
    const expression = generated(c.expression);
    const scope = {
      values: typed(c.data ?? {}),
      row: "row" in c ? typed(c.row) : null,
      today: parseIsoDate(c.today ?? "2021-02-10"),
    };
    let problems = checkStructure(expression);
    if ("error" in c) {
      if (problems.length === 0) {
        assert.throws(() => evaluate(expression, scope), ExpressionError);
        try { evaluate(expression, scope); } catch (error) { problems = [error]; }
      }
      assert.ok(problems.some((p) => p.message.includes(c.error)), problems.map((p) => p.message).join("; "));
      return;
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(plain(evaluate(expression, scope)), c.expects);
  });
}
