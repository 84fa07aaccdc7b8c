// The allow-list of expression functions, as formservice/engine/functions.py has them.
//
// Numbers are exact decimals (decimal.js); every comparison with null is false; sum and count skip
// nulls; text is compared and counted by code point, as Python does.

import * as dec from "./decimal.js";

export const MAX_ARGS = 64;
export const MAX_PLACES = 10;

export class JDate {
  constructor(year, month, day) {
    this.y = year;
    this.m = month;
    this.d = day;
  }

  iso() {
    const pad = (n, w) => String(n).padStart(w, "0");
    return `${pad(this.y, 4)}-${pad(this.m, 2)}-${pad(this.d, 2)}`;
  }

  // days since 0001-01-01 (proleptic Gregorian), as date.toordinal() less one
  ordinal() {
    const y = this.m <= 2 ? this.y - 1 : this.y;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const mp = (this.m + 9) % 12;
    const doy = Math.floor((153 * mp + 2) / 5) + this.d - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe;
  }
}

export function makeDate(year, month, day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day > length ? null : new JDate(year, month, day);
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function parseIsoDate(value) {
  if (value instanceof JDate) return value;
  if (typeof value !== "string") return null;
  const match = ISO_DATE.exec(value);
  return match ? makeDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

export function toNumber(value) {
  if (value === null || value === undefined || typeof value === "boolean") return null;
  if (value instanceof dec.Dec) return value;
  if (typeof value === "number") return dec.fromNumber(value);
  if (typeof value === "string") return dec.readNumber(value);
  return null;
}

export function isEmpty(value) {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return dec.pyStrip(value) === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object" && !(value instanceof dec.Dec) && !(value instanceof JDate)) {
    return Object.keys(value).length === 0;
  }
  return false;
}

function kind(value) {
  if (value instanceof dec.Dec) return "number";
  if (value instanceof JDate) return "date";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "dict" : typeof value;
}

export function compareCodePoints(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

class Incomparable extends Error {}

// Python's == on engine values (a bool equals the number 0 or 1, as in Python).
function pyEquals(a, b) {
  const ka = kind(a);
  const kb = kind(b);
  const asNumber = (v, k) => (k === "boolean" ? (v ? dec.ONE : dec.ZERO) : v);
  if ((ka === "number" || ka === "boolean") && (kb === "number" || kb === "boolean")) {
    return dec.compare(asNumber(a, ka), asNumber(b, kb)) === 0;
  }
  if (ka !== kb) return false;
  if (ka === "date") return a.ordinal() === b.ordinal();
  if (ka === "list") return a.length === b.length && a.every((v, i) => pyEquals(v, b[i]));
  if (ka === "dict") {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return a === b;
}

// Python's ordering: -1, 0, 1, or Incomparable where Python raises TypeError.
function pyOrder(a, b) {
  const ka = kind(a);
  const kb = kind(b);
  const numeric = (k) => k === "number" || k === "boolean";
  if (numeric(ka) && numeric(kb)) {
    const n = (v, k) => (k === "boolean" ? (v ? dec.ONE : dec.ZERO) : v);
    return dec.compare(n(a, ka), n(b, kb));
  }
  if (ka !== kb) throw new Incomparable();
  if (ka === "string") return compareCodePoints(a, b);
  if (ka === "date") return Math.sign(a.ordinal() - b.ordinal());
  if (ka === "list") {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
      if (!pyEquals(a[i], b[i])) return pyOrder(a[i], b[i]);
    }
    return Math.sign(a.length - b.length);
  }
  throw new Incomparable();
}

function comparable(a, b) {
  if (a === null || b === null) return null;
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null && typeof a !== "string" && typeof b !== "string") return [na, nb];
  if (kind(a) === kind(b)) return [a, b];
  if (a instanceof JDate && typeof b === "string") return [a, parseIsoDate(b)];
  if (typeof a === "string" && b instanceof JDate) return [parseIsoDate(a), b];
  return null;
}

function comparison(test) {
  return (a, b) => {
    const pair = comparable(a, b);
    if (pair === null || pair[0] === null || pair[1] === null) return false;
    try {
      return test(...pair);
    } catch (error) {
      if (error instanceof Incomparable) return false;
      throw error;
    }
  };
}

const equals = comparison(pyEquals);

function flatten(args) {
  return args.flatMap((arg) => (Array.isArray(arg) ? arg : [arg]));
}

function numbers(args) {
  return args.map(toNumber);
}

function addAll(...args) {
  const ns = numbers(args);
  if (ns.some((n) => n === null)) return null;
  return ns.reduce((total, n) => dec.add(total, n), dec.ZERO);
}

function multiplyAll(...args) {
  let result = dec.ONE;
  for (const n of numbers(args)) {
    if (n === null) return null;
    result = dec.multiply(result, n);
  }
  return result;
}

function both(a, b, operation) {
  const na = toNumber(a);
  const nb = toNumber(b);
  return na === null || nb === null ? null : operation(na, nb);
}

export function roundHalfUp(value, places = dec.ZERO) {
  const number = toNumber(value);
  const digits = toNumber(places);
  if (number === null || digits === null || !digits.isInteger()) return null;
  const wanted = Number(dec.toInteger(digits));
  return dec.quantize(number, Math.max(0, Math.min(wanted, MAX_PLACES)), "up");
}

function sumAll(...args) {
  return numbers(flatten(args))
    .filter((n) => n !== null)
    .reduce((total, n) => dec.add(total, n), dec.ZERO);
}

function countAll(...args) {
  return new dec.Dec(0, BigInt(flatten(args).filter((item) => !isEmpty(item)).length), 0);
}

function extreme(sign) {
  return (...args) => {
    const found = numbers(flatten(args)).filter((n) => n !== null);
    if (found.length === 0) return null;
    return found.reduce((best, n) => (dec.compare(n, best) === sign ? n : best));
  };
}

function daysBetween(a, b) {
  const da = parseIsoDate(a);
  const db = parseIsoDate(b);
  if (da === null || db === null) return null;
  const days = db.ordinal() - da.ordinal();
  return new dec.Dec(days < 0 ? 1 : 0, BigInt(Math.abs(days)), 0);
}

function year(value) {
  const day = parseIsoDate(value);
  return day === null ? null : new dec.Dec(0, BigInt(day.y), 0);
}

export function asText(value) {
  if (value instanceof dec.Dec) return dec.toPlain(dec.normalize(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof JDate) return value.iso();
  if (Array.isArray(value)) return value.map((v) => (v === null ? "" : asText(v))).join(", ");
  return String(value);
}

function tableValue(value) {
  return typeof value === "number" ? dec.fromNumber(value) : value;
}

function lookup(key, table, fallback = null) {
  if (key === null || Array.isArray(key) || kind(key) === "dict") return fallback;
  const number = toNumber(key);
  const text = number !== null && typeof key !== "string" ? asText(number) : asText(key);
  return Object.hasOwn(table, text) ? tableValue(table[text]) : fallback;
}

function isIn(value, ...options) {
  return value !== null && flatten(options).some((option) => equals(value, option));
}

function contains(collection, value) {
  return Array.isArray(collection) && isIn(value, collection);
}

function concat(...args) {
  return args.map((a) => (a === null ? "" : asText(a))).join("");
}

function length(value) {
  if (typeof value === "string") return new dec.Dec(0, BigInt([...value].length), 0);
  if (Array.isArray(value)) return new dec.Dec(0, BigInt(value.length), 0);
  return null;
}

// Lazy functions get an evaluator of their arguments, so and/or/if stop early.
const lazy = {
  and: (arg, count) => {
    for (let i = 0; i < count; i += 1) if (arg(i) !== true) return false;
    return true;
  },
  or: (arg, count) => {
    for (let i = 0; i < count; i += 1) if (arg(i) === true) return true;
    return false;
  },
  if: (arg, count) => (arg(0) === true ? arg(1) : count > 2 ? arg(2) : null),
};

function fn(impl, minArgs, maxArgs, isLazy = false) {
  return { impl, minArgs, maxArgs, lazy: isLazy };
}

export const FUNCTIONS = {
  and: fn(lazy.and, 1, MAX_ARGS, true),
  or: fn(lazy.or, 1, MAX_ARGS, true),
  if: fn(lazy.if, 2, 3, true),
  not: fn((a) => a !== true, 1, 1),
  equals: fn(equals, 2, 2),
  not_equals: fn(comparison((a, b) => !pyEquals(a, b)), 2, 2),
  lt: fn(comparison((a, b) => pyOrder(a, b) < 0), 2, 2),
  lte: fn(comparison((a, b) => pyOrder(a, b) <= 0), 2, 2),
  gt: fn(comparison((a, b) => pyOrder(a, b) > 0), 2, 2),
  gte: fn(comparison((a, b) => pyOrder(a, b) >= 0), 2, 2),
  add: fn(addAll, 1, MAX_ARGS),
  subtract: fn((a, b) => both(a, b, dec.subtract), 2, 2),
  multiply: fn(multiplyAll, 1, MAX_ARGS),
  divide: fn((a, b) => both(a, b, (x, y) => (y.isZero() ? null : dec.divide(x, y))), 2, 2),
  round: fn(roundHalfUp, 1, 2),
  abs: fn((a) => (toNumber(a) === null ? null : dec.abs(toNumber(a))), 1, 1),
  sum: fn(sumAll, 1, MAX_ARGS),
  count: fn(countAll, 1, MAX_ARGS),
  min: fn(extreme(-1), 1, MAX_ARGS),
  max: fn(extreme(1), 1, MAX_ARGS),
  empty: fn(isEmpty, 1, 1),
  not_empty: fn((a) => !isEmpty(a), 1, 1),
  in: fn(isIn, 2, MAX_ARGS),
  contains: fn(contains, 2, 2),
  lookup: fn(lookup, 2, 3),
  date: fn(parseIsoDate, 1, 1),
  today: fn(() => null, 0, 0),
  days_between: fn(daysBetween, 2, 2),
  year: fn(year, 1, 1),
  concat: fn(concat, 1, MAX_ARGS),
  length: fn(length, 1, 1),
  list: fn((...items) => items, 0, MAX_ARGS),
};
