import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { getOperation, listOperations, errorShape, errorSchema } from './models.js';

const require = createRequire(import.meta.url);
const loadedModule = (pkg: string) => require.resolve(pkg) in require.cache;

test('service modules load lazily, on first use', () => {
  assert.equal(loadedModule('@aws-sdk/client-s3'), false);
  getOperation('iam', 'CreateUser');
  assert.equal(loadedModule('@aws-sdk/client-iam'), true);
  assert.equal(loadedModule('@aws-sdk/client-s3'), false);
});

test('operations come from the SDK schemas', () => {
  const op = getOperation('iam', 'CreateUser')!;
  assert.equal(op.service, 'iam');
  assert.ok(op.input.isStructSchema());
  assert.deepEqual(Object.keys(op.input.getMemberSchemas()), ['UserName', 'Path', 'PermissionsBoundary', 'Tags']);
  assert.ok(op.output.getMemberSchema('User').getMemberSchema('CreateDate').isTimestampSchema());
  assert.ok(getOperation('iam', 'DeleteUser')!.output.isUnitSchema());
  assert.equal(getOperation('iam', 'NoSuchThing'), undefined);
  assert.ok(listOperations('iam').includes('AttachRolePolicy'));
  assert.ok(listOperations('sts').includes('AssumeRoleWithWebIdentity'));
  assert.deepEqual(getOperation('s3', 'GetBucketLocation')!.http, ['GET', '/?location', 200]);
});

test('errorShape: awsQueryError code and status, by code or shape name', () => {
  assert.deepEqual(errorShape('iam', 'EntityAlreadyExists'), { code: 'EntityAlreadyExists', status: 409 });
  assert.deepEqual(errorShape('iam', 'EntityAlreadyExistsException'), { code: 'EntityAlreadyExists', status: 409 });
  assert.deepEqual(errorShape('iam', 'NoSuchEntity'), { code: 'NoSuchEntity', status: 404 });
  assert.deepEqual(errorShape('sts', 'ExpiredTokenException'), { code: 'ExpiredTokenException', status: 400 });
  assert.deepEqual(errorShape('s3', 'NoSuchBucket'), { code: 'NoSuchBucket', status: 404 });
  assert.equal(errorShape('iam', 'IAMServiceException'), undefined);
});

test('Organizations: JSON errors by shape name, with @httpError status and their structure', () => {
  assert.deepEqual(errorShape('organizations', 'ConstraintViolationException'), { code: 'ConstraintViolationException', status: 409 });
  assert.deepEqual(errorShape('organizations', 'AccessDeniedException'), { code: 'AccessDeniedException', status: 403 });
  assert.deepEqual(Object.keys(errorSchema('organizations', 'ConstraintViolationException')!.getMemberSchemas()), ['Message', 'Reason']);
  assert.equal(errorSchema('organizations', 'OrganizationsServiceException'), undefined);
  assert.ok(listOperations('organizations').includes('CreateAccount'));
});
