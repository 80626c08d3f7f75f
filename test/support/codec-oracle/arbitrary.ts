/**
 * TEST SUPPORT: fast-check arbitraries for values of a schema, to check the
 * compiled codecs against the reference ones on varied inputs: text that
 * needs escaping or percent-encoding, all scalar kinds, nested lists and
 * maps, absent and null members, and now and then a value of the wrong kind.
 */
import fc from 'fast-check';
import type { NormalizedSchema } from '@smithy/core/schema';

/** Text, often with what XML, form encoding or the query's dotted names treat specially. */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'plain', 'a&b', '<x>', `"q'`, 'cr\rlf\n', 'a+b c', '100%', 'x.y', '=&', 'é€😀', 'arn:aws:iam::123456789012:role/r',
  '<?xml version="1.0" encoding="UTF-8"?>\n<a>x</a>'),
);

const timestamp = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
  fc.integer({ min: 0, max: 4102444800000 }),
  fc.constantFrom('2024-05-06T07:08:09Z', 'not a date'),
);

const wrongKind = fc.oneof(fc.constant({}), fc.constant([]), fc.integer(), fc.boolean(), text);

function scalar(ns: NormalizedSchema): fc.Arbitrary<unknown> {
  if (ns.isTimestampSchema()) return timestamp;
  if (ns.isBlobSchema()) return fc.oneof(fc.uint8Array({ maxLength: 6 }), text);
  if (ns.isBooleanSchema()) return fc.boolean();
  if (ns.isNumericSchema()) return fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constant(0.5));
  return text;
}

/** A value for the schema; depth bounds recursion (recursive shapes, deep nesting). */
export function valueOf(ns: NormalizedSchema, depth = 0): fc.Arbitrary<unknown> {
  const any = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 12, arbitrary: a }, { weight: 1, arbitrary: wrongKind }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) });
  if (ns.isStructSchema()) {
    if (depth > 3) return fc.constant({});
    const members: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, member] of ns.structIterator()) members[name] = fc.constant(null).chain(() => any(valueOf(member, depth + 1)));
    return fc.record(members, { requiredKeys: [] });
  }
  if (ns.isListSchema()) {
    if (depth > 3) return fc.constant([]);
    return fc.array(any(valueOf(ns.getValueSchema(), depth + 1)), { maxLength: 3 });
  }
  if (ns.isMapSchema()) {
    if (depth > 3) return fc.constant({});
    return fc.dictionary(text, any(valueOf(ns.getValueSchema(), depth + 1)), { maxKeys: 3 });
  }
  return scalar(ns);
}

/** The outcome of a call, thrown errors included, as a comparable value. */
export function outcome<T>(f: () => T): { ok: T } | { error: string } {
  try {
    return { ok: f() };
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string; status?: number };
    return { error: `${err.name}|${err.code}|${err.status}|${err.message}` };
  }
}
