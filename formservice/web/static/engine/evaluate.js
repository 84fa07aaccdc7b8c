// Applying a definition to answers, as formservice/engine/evaluate.py does: read every answer,
// compute the calculated fields, decide what is visible, drop hidden answers, and collect errors
// and warnings per field path (field, group[0].sub, likert.statement, declaration.name).
// The server stays the authority: it evaluates every save and submit itself.

import * as dec from "./decimal.js";
import { ExpressionError, evaluate as run, references } from "./expressions.js";
import { compareCodePoints, parseIsoDate } from "./functions.js";
import { Invalid, isEmpty, kindOf, message, parse, toJson } from "./values.js";
import { parseStructured } from "./structured.js";

const VALUE_TYPES = new Set(["text", "textarea", "integer", "decimal", "money", "percent", "date",
  "email", "phone", "orgnr", "kontonr", "municipality", "select", "radio", "checkboxes", "yesno",
  "likert", "group", "computed", "declaration", "file"]);
const CHOICE_TYPES = new Set(["select", "radio", "checkboxes", "yesno", "municipality", "likert"]);
const MAX_PASSES = 6;
const hasValue = (field) => VALUE_TYPES.has(field.type);
const get = (object, key) => (object && Object.hasOwn(object, key) ? object[key] ?? null : null);

export class Evaluation {
  constructor(definition) {
    this.definition = definition;
    this.values = {};
    this.answers = {};
    this.visible = {};
    this.required = {};
    this.readOnly = {};
    this.errors = {};
    this.warnings = {};
    this.dropped = [];
  }

  addError(path, text) {
    (this.errors[path] ||= []).push(text);
  }

  addWarning(path, text) {
    (this.warnings[path] ||= []).push(text);
  }

  forget(path) {
    for (const messages of [this.errors, this.warnings]) {
      for (const key of Object.keys(messages)) {
        if (key === path || key.startsWith(`${path}[`) || key.startsWith(`${path}.`)) delete messages[key];
      }
    }
  }

  get isValid() {
    return Object.keys(this.errors).length === 0;
  }
}

// Every top-level field in form order.
export function topFields(definition) {
  return definition.pages.flatMap((page) => page.sections.flatMap((section) => section.fields));
}

function scopeOf(typed, today, row = null) {
  return { values: typed, row, today };
}

export function condition(expression, scope) {
  if (expression === undefined) return true;
  if (typeof expression === "boolean") return expression;
  try {
    return run(expression, scope) === true;
  } catch (error) {
    if (error instanceof ExpressionError) return false;
    throw error;
  }
}

// options: {catalogue (messages, municipalities, stdnum_chars), today: "YYYY-MM-DD"}
export function evaluate(definition, answers, options) {
  const result = new Evaluation(definition);
  const today = parseIsoDate(options.today);
  const ctx = { catalogue: options.catalogue, result, hasValue };
  const read = (field, raw, path) => {
    if (["group", "likert", "declaration", "file"].includes(field.type)) {
      return parseStructured(ctx, field, raw, path, read);
    }
    try {
      const value = parse(options.catalogue, field, raw);
      return [value, value === null ? null : toJson(field, value)];
    } catch (problem) {
      if (!(problem instanceof Invalid)) throw problem;
      result.addError(path, problem.text);
      return [null, raw];
    }
  };
  const typed = {};
  const stored = {};
  const known = new Set();
  for (const field of topFields(definition)) {
    known.add(field.id);
    if (hasValue(field) && field.type !== "computed") {
      [typed[field.id], stored[field.id]] = read(field, get(answers, field.id), field.id);
    }
  }
  result.dropped.push(...Object.keys(answers).filter((k) => !known.has(k)).sort(compareCodePoints));
  let visible = {};
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    compute(definition, typed, today);
    visible = visibility(definition, typed, today);
    if (!dropHidden(definition, typed, stored, visible, result)) break;
  }
  result.visible = visible;
  result.values = typed;
  for (const [key, value] of Object.entries(stored)) if (!isEmpty(value)) result.answers[key] = value;
  for (const field of topFields(definition)) {
    if (field.type === "computed" && typed[field.id] !== null && typed[field.id] !== undefined) {
      result.answers[field.id] = toJson(field, typed[field.id]);
    }
  }
  check(definition, typed, today, result, options.catalogue);
  return result;
}

function compute(definition, typed, today) {
  for (const [groupId, field] of computedOrder(definition)) {
    if (groupId === null) {
      typed[field.id] = computedValue(field, scopeOf(typed, today));
      continue;
    }
    for (const row of typed[groupId] || []) row[field.id] = computedValue(field, scopeOf(typed, today, row));
  }
}

function computedValue(field, scope) {
  let value;
  try {
    value = run(field.expression, scope);
  } catch (error) {
    if (error instanceof ExpressionError) return null;
    throw error;
  }
  if (value instanceof dec.Dec) {
    let places = field.decimals ?? null;
    if (places === null && field.value_type === "integer") places = 0;
    if (places !== null) value = dec.quantize(value, places, "up");
  }
  return value;
}

const orderCache = new WeakMap();

// Computed fields, each after those it depends on: [group id or null, field].
export function computedOrder(definition) {
  if (orderCache.has(definition)) return orderCache.get(definition);
  const nodes = new Map();
  for (const field of topFields(definition)) {
    if (field.type === "computed") nodes.set(field.id, [null, field]);
    for (const sub of field.fields || []) {
      if (sub.type === "computed") nodes.set(`${field.id}.${sub.id}`, [field.id, sub]);
    }
  }
  const order = [];
  const state = new Map();
  const visit = (key) => {
    if (state.has(key)) return; // done, or a cycle the server's checker refuses
    state.set(key, 1);
    const [groupId, field] = nodes.get(key);
    for (const reference of references(field.expression)) {
      const dependency = reference[0] === "row" && groupId ? `${groupId}.${reference[1]}`
        : reference[0] === "field" ? reference.slice(1).join(".") : null;
      if (dependency !== null && nodes.has(dependency)) visit(dependency);
    }
    state.set(key, 2);
    order.push(nodes.get(key));
  };
  for (const key of nodes.keys()) visit(key);
  orderCache.set(definition, order);
  return order;
}

function visibility(definition, typed, today) {
  const scope = scopeOf(typed, today);
  const visible = {};
  for (const page of definition.pages) {
    const pageVisible = condition(page.visible_if, scope);
    visible[page.id] = pageVisible;
    for (const section of page.sections) {
      const sectionVisible = pageVisible && condition(section.visible_if, scope);
      visible[section.id] = sectionVisible;
      for (const field of section.fields) {
        const shown = sectionVisible && condition(field.visible_if, scope);
        visible[field.id] = shown;
        const rows = field.fields ? typed[field.id] || [] : [];
        rows.forEach((row, index) => {
          for (const sub of field.fields) {
            visible[`${field.id}[${index}].${sub.id}`] = shown && condition(sub.visible_if, scopeOf(typed, today, row));
          }
        });
      }
    }
  }
  return visible;
}

function dropHidden(definition, typed, stored, visible, result) {
  let changed = false;
  for (const field of topFields(definition)) {
    if (!hasValue(field) || field.type === "computed") continue;
    if (!visible[field.id]) {
      if (!isEmpty(get(typed, field.id)) || !isEmpty(get(stored, field.id))) {
        result.dropped.push(field.id);
        changed = true;
      }
      typed[field.id] = null;
      stored[field.id] = null;
      result.forget(field.id);
      continue;
    }
    const rows = field.fields ? typed[field.id] || [] : [];
    rows.forEach((row, index) => {
      for (const sub of field.fields) {
        const path = `${field.id}[${index}].${sub.id}`;
        if (sub.type !== "computed" && visible[path] === false && !isEmpty(get(row, sub.id))) {
          row[sub.id] = null;
          stored[field.id][index][sub.id] = null;
          result.dropped.push(path);
          result.forget(path);
          changed = true;
        }
      }
    });
  }
  return changed;
}

function hasErrors(result, path) {
  return Object.keys(result.errors).some((key) => key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`));
}

function answered(field, value) {
  if (field.type === "declaration") return value !== null && typeof value === "object" && value.confirmed === true;
  return !isEmpty(value);
}

function check(definition, typed, today, result, catalogue) {
  const scope = scopeOf(typed, today);
  for (const field of topFields(definition)) {
    if (!result.visible[field.id] || !hasValue(field)) continue;
    result.required[field.id] = condition(field.required ?? false, scope);
    result.readOnly[field.id] = field.type === "computed" || Boolean(field.prefill) ||
      condition(field.read_only ?? false, scope);
    const value = get(typed, field.id);
    if (result.required[field.id] && !answered(field, value) && !hasErrors(result, field.id)) {
      if (field.prefill) { // the person cannot type it: say where it comes from
        result.addError(field.id, message(catalogue, "prefill_missing", field.label));
      } else if (field.type === "declaration") {
        result.addError(`${field.id}.confirmed`, message(catalogue, "declaration_unconfirmed", field.label));
      } else {
        result.addError(field.id, message(catalogue, CHOICE_TYPES.has(field.type) ? "choose" : "required", field.label));
      }
    }
    if (field.type === "group") checkGroup(field, value || [], typed, today, result, catalogue);
    if (!isEmpty(value) && !result.errors[field.id]) applyRules(field.rules, field.id, scope, result);
  }
  const byField = new Map();
  for (const rule of definition.rules || []) {
    const key = rule.field || "";
    if (!byField.has(key)) byField.set(key, []);
    byField.get(key).push(rule);
  }
  for (const [fieldId, rules] of byField) {
    const isAnswered = result.visible[fieldId] && !isEmpty(get(typed, fieldId));
    if (isAnswered && !result.errors[fieldId]) applyRules(rules, fieldId, scope, result);
  }
}

function checkGroup(group, rows, typed, today, result, catalogue) {
  const minRows = group.min_rows ?? 0;
  const maxRows = group.max_rows ?? 100;
  if (minRows && rows.length < minRows && rows.length) {
    result.addError(group.id, message(catalogue, "too_few_rows", group.label, { min: minRows }));
  }
  if (rows.length > maxRows) {
    result.addError(group.id, message(catalogue, "too_many_rows", group.label, { max: maxRows }));
  }
  rows.forEach((row, index) => {
    const rowScope = scopeOf(typed, today, row);
    for (const sub of group.fields) {
      const path = `${group.id}[${index}].${sub.id}`;
      if (!result.visible[path] || !hasValue(sub)) continue;
      const required = condition(sub.required ?? false, rowScope);
      result.required[path] = required;
      result.readOnly[path] = sub.type === "computed" || condition(sub.read_only ?? false, rowScope);
      if (required && isEmpty(get(row, sub.id)) && !result.errors[path]) {
        result.addError(path, message(catalogue, CHOICE_TYPES.has(sub.type) ? "choose" : "required", sub.label));
      }
      if (!isEmpty(get(row, sub.id)) && !result.errors[path]) applyRules(sub.rules, path, rowScope, result);
    }
  });
}

function applyRules(rules, path, scope, result) {
  for (const rule of rules || []) {
    if (condition(rule.when ?? true, scope) && !condition(rule.assert, scope)) {
      if ((rule.severity || "error") === "warning") result.addWarning(path, rule.message);
      else result.addError(path, rule.message);
    }
  }
}

export { kindOf };
