// Exact decimal numbers as the server's Python engine has them (decimal.Decimal, default context).
//
// A number is sign, coefficient (a BigInt, never negative) and exponent: value = ±c × 10^e, with
// a negative zero as Python has one. Results of arithmetic are rounded as Python's default context
// rounds them: to 28 significant digits, half to even. round() and computed fields round half up
// (quantize), and display rounds half to even; no float is ever involved.

export const PRECISION = 28;

export class Dec {
  constructor(sign, coefficient, exponent) {
    this.sign = sign; // 1 for negative (also -0), 0 otherwise
    this.c = coefficient;
    this.e = exponent;
  }

  isZero() {
    return this.c === 0n;
  }

  digits() {
    return this.c === 0n ? 1 : this.c.toString().length;
  }

  // Python's Decimal.adjusted(): the exponent of the most significant digit.
  adjusted() {
    return this.e + this.digits() - 1;
  }

  isInteger() {
    if (this.e >= 0 || this.c === 0n) return true;
    return this.c % 10n ** BigInt(-this.e) === 0n;
  }

  negate() {
    return new Dec(this.sign ? 0 : 1, this.c, this.e);
  }
}

const DIGIT_RUN = /\p{Nd}/u;

// The value of one Unicode decimal digit: Nd digits come in runs of ten from a zero.
function digitValue(ch) {
  if (ch >= "0" && ch <= "9") return ch.charCodeAt(0) - 48;
  let code = ch.codePointAt(0);
  let steps = 0;
  while (DIGIT_RUN.test(String.fromCodePoint(code - 1))) {
    code -= 1;
    steps += 1;
  }
  return steps % 10;
}

function asciiDigits(text) {
  let out = "";
  for (const ch of text) out += ch === "_" ? "" : String(digitValue(ch));
  return out;
}

// Python's str.strip() set: every character for which str.isspace() is true.
export const PY_SPACE =
  "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003" +
  "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
const SPACE_CLASS = `[${PY_SPACE}]`;
const STRIP = new RegExp(`^${SPACE_CLASS}+|${SPACE_CLASS}+$`, "gu");

export function pyStrip(text) {
  return text.replace(STRIP, "");
}

const D = "\\p{Nd}(?:_?\\p{Nd})*";
const GRAMMAR = new RegExp(
  `^([+-])?(?:(${D})(?:\\.(${D})?)?|\\.(${D}))(?:[eE]([+-]?${D}))?$`,
  "u",
);

// Decimal(text) as Python reads it; null where Python refuses, or where the number is not finite.
export function parseDecimal(text) {
  const stripped = pyStrip(text);
  const match = GRAMMAR.exec(stripped);
  if (!match) return null; // also Infinity and NaN, which the engine never takes for numbers
  const [, sign, whole, fraction1, fraction2, exponent] = match;
  const fraction = fraction1 ?? fraction2 ?? "";
  const digits = asciiDigits((whole ?? "") + fraction);
  let exp = 0;
  if (exponent) {
    exp = Number(asciiDigits(exponent.replace(/^[+-]/, "")));
    if (exponent.startsWith("-")) exp = -exp;
  }
  return new Dec(sign === "-" ? 1 : 0, BigInt(digits || "0"), exp - asciiDigits(fraction).length);
}

// formservice/numbers.py: the one reader of numbers. Text of ASCII digits only (no '²', '٣' or
// '1_000'), at most MAX_TEXT characters, and magnitudes below 10^(MAX_EXPONENT + 1).
export const MAX_EXPONENT = 20;
export const MAX_TEXT = 40;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?$/;

export function bounded(d) {
  if (d === null || d === undefined) return null;
  return d.c !== 0n && Math.abs(d.adjusted()) > MAX_EXPONENT ? null : d;
}

// numbers.to_decimal(text, typed=False): the text as stored or computed, stripped.
export function readNumber(text) {
  const stripped = pyStrip(text);
  if ([...stripped].length > MAX_TEXT || !NUMBER.test(stripped)) return null;
  return bounded(parseDecimal(stripped));
}

export function fromNumber(value) {
  // A JSON number of the definition: its shortest text, as Python's str(float) has the same digits.
  return bounded(parseDecimal(String(value)));
}

export const ZERO = new Dec(0, 0n, 0);
export const ONE = new Dec(0, 1n, 0);

function pow10(n) {
  return 10n ** BigInt(n);
}

function ndigits(c) {
  return c === 0n ? 1 : c.toString().length;
}

// Drop `drop` digits of c; mode "even" or "up" (half away from zero); sticky: more was cut.
function shorten(c, drop, mode, sticky = false) {
  if (drop <= 0) return c;
  const divisor = pow10(drop);
  let head = c / divisor;
  const rest = c % divisor;
  const half = 5n * pow10(drop - 1);
  if (rest > half) head += 1n;
  else if (rest === half && (sticky || mode === "up" || head % 2n === 1n)) head += 1n;
  return head;
}

// Round to the context's 28 significant digits, half to even.
export function fit(d, sticky = false) {
  const excess = ndigits(d.c) - PRECISION;
  if (excess <= 0) return d;
  let c = shorten(d.c, excess, "even", sticky);
  let e = d.e + excess;
  if (ndigits(c) > PRECISION) {
    c /= 10n;
    e += 1;
  }
  return new Dec(d.sign, c, e);
}

function aligned(a, b) {
  const e = Math.min(a.e, b.e);
  return [a.c * pow10(a.e - e), b.c * pow10(b.e - e), e];
}

export function add(a, b) {
  const [ca, cb, e] = aligned(a, b);
  const sa = a.sign ? -ca : ca;
  const sb = b.sign ? -cb : cb;
  const sum = sa + sb;
  if (sum === 0n) return fit(new Dec(a.sign && b.sign ? 1 : 0, 0n, e));
  return fit(new Dec(sum < 0n ? 1 : 0, sum < 0n ? -sum : sum, e));
}

export function subtract(a, b) {
  return add(a, b.negate());
}

export function multiply(a, b) {
  return fit(new Dec(a.sign ^ b.sign, a.c * b.c, a.e + b.e));
}

// a / b, b not zero: the exact quotient when it has at most 28 digits, else rounded half to even.
export function divide(a, b) {
  const sign = a.sign ^ b.sign;
  const ideal = a.e - b.e;
  if (a.c === 0n) return new Dec(sign, 0n, ideal);
  const shift = Math.max(0, PRECISION + 1 + ndigits(b.c) - ndigits(a.c));
  const numerator = a.c * pow10(shift);
  let q = numerator / b.c;
  const r = numerator % b.c;
  let e = ideal - shift;
  if (r === 0n) {
    // exact: drop trailing zeros back towards the ideal exponent, as Python does
    while (e < ideal && q % 10n === 0n) {
      q /= 10n;
      e += 1;
    }
    return fit(new Dec(sign, q, e));
  }
  return fit(new Dec(sign, q, e), true);
}

export function compare(a, b) {
  const [ca, cb] = aligned(a, b);
  const sa = a.sign ? -ca : ca;
  const sb = b.sign ? -cb : cb;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function abs(a) {
  return fit(new Dec(0, a.c, a.e));
}

// Decimal.quantize(10^-places, rounding): null where Python raises (more than 28 digits).
export function quantize(a, places, mode = "up") {
  const target = -places;
  let c;
  if (a.e >= target) c = a.c * pow10(a.e - target);
  else c = shorten(a.c, target - a.e, mode);
  if (ndigits(c) > PRECISION) return null;
  return new Dec(a.sign, c, target);
}

// Decimal.normalize(): rounded to the context, trailing zeros removed; zero has exponent 0.
export function normalize(a) {
  const d = fit(a);
  if (d.c === 0n) return new Dec(d.sign, 0n, 0);
  let c = d.c;
  let e = d.e;
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return new Dec(d.sign, c, e);
}

// format(d, "f"): plain digits, no exponent.
export function toPlain(d) {
  const digits = d.c.toString();
  let text;
  if (d.e >= 0) text = d.c === 0n ? "0" : digits + "0".repeat(d.e);
  else if (digits.length > -d.e) text = `${digits.slice(0, d.e)}.${digits.slice(d.e)}`;
  else text = `0.${"0".repeat(-d.e - digits.length)}${digits}`;
  return (d.sign ? "-" : "") + text;
}

// str(d): Python's to-scientific-string.
export function toPythonString(d) {
  const digits = d.c.toString();
  const adjusted = d.e + digits.length - 1;
  if (d.e <= 0 && adjusted >= -6) return toPlain(d);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${d.sign ? "-" : ""}${mantissa}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
}

export function toInteger(d) {
  // int(d): truncates towards zero
  let c = d.e >= 0 ? d.c * pow10(d.e) : d.c / pow10(-d.e);
  if (d.sign) c = -c;
  return c;
}

export function isDec(value) {
  return value instanceof Dec;
}
