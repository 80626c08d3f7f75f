import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOrgTags } from './tags.js';
import { paginate } from './paginate.js';

const refusal = (code: string, reason: string) => (e: any) => e.code === code && e.extra.Reason === reason;

test('checkOrgTags: AWS tag rules, each with its InvalidInputException reason', () => {
  assert.deepEqual(checkOrgTags(undefined), []);
  const ok = [{ Key: 'team', Value: '' }, { Key: 'Cost Centre/é:+=@-_.', Value: 'x'.repeat(256) }];
  assert.equal(checkOrgTags(ok), ok);
  assert.throws(() => checkOrgTags([{ Key: '', Value: 'v' }]), refusal('InvalidInputException', 'MIN_LENGTH_EXCEEDED'));
  assert.throws(() => checkOrgTags([{ Key: 'k'.repeat(129), Value: 'v' }]), refusal('InvalidInputException', 'MAX_LENGTH_EXCEEDED'));
  assert.throws(() => checkOrgTags([{ Key: 'k', Value: 'v'.repeat(257) }]), refusal('InvalidInputException', 'MAX_LENGTH_EXCEEDED'));
  assert.throws(() => checkOrgTags([{ Key: 'a*b', Value: 'v' }]), refusal('InvalidInputException', 'INVALID_PATTERN'));
  assert.throws(() => checkOrgTags([{ Key: 'k', Value: 'https://x?y=1&z' }]), refusal('InvalidInputException', 'INVALID_PATTERN'));
  assert.throws(() => checkOrgTags([{ Key: 'aws:cloudformation', Value: 'v' }]), refusal('InvalidInputException', 'INVALID_SYSTEM_TAGS_PARAMETER'));
  assert.throws(() => checkOrgTags([{ Key: 'k', Value: 'a' }, { Key: 'k', Value: 'b' }]), refusal('InvalidInputException', 'DUPLICATE_TAG_KEY'));
  assert.throws(() => checkOrgTags([{ Key: 'k' } as any]), refusal('InvalidInputException', 'INPUT_REQUIRED'));
});

test('paginate: pages of MaxResults (20 without it), a NextToken until the last page, a forged token refused', () => {
  const all = Array.from({ length: 45 }, (_, i) => i);
  const first = paginate(all, {});
  assert.deepEqual(first.items, all.slice(0, 20));
  const second = paginate(all, { NextToken: first.NextToken });
  assert.deepEqual(second.items, all.slice(20, 40));
  const last = paginate(all, { NextToken: second.NextToken });
  assert.deepEqual(last.items, all.slice(40));
  assert.equal(last.NextToken, undefined);
  assert.deepEqual(paginate(all, { MaxResults: 3 }).items, [0, 1, 2]);
  assert.equal(paginate([], {}).NextToken, undefined);
  assert.throws(() => paginate(all, { NextToken: 'not-a-token' }), refusal('InvalidInputException', 'INVALID_NEXT_TOKEN'));
});
