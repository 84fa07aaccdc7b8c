// Reading the answers that have parts, as formservice/engine/structured.py does: repeating
// groups, Likert questions, declarations and files. Each reader gives [typed, stored] and records
// problems on the part's path; an unreadable part is stored as it came.

import * as dec from "./decimal.js";
import {
  asLines, isEmpty, Invalid, message, optionValues, parseBool, parseText, refuseUnusable, show,
} from "./values.js";

const SHA256 = /^[0-9a-f]{64}\n?$/;
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}\n?$/;
const SIGNATORY_FIELD = { id: "signatory", type: "text", max_length: 200 };
const isDict = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Python's bool(): false for null, false, 0, "", [] and {}.
function truthy(value) {
  if (value === null || value === undefined || value === false || value === "" || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

export function parseStructured(ctx, field, raw, path, read) {
  if (raw === null || raw === undefined || (typeof raw === "string" && dec.pyStrip(raw) === "")) {
    return [null, null];
  }
  return READERS[field.type](ctx, field, raw, path, read);
}

function group(ctx, field, raw, path, read) {
  if (!Array.isArray(raw) || !raw.every(isDict)) {
    ctx.result.addError(path, message(ctx.catalogue, "not_option", field.label));
    return [null, null];
  }
  const typedRows = [];
  const storedRows = [];
  raw.forEach((row, index) => {
    const typedRow = {};
    const storedRow = {};
    for (const sub of field.fields || []) {
      if (!ctx.hasValue(sub) || sub.type === "computed") continue;
      const raw = Object.hasOwn(row, sub.id) ? row[sub.id] : null;
      [typedRow[sub.id], storedRow[sub.id]] = read(sub, raw, `${path}[${index}].${sub.id}`);
    }
    typedRows.push(typedRow);
    storedRows.push(storedRow);
  });
  return typedRows.length ? [typedRows, storedRows] : [null, null];
}

function likert(ctx, field, raw, path) {
  if (!isDict(raw)) {
    ctx.result.addError(path, message(ctx.catalogue, "likert_missing", field.label));
    return [null, null];
  }
  const scale = optionValues(field.scale);
  const typed = {};
  for (const statement of field.statements || []) {
    const id = "value" in statement ? statement.value : statement.id;
    const answer = Object.hasOwn(raw, id) ? raw[id] : null;
    if (answer === null || answer === "") continue;
    if (typeof answer !== "string" || !scale.includes(answer)) {
      ctx.result.addError(`${path}.${id}`, message(ctx.catalogue, "not_option", statement.label));
      continue;
    }
    typed[id] = answer;
  }
  const count = Object.keys(typed).length;
  if (count && count < (field.statements || []).length) {
    ctx.result.addError(path, message(ctx.catalogue, "likert_missing", field.label));
  }
  return count ? [typed, { ...typed }] : [null, null];
}

function declaration(ctx, field, raw, path) {
  const fail = (key, label = field.label, values = {}) =>
    new Invalid(message(ctx.catalogue, key, label, values));
  if (!isDict(raw)) {
    ctx.result.addError(`${path}.confirmed`, message(ctx.catalogue, "declaration_unconfirmed", field.label));
    return [null, null];
  }
  const typed = { confirmed: false, name: null, title: null };
  try {
    typed.confirmed = truthy(raw.confirmed) && parseBool(raw.confirmed, (key) => fail(key));
  } catch (problem) {
    if (!(problem instanceof Invalid)) throw problem;
    ctx.result.addError(`${path}.confirmed`, problem.text);
  }
  for (const part of ["name", "title"]) {
    let value = Object.hasOwn(raw, part) ? raw[part] : null;
    if (value === null || (typeof value === "string" && dec.pyStrip(value) === "")) continue;
    try {
      if (typeof value !== "string") throw fail("not_text");
      value = asLines(value);
      refuseUnusable(ctx.catalogue, (key, values) => fail(key, field.label, values), value);
      typed[part] = parseText(SIGNATORY_FIELD, value, (key, values) =>
        new Invalid(message(ctx.catalogue, key, null, values)));
    } catch (problem) {
      if (!(problem instanceof Invalid)) throw problem;
      ctx.result.addError(`${path}.${part}`, problem.text);
      typed[part] = typeof value === "string" ? value : null;
    }
  }
  if (!typed.confirmed && isEmpty(typed.name) && isEmpty(typed.title)) return [null, null];
  if (typed.confirmed) {
    for (const part of ["name", "title"]) {
      if (isEmpty(typed[part])) ctx.result.addError(`${path}.${part}`, message(ctx.catalogue, `declaration_${part}`));
    }
  }
  return [typed, typed];
}

function file(ctx, field, raw, path) {
  const keys = ["content_type", "filename", "id", "sha256", "size"];
  const ok = isDict(raw) && Object.keys(raw).sort().join() === keys.join() &&
    typeof raw.id === "string" && ATTACHMENT_ID.test(raw.id) &&
    typeof raw.filename === "string" && [...raw.filename].length > 0 && [...raw.filename].length <= 255 &&
    typeof raw.sha256 === "string" && SHA256.test(raw.sha256) && Number.isInteger(raw.size);
  if (!ok) {
    ctx.result.addError(path, message(ctx.catalogue, "not_file", field.label));
    return [null, null];
  }
  if (raw.content_type !== "application/pdf") {
    ctx.result.addError(path, message(ctx.catalogue, "not_pdf", field.label));
    return [null, null];
  }
  const limit = field.max_size_mb ?? 10;
  if (raw.size > limit * 1024 * 1024) {
    ctx.result.addError(path, message(ctx.catalogue, "file_too_large", field.label, { max: show(dec.fromNumber(limit)) }));
    return [null, null];
  }
  return [{ ...raw }, { ...raw }];
}

const READERS = { group, likert, declaration, file };
