// The expression language: function-first JSON arrays and their interpreter, as
// formservice/engine/expressions.py has them. Literals are null, booleans, numbers (exact
// decimals) and text; an array starting with a name is a call of an allow-listed function.

import * as dec from "./decimal.js";
import { FUNCTIONS } from "./functions.js";

export const MAX_DEPTH = 24;
export const MAX_NODES = 400;
export const MAX_STRING = 2000;
const REFERENCES = { field: [1, 2], row: [1, 1] };

export class ExpressionError extends Error {
  constructor(message, pointer = "") {
    super(message);
    this.pointer = pointer;
  }
}

// JSON numbers are doubles here; the server refuses whole numbers a double cannot hold exactly.
function numberProblems(number, pointer) {
  return Number.isFinite(number) ? [] : [new ExpressionError("a number must be finite", pointer)];
}

// Every structural problem: unknown functions, arity, depth, size, bad literals.
export function checkStructure(expression) {
  const problems = [];
  let nodes = 0;
  const visit = (node, pointer, depth) => {
    nodes += 1;
    if (nodes > MAX_NODES) {
      if (nodes === MAX_NODES + 1) {
        problems.push(new ExpressionError(`expression has more than ${MAX_NODES} parts`, ""));
      }
      return;
    }
    if (depth > MAX_DEPTH) {
      problems.push(new ExpressionError(`expression is nested deeper than ${MAX_DEPTH}`, pointer));
      return;
    }
    if (node === null || typeof node === "boolean") return;
    if (typeof node === "number") {
      problems.push(...numberProblems(node, pointer));
      return;
    }
    if (typeof node === "string") {
      if ([...node].length > MAX_STRING) {
        problems.push(new ExpressionError(`text longer than ${MAX_STRING} characters`, pointer));
      }
      return;
    }
    if (!Array.isArray(node)) {
      problems.push(new ExpressionError("an object is only allowed as the table of lookup", pointer));
      return;
    }
    if (node.length === 0 || typeof node[0] !== "string") {
      problems.push(new ExpressionError("a call must be a list starting with a function name", pointer));
      return;
    }
    const [name, ...args] = node;
    if (Object.hasOwn(REFERENCES, name)) {
      const [low, high] = REFERENCES[name];
      if (args.length < low || args.length > high || !args.every((a) => typeof a === "string")) {
        problems.push(new ExpressionError(`"${name}" takes ${low} to ${high} field ids as text`, pointer));
      }
      return;
    }
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : null;
    if (fn === null) {
      problems.push(new ExpressionError(`unknown function "${[...name].slice(0, 60).join("")}"`, `${pointer}/0`));
      return;
    }
    if (args.length < fn.minArgs || (fn.maxArgs !== null && args.length > fn.maxArgs)) {
      const most = fn.maxArgs === null ? "any number of" : `at most ${fn.maxArgs}`;
      problems.push(new ExpressionError(`"${name}" takes at least ${fn.minArgs} and ${most} arguments, got ${args.length}`, pointer));
      return;
    }
    args.forEach((arg, i) => {
      const index = i + 1;
      if (name === "lookup" && index === 2) {
        const plain = (v) => v === null || ["boolean", "number", "string"].includes(typeof v);
        if (arg === null || typeof arg !== "object" || Array.isArray(arg) || !Object.values(arg).every(plain)) {
          problems.push(new ExpressionError("lookup's table must be an object of plain values", `${pointer}/${index}`));
          return;
        }
        for (const [key, value] of Object.entries(arg)) {
          if (typeof value === "number") problems.push(...numberProblems(value, `${pointer}/${index}/${key}`));
        }
        return;
      }
      visit(arg, `${pointer}/${index}`, depth + 1);
    });
  };
  visit(expression, "", 0);
  return problems;
}

function run(node, scope) {
  if (node === null || typeof node === "boolean") return node;
  if (typeof node === "number") return dec.fromNumber(node);
  if (typeof node === "string" || !Array.isArray(node)) return node;
  const [name, ...args] = node;
  if (name === "field") {
    const value = Object.hasOwn(scope.values, args[0]) ? scope.values[args[0]] : null;
    if (args.length === 2) {
      const rows = Array.isArray(value) ? value : [];
      return rows.map((row) => (row !== null && typeof row === "object" && !Array.isArray(row) &&
        Object.hasOwn(row, args[1]) ? row[args[1]] : null));
    }
    return value ?? null;
  }
  if (name === "row") {
    if (!scope.row) throw new ExpressionError('"row" used outside a repeating group');
    return Object.hasOwn(scope.row, args[0]) ? scope.row[args[0]] ?? null : null;
  }
  if (name === "today") return scope.today;
  const fn = FUNCTIONS[name];
  if (fn.lazy) return fn.impl((i) => run(args[i], scope), args.length);
  const values = args.map((arg) => run(arg, scope));
  const result = fn.impl(...values);
  return result === undefined ? null : result;
}

// Evaluate an expression checkStructure accepts; throw ExpressionError otherwise.
// scope: {values, row (or null), today (a JDate)}.
const checked = new WeakMap(); // a definition's expressions are checked once, not on every keystroke

export function evaluate(expression, scope) {
  let problems = Array.isArray(expression) ? checked.get(expression) : undefined;
  if (problems === undefined) {
    problems = checkStructure(expression);
    if (Array.isArray(expression)) checked.set(expression, problems);
  }
  if (problems.length) throw problems[0];
  return run(expression, scope);
}

// The field references of an expression: ["field", id], ["field", group, sub], ["row", sub].
export function references(expression) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node) && node.length && typeof node[0] === "string") {
      if (Object.hasOwn(REFERENCES, node[0])) {
        found.push(node.map(String));
        return;
      }
      node.slice(1).forEach(visit);
    }
  };
  visit(expression);
  return found;
}
