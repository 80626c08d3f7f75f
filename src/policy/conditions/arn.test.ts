import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';

const holds = (op: string, values: string[], ctx: Record<string, string>) =>
  evaluateCondition(compileCondition(op, 'aws:SourceArn', values, true), contextView(ctx)).holds;
const src = (v: string) => ({ 'aws:SourceArn': v });

// "Condition operators" › ARN: components are matched separately.
const cases: Array<[string, string[], Record<string, string>, boolean]> = [
  ['ArnEquals', ['arn:aws:sns:us-east-1:123456789012:topic'], src('arn:aws:sns:us-east-1:123456789012:topic'), true],
  ['ArnLike', ['arn:aws:sns:*:123456789012:*'], src('arn:aws:sns:eu-west-1:123456789012:t'), true],
  ['ArnEquals', ['arn:aws:sns:*:123456789012:*'], src('arn:aws:sns:eu-west-1:123456789012:t'), true], // same as ArnLike
  // The documented case where StringLike would match but ArnLike does not:
  ['ArnLike', ['arn:aws:someservice:*:111122223333:finance/*'], src('arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt'), false],
  ['StringLike', ['arn:aws:someservice:*:111122223333:finance/*'], src('arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt'), true],
  ['ArnLike', ['arn:aws:s3:::bucket/*'], src('arn:aws:s3:::bucket/a:b/c'), true], // resource part keeps its colons
  ['ArnLike', ['arn:aws:iam::*:role/x'], src('not-an-arn'), false],
  ['ArnNotEquals', ['arn:aws:iam::1:role/x'], src('arn:aws:iam::1:role/y'), true],
  ['ArnNotLike', ['arn:aws:iam::1:role/*'], src('arn:aws:iam::1:role/y'), false],
  ['ArnNotLike', ['arn:aws:iam::1:role/*'], {}, true],
  ['ArnLike', ['arn:aws:iam::1:user/${aws:username}'], { ...src('arn:aws:iam::1:user/bob'), 'aws:username': 'bob' }, true],
];
for (const [op, values, ctx, want] of cases) {
  test(`arn: ${op} ${values} vs ${JSON.stringify(ctx)} → ${want}`, () => assert.equal(holds(op, values, ctx), want));
}
