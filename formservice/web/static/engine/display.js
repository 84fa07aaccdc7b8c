// Answers as people read them, as formservice/engine/display.py and formservice/formatting.py
// (Babel's nb_NO/nn_NO formats) show them: 1 234 567 kr, 33,3 %, 01.03.2021, Ja/Nei.

import * as dec from "./decimal.js";
import { JDate } from "./functions.js";
import { kindOf, optionValues } from "./values.js";

const NBSP = "\u00a0";
const YES_NO = { true: { nb: "Ja", nn: "Ja" }, false: { nb: "Nei", nn: "Nei" } };
export const NOT_ANSWERED = { nb: "Ikke besvart", nn: "Ikkje svara" };
const CONFIRMED = { nb: "Bekreftet av", nn: "Stadfesta av" };

function asDecimal(value) {
  if (value === null || value === undefined || value === "" || typeof value === "boolean") return null;
  // formatting._decimal: numbers.to_decimal(value, typed=False)
  if (value instanceof dec.Dec) return dec.bounded(value);
  return typeof value === "number" ? dec.fromNumber(value) : dec.readNumber(String(value));
}

function grouped(d) {
  // d has exponent <= 0 or is an integer; digits grouped by three with no-break spaces
  const plain = dec.toPlain(d).replace(/^-/, "");
  const [whole, fraction] = plain.split(".");
  const groups = whole.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return (d.sign ? "-" : "") + groups + (fraction ? `,${fraction}` : "");
}

function unreadable(value) {
  if (value === null || value === undefined) return "";
  return value instanceof dec.Dec ? dec.toPythonString(value) : String(value);
}

export function number(value) {
  const amount = asDecimal(value);
  if (amount === null) return unreadable(value);
  return grouped(dec.normalize(amount));
}

export function kroner(value) {
  const amount = asDecimal(value);
  if (amount === null) return unreadable(value);
  const rounded = dec.quantize(amount, amount.isInteger() ? 0 : 2, "even");
  return rounded === null ? unreadable(value) : `${grouped(rounded)}${NBSP}kr`;
}

export function percent(value) {
  const amount = asDecimal(value);
  if (amount === null) return unreadable(value);
  return `${number(dec.normalize(amount))}${NBSP}%`;
}

export function shortDate(value) {
  if (!(value instanceof JDate)) return unreadable(value);
  return `${String(value.d).padStart(2, "0")}.${String(value.m).padStart(2, "0")}.${value.y}`;
}

function text(value, language) {
  return !value ? "" : value[language] || value.nb || "";
}

// One answer as text; empty answers read «Ikke besvart».
export function display(item, value, language, catalogue = {}) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
    return NOT_ANSWERED[language];
  }
  const kind = kindOf(item);
  if (typeof value === "boolean") return YES_NO[value][language];
  if (kind === "money") return kroner(value);
  if (kind === "percent") return percent(value);
  if (kind === "integer" || kind === "decimal" || value instanceof dec.Dec) return number(value);
  if (kind === "date") return shortDate(value);
  if (kind === "municipality") {
    const name = (catalogue.municipalities || {})[String(value)];
    return name ? `${name} (${value})` : String(value);
  }
  if (["select", "radio", "checkboxes"].includes(kind)) {
    const values = optionValues(item.options);
    const labels = Object.fromEntries(values.map((v, i) => [v, text(item.options[i].label, language)]));
    return (Array.isArray(value) ? value : [value]).map((v) => labels[String(v)] ?? String(v)).join(", ");
  }
  if (kind === "declaration" && value && typeof value === "object") {
    if (!value.confirmed) return NOT_ANSWERED[language];
    const who = ["name", "title"].filter((p) => value[p]).map((p) => String(value[p])).join(", ");
    return `${CONFIRMED[language]} ${who}`.trim();
  }
  return String(value);
}
