import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../store/index.js';
import { operationKeys, resourceTagKeys } from './request-keys.js';

const A = '111122223333';
const store = Store.open(':memory:');
const op = (operation: string, input: Record<string, unknown>) => ({ service: 'iam', operation, input });

test('request keys: Tags become aws:RequestTag/* and aws:TagKeys; Untag* gives aws:TagKeys', () => {
  assert.deepEqual(operationKeys(op('CreateUser', { UserName: 'u', Tags: [{ Key: 'team', Value: 'blue' }] }), 'iam:CreateUser', store, A), {
    'aws:RequestTag/team': 'blue', 'aws:TagKeys': ['team'], 'iam:PermissionsBoundary': undefined,
  });
  assert.deepEqual(operationKeys(op('UntagRole', { RoleName: 'r', TagKeys: ['a', 'b'] }), 'iam:UntagRole', store, A), { 'aws:TagKeys': ['a', 'b'] });
});

test('request keys: iam:PolicyARN and the boundary being set', () => {
  const arn = `arn:aws:iam::${A}:policy/p`;
  assert.equal(operationKeys(op('AttachGroupPolicy', { GroupName: 'g', PolicyArn: arn }), 'iam:AttachGroupPolicy', store, A)['iam:PolicyARN'], arn);
  assert.equal(operationKeys(op('PutRolePermissionsBoundary', { RoleName: 'r', PermissionsBoundary: arn }), 'iam:PutRolePermissionsBoundary', store, A)['iam:PermissionsBoundary'], arn);
});

test('request keys: only for the operation\'s own action, not a side check such as iam:PassRole', () => {
  assert.deepEqual(operationKeys(op('CreateUser', { Tags: [{ Key: 'k', Value: 'v' }] }), 'iam:PassRole', store, A), {});
  assert.deepEqual(operationKeys(op('ListUsers', {}), 'iam:ListUsers', store, A), {});
  assert.deepEqual(operationKeys(undefined, 'iam:ListUsers', store, A), {});
});

test('request keys: aws:ResourceTag/* of IAM resources; none for other services or unknown ones', () => {
  store.tags.put(A, 'role', 'app', [{ Key: 'env', Value: 'dev' }]);
  assert.deepEqual(resourceTagKeys(store, `arn:aws:iam::${A}:role/team/app`), { 'aws:ResourceTag/env': 'dev' });
  assert.deepEqual(resourceTagKeys(store, `arn:aws:iam::${A}:role/other`), {});
  assert.deepEqual(resourceTagKeys(store, 'arn:aws:s3:::bucket'), {});
  assert.deepEqual(resourceTagKeys(store, '*'), {});
});
