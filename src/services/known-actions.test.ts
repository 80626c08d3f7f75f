import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionHint } from './known-actions.js';

test('an operation named where its action has another name: the action it is judged as', () => {
  assert.equal(actionHint('s3:ListBuckets'), 's3:ListBuckets is not an action this server judges requests as: did you mean s3:ListAllMyBuckets?');
  assert.equal(actionHint('s3:HeadObject'), 's3:HeadObject is not an action this server judges requests as: did you mean s3:GetObject?');
});

test('a near miss: the nearest known spelling; a far one: no guess', () => {
  assert.match(actionHint('sts:AssumeRoel')!, /did you mean sts:AssumeRole\?$/);
  assert.match(actionHint('iam:CreateUsr')!, /did you mean iam:CreateUser\?$/);
  assert.equal(actionHint('iam:FrobnicateEverythingNow'), 'iam:FrobnicateEverythingNow is not an action this server judges requests as');
});

test('known actions (any case), actions checked inside handlers, wildcards and other services: no hint', () => {
  for (const a of ['s3:GetObject', 'S3:getobject', 'sts:TagSession', 'iam:PassRole', 's3:Get*', '*', 'ec2:RunInstances']) assert.equal(actionHint(a), undefined, a);
});
