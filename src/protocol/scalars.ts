/**
 * Scalars on the wire: every protocol here carries them as text (query
 * params, XML text, HTTP headers). One place decides how text becomes a
 * typed value and back, per the member's schema.
 */
import type { NormalizedSchema } from '@smithy/core/schema';

/** Smithy timestamp formats, numbered as the static schemas number them. */
export const DATE_TIME = 5;
export const HTTP_DATE = 6;
export const EPOCH_SECONDS = 7;
export type TimestampFormat = typeof DATE_TIME | typeof HTTP_DATE | typeof EPOCH_SECONDS;

/** The member's own @timestampFormat wins; otherwise the binding's default. */
export function timestampFormat(ns: NormalizedSchema, fallback: TimestampFormat): TimestampFormat {
  const id = ns.getSchema();
  return id === DATE_TIME || id === HTTP_DATE || id === EPOCH_SECONDS ? id : fallback;
}

export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function formatTimestamp(value: unknown, format: TimestampFormat, millis: boolean): string {
  const d = toDate(value);
  if (!d) return String(value);
  if (format === HTTP_DATE) return d.toUTCString();
  if (format === EPOCH_SECONDS) return String(d.getTime() / 1000);
  const ms = d.getTime();
  if (ms >= 0 && ms < YEAR_10000) return isoDateTime(ms, millis);
  const iso = d.toISOString();
  // toISOString always ends in .sssZ (ECMA-262 Date Time String Format): drop the milliseconds.
  return millis ? iso : `${iso.slice(0, -5)}Z`;
}

const YEAR_10000 = 253402300800000;
const DAY = 86400000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * What toISOString writes (2024-05-06T07:08:09.123Z, or without .123) for a time in
 * 1970-9999, computed with integer arithmetic: toISOString costs several times more.
 * The civil date from a day count is Howard Hinnant's days_from_civil inverse
 * (http://howardhinnant.github.io/date_algorithms.html#civil_from_days).
 */
export function isoDateTime(ms: number, millis: boolean): string {
  const days = Math.floor(ms / DAY);
  let rest = ms - days * DAY;
  const hours = Math.floor(rest / 3600000);
  rest -= hours * 3600000;
  const minutes = Math.floor(rest / 60000);
  rest -= minutes * 60000;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  // Days since 0000-03-01, in 400-year eras of 146097 days (no era boundary before 1970 is crossed here).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const time = `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  return millis ? `${time}.${pad3(rest)}Z` : `${time}Z`;
}

export function parseTimestamp(text: string, format: TimestampFormat): Date | undefined {
  const t = text.trim();
  // Epoch seconds may arrive for any format from older clients; accept it.
  if (format === EPOCH_SECONDS || /^-?\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? new Date(n * 1000) : undefined;
  }
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The kinds of scalar a schema can be, for error messages and dispatch. */
export type ScalarKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'other';

export function scalarKind(ns: NormalizedSchema): ScalarKind {
  if (ns.isStringSchema()) return 'string';
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return 'number';
  if (ns.isBooleanSchema()) return 'boolean';
  if (ns.isTimestampSchema()) return 'timestamp';
  if (ns.isBlobSchema()) return 'blob';
  return 'other';
}

export class ScalarParseError extends Error {
  constructor(readonly text: string, readonly kind: ScalarKind) {
    super(`cannot read '${text}' as ${kind}`);
  }
}

/** Text → typed value. Throws ScalarParseError so each protocol can word its own error. */
export function readScalar(ns: NormalizedSchema, text: string, tsDefault: TimestampFormat): unknown {
  return readScalarOf(scalarKind(ns), timestampFormat(ns, tsDefault), text);
}

/** readScalar for a kind and timestamp format worked out beforehand (codecs compile them once per schema). */
export function readScalarOf(kind: ScalarKind, tsFormat: TimestampFormat, text: string): unknown {
  switch (kind) {
    case 'number': {
      const t = text.trim();
      const n = t === '' ? NaN : Number(t);
      if (!Number.isFinite(n)) throw new ScalarParseError(text, kind);
      return n;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      throw new ScalarParseError(text, kind);
    }
    case 'timestamp': {
      const d = parseTimestamp(text, tsFormat);
      if (!d) throw new ScalarParseError(text, kind);
      return d;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}

/** Typed value → text. */
export function writeScalar(ns: NormalizedSchema, value: unknown, tsDefault: TimestampFormat, millis: boolean): string {
  if (ns.isTimestampSchema()) return formatTimestamp(value, timestampFormat(ns, tsDefault), millis);
  if (ns.isBlobSchema() && typeof value === 'object' && value !== null) {
    return Buffer.from(value as Uint8Array).toString('base64');
  }
  return String(value);
}
