// Reading one answer, as formservice/engine/values.py does: from what a person typed to a typed
// value (decimals, dates, yes/no, text), or a bilingual message saying what is wrong. The
// messages' texts come from the server (engine.messages), so there is one copy of them.

import * as dec from "./decimal.js";
import { isEmpty, makeDate, parseIsoDate } from "./functions.js";

export const NUMBER_KINDS = new Set(["integer", "decimal", "money", "percent"]);
const SPACES = new RegExp(`[${dec.PY_SPACE}]`, "gu");
const LINE_SEPARATORS = /[\u2028\u2029]/gu;
const NOT_SPACE_OR_AT = `[^@${dec.PY_SPACE}]`;
const EMAIL = new RegExp(`^${NOT_SPACE_OR_AT}{1,64}@${NOT_SPACE_OR_AT}+\\.[^@${dec.PY_SPACE}.]{2,}\\n?$`, "u");
const PHONE = /^(\+\p{Nd}{7,15}|\p{Nd}{8})\n?$/u;
const MONEY_AFFIXES = /^(kr\.?|nok)|(kr\.?|nok|,-|\.-)$/giu;
const DEFAULT_MAX_LENGTH = { text: 200, textarea: 10000, email: 254, phone: 30 };
const YES = new Set(["true", "ja", "yes", "1", "on"]);
const NO = new Set(["false", "nei", "no", "0", "off"]);
const DEFAULT_MIN = { money: "0", percent: "0" };
const DEFAULT_MAX = { money: "1e12", percent: "100", integer: "1e15", decimal: "1e15" };

export class Invalid extends Error {
  constructor(text) {
    super(text.nb);
    this.text = text;
  }
}

// A field's type as it decides the value: a computed field's value type, else its type.
export function kindOf(field) {
  return field.type === "computed" ? field.value_type || "text" : field.type;
}

export function optionValues(options) {
  return (options || []).map((o) => ("value" in o ? o.value : o.id));
}

const isUpper = (ch) => /\p{Uppercase}/u.test(ch);
const isLower = (ch) => /\p{Lowercase}/u.test(ch);

const WORD_BREAK = new RegExp(`[${dec.PY_SPACE}]+`, "u");
const TRAILING_SPACE = new RegExp(`[${dec.PY_SPACE}]+$`, "u");

// A short label reads as part of the sentence ("Fyll inn navn"); a question is quoted.
function nameOf(label) {
  const words = label.split(WORD_BREAK).filter(Boolean);
  const trimmed = dec.pyStrip(label);
  if (words.length > 4 || /[?:.]$/u.test(label.replace(TRAILING_SPACE, ""))) {
    return `«${trimmed}»`;
  }
  const first = [...(words[0] || "")];
  if (first.length && isUpper(first[0]) && first.length > 1 && isLower(first[1])) {
    const chars = [...label];
    return chars[0].toLowerCase() + chars.slice(1).join("");
  }
  return label;
}

export function message(catalogue, key, label = null, values = {}) {
  const result = {};
  for (const [language, template] of Object.entries(catalogue.messages[key])) {
    const name = label ? nameOf(label[language]) : "feltet";
    const filled = template.replace(/\{(\w+)\}/g, (_, part) => (part === "label" ? name : String(values[part])));
    const chars = [...filled];
    result[language] = chars[0].toUpperCase() + chars.slice(1).join("");
  }
  return result;
}

export function show(number) {
  return dec.toPlain(dec.normalize(number)).replace(".", ",");
}

// The typed value of a simple field's raw answer; null when unanswered; throws Invalid.
export function parse(catalogue, field, raw) {
  const fail = (key, values) => new Invalid(message(catalogue, key, field.label, values));
  if (raw === null || raw === undefined || (typeof raw === "string" && dec.pyStrip(raw) === "")) {
    return null;
  }
  if (field.type === "checkboxes") return parseChoices(field, raw, fail);
  if (field.type === "yesno") return parseBool(raw, fail);
  if (typeof raw !== "string" && typeof raw !== "number") throw fail("not_text");
  const kind = kindOf(field);
  const text = asLines(String(raw));
  refuseUnusable(catalogue, fail, text); // numbers too: "0\x1f" is no number, though \s strips it
  if (NUMBER_KINDS.has(kind)) return parseNumber(field, raw, fail);
  const parser = PARSERS[kind] || parseText;
  return parser(field, text, fail, catalogue);
}

// Line and paragraph separators read as line breaks, as everywhere else.
export function asLines(text) {
  return text.replace(LINE_SEPARATORS, "\n");
}

// The first character of text no document can show and why ("u": a control, unassigned or
// private-use code point; "n": no installed font draws it), from the server's table of printable
// characters (formservice/engine/printable.py, sent in the catalogue); null when all can.
export function refusedCharacter(catalogue, text) {
  const { starts, kinds } = catalogue.printable;
  for (const character of text) {
    const code = character.codePointAt(0);
    if (code >= 0x20 && code < 0x7f) continue;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= code) low = middle;
      else high = middle - 1;
    }
    if (kinds[low] !== "p") return { character, kind: kinds[low] };
  }
  return null;
}

// Throw fail's Invalid naming the first character of text no document can show, if any.
export function refuseUnusable(catalogue, fail, text) {
  const refused = refusedCharacter(catalogue, text);
  if (refused === null) return;
  const code = `U+${refused.character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  if (refused.kind === "u") throw fail("unusable_character", { code });
  throw fail("unprintable_character", { code, character: refused.character });
}

export function parseText(field, text, fail) {
  const limit = field.max_length || DEFAULT_MAX_LENGTH[kindOf(field)] || 10000;
  if ([...text].length > limit) throw fail("too_long", { max: limit });
  if (field.min_length && [...dec.pyStrip(text)].length < field.min_length) {
    throw fail("too_short", { min: field.min_length });
  }
  return text;
}

function parseNumber(field, raw, fail) {
  const kind = kindOf(field);
  const key = { integer: "not_integer", money: "not_amount" }[kind] || "not_number";
  let text = String(raw).replace(SPACES, "").replaceAll(",", ".");
  if (kind === "money") text = text.replace(MONEY_AFFIXES, "");
  if (kind === "percent" && text.endsWith("%")) text = text.slice(0, -1);
  const number = dec.readNumber(text); // formservice.numbers, as the server reads it
  if (number === null) throw fail(key);
  const decimals = field.decimals ?? (kind === "integer" ? 0 : 2);
  if (-dec.normalize(number).e > decimals) {
    throw fail(decimals === 0 ? key : "too_many_decimals", { decimals });
  }
  const bound = (value, defaults) => (value !== undefined && value !== null
    ? dec.fromNumber(value) : defaults[kind] ? dec.parseDecimal(defaults[kind]) : null);
  const low = bound(field.min, DEFAULT_MIN);
  const high = bound(field.max, DEFAULT_MAX);
  if (low && dec.compare(number, low) < 0) throw fail("below_min", { min: show(low) });
  if (high && dec.compare(number, high) > 0) throw fail("above_max", { max: show(high) });
  return decimals === 0 ? dec.quantize(number, 0, "even") : number;
}

function nativeDigits(text) {
  return [...text].map((ch) => String(dec.parseDecimal(ch)?.c ?? ch)).join("");
}

function parseDate(field, text, fail) {
  const trimmed = dec.pyStrip(text);
  const norwegian = /^(\p{Nd}{1,2})\.(\p{Nd}{1,2})\.(\p{Nd}{4})$/u.exec(trimmed);
  let day = null;
  if (norwegian) {
    const [d, m, y] = [norwegian[1], norwegian[2], norwegian[3]].map((part) => Number(nativeDigits(part)));
    day = makeDate(y, m, d);
  } else if (/^\p{Nd}{4}-\p{Nd}{2}-\p{Nd}{2}$/u.test(trimmed)) {
    day = parseIsoDate(trimmed); // Python's fromisoformat reads ASCII digits only
  }
  if (day === null) throw fail("not_date");
  for (const [bound, key, before] of [[field.min, "date_before", true], [field.max, "date_after", false]]) {
    if (bound === undefined || bound === null) continue;
    const limit = parseIsoDate(String(bound));
    const outside = before ? day.ordinal() < limit.ordinal() : day.ordinal() > limit.ordinal();
    if (outside) {
      const shown = `${String(limit.d).padStart(2, "0")}.${String(limit.m).padStart(2, "0")}.${limit.y}`;
      throw fail(key, { min: shown, max: shown });
    }
  }
  return day;
}

function parseEmail(field, text, fail) {
  const trimmed = dec.pyStrip(text);
  if ([...trimmed].length > 254 || !EMAIL.test(trimmed)) throw fail("not_email");
  return trimmed;
}

function parsePhone(field, text, fail) {
  let compact = text.replace(SPACES, "").replaceAll("-", "");
  if (compact.startsWith("0047")) compact = `+47${compact.slice(4)}`;
  if (!PHONE.test(compact)) throw fail("not_phone");
  return compact;
}

// python-stdnum's clean(): its map of look-alike characters (sent by the server), then deletions.
function stdnumClean(catalogue, text, deleted) {
  const map = catalogue.stdnum_chars || {};
  const mapped = [...text].map((ch) => map[ch] ?? ch).filter((ch) => !deleted.includes(ch));
  return dec.pyStrip(mapped.join(""));
}

function parseOrgnr(field, text, fail, catalogue) {
  const number = stdnumClean(catalogue, text, " ");
  const weights = [3, 2, 7, 6, 5, 4, 3, 2, 1];
  if (!/^[0-9]+\n?$/.test(number) || number.length !== 9) throw fail("not_orgnr");
  const sum = weights.reduce((total, w, i) => total + w * Number(number[i]), 0);
  if (sum % 11 !== 0) throw fail("not_orgnr");
  return number;
}

function parseKontonr(field, text, fail, catalogue) {
  let number = stdnumClean(catalogue, text, " .-");
  if (number.startsWith("0000")) number = number.slice(4);
  if (!/^[0-9]+\n?$/.test(number) || number.length !== 11) throw fail("not_kontonr");
  const weights = [6, 7, 8, 9, 4, 5, 6, 7, 8, 9];
  const sum = weights.reduce((total, w, i) => total + w * Number(number[i]), 0);
  if (String(sum % 11) !== number[10]) throw fail("not_kontonr");
  return number;
}

function parseMunicipality(field, text, fail, catalogue) {
  const number = dec.pyStrip(text);
  if (!Object.hasOwn(catalogue.municipalities || {}, number)) throw fail("not_municipality");
  return number;
}

function parseOption(field, text, fail) {
  if (!optionValues(field.options).includes(text)) throw fail("not_option");
  return text;
}

function parseChoices(field, raw, fail) {
  const items = typeof raw === "string" ? [raw] : raw;
  if (!Array.isArray(items) || !items.every((i) => typeof i === "string")) throw fail("not_option");
  const allowed = optionValues(field.options);
  if (items.some((item) => !allowed.includes(item))) throw fail("not_option");
  const chosen = allowed.filter((value) => items.includes(value));
  if (field.min_selected && chosen.length && chosen.length < field.min_selected) {
    throw fail("too_few_selected", { min: field.min_selected });
  }
  if (field.max_selected && chosen.length > field.max_selected) {
    throw fail("too_many_selected", { max: field.max_selected });
  }
  return chosen.length ? chosen : null;
}

export function parseBool(raw, fail) {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string") {
    const word = dec.pyStrip(raw).toLowerCase();
    if (YES.has(word) || NO.has(word)) return YES.has(word);
  }
  throw fail("not_yesno");
}

const PARSERS = {
  date: parseDate,
  email: parseEmail,
  phone: parsePhone,
  orgnr: parseOrgnr,
  kontonr: parseKontonr,
  municipality: parseMunicipality,
  select: parseOption,
  radio: parseOption,
};

// The canonical JSON form of a typed value, as stored.
export function toJson(field, value) {
  if (value instanceof dec.Dec) {
    if (kindOf(field) === "integer") return Number(dec.toInteger(value));
    return value.isZero() ? "0" : dec.toPlain(dec.normalize(value));
  }
  if (value !== null && typeof value === "object" && typeof value.iso === "function") return value.iso();
  return value;
}

export { isEmpty };
