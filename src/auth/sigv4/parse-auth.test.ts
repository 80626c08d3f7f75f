import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { amzDateMs } from './parse-auth.js';

/** The general reading amzDateMs must agree with: the pattern, then Date.UTC must give back every field unrolled. */
function reference(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  const exact = date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3] &&
    date.getUTCHours() === +m[4] && date.getUTCMinutes() === +m[5] && date.getUTCSeconds() === +m[6];
  return exact ? date.getTime() : undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

test('amzDateMs agrees with the pattern-and-roll-over reading on near-valid dates', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }),
      (y, mo, d, h, mi, s) => {
        const value = `${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}T${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}Z`;
        assert.equal(amzDateMs(value), reference(value), value);
      },
    ),
    { numRuns: 20_000 },
  );
});

test('amzDateMs agrees with the reference on mangled strings', () => {
  const chars = fc.constantFrom(...'0123456789TZ -+:.a\n٣'.split(''));
  fc.assert(
    fc.property(fc.array(chars, { minLength: 14, maxLength: 18 }).map((a) => a.join('')), (value) => {
      assert.equal(amzDateMs(value), reference(value), JSON.stringify(value));
    }),
    { numRuns: 20_000 },
  );
  for (const value of ['20260229T000000Z', '20240229T000000Z', '21000229T120000Z', '20000229T120000Z', '00991231T235959Z', '01001231T235959Z',
    '20261126T235960Z', '20261126T240000Z', '20261126T073000Z\n', ' 20261126T073000Z', '20261126t073000z']) {
    assert.equal(amzDateMs(value), reference(value), value);
  }
});

test('amzDateMs agrees with the reference on a valid date with one character replaced', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), fc.nat(15), fc.constantFrom(...'0123456789TZ:x٣'.split('')), (date, at, ch) => {
      const valid = date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
      const value = valid.slice(0, at) + ch + valid.slice(at + 1);
      assert.equal(amzDateMs(value), reference(value), value);
    }),
    { numRuns: 20_000 },
  );
});
