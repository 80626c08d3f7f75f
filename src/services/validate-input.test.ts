import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { NormalizedSchema } from '@smithy/core/schema';
import { validateInput } from './validate-input.js';
import { IAM_CONSTRAINTS } from './iam/constraints.js';
import { getOperation } from '../protocol/models.js';

const iam = createRequire(import.meta.url)('@aws-sdk/client-iam') as Record<string, unknown>;
const schema = (name: string) => NormalizedSchema.of(iam[`${name}$`] as never);

test('a missing required member is reported as AWS does', () => {
  assert.throws(() => validateInput({}, schema('CreateUserRequest'), IAM_CONSTRAINTS), {
    name: 'ValidationError', message: "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
  });
});

test('every problem is listed, counted', () => {
  assert.throws(() => validateInput({ UserName: '', Path: 'x' }, schema('CreateUserRequest'), IAM_CONSTRAINTS), (e: Error) =>
    e.message.startsWith('2 validation errors detected: ') && e.message.includes("at 'userName'") && e.message.includes("at 'path'"));
});

test('passwords are never echoed back', () => {
  const secret = 'hunter2\u0001';
  assert.throws(() => validateInput({ UserName: 'bob', Password: secret }, schema('CreateLoginProfileRequest'), IAM_CONSTRAINTS), (e: Error) =>
    !e.message.includes('hunter2') && e.message.includes("at 'password'"));
});

test('an operation without input (a unit schema) has no required members and passes', () => {
  const op = getOperation('iam', 'GetAccountSummary')!;
  assert.equal(op.input.getSchema(), 'unit');
  validateInput({}, op.input, IAM_CONSTRAINTS);
  validateInput({}, op.input, IAM_CONSTRAINTS);
});

test('validateInput throws exactly what the reference threw, for every IAM and STS operation on generated inputs', async () => {
  const fc = (await import('fast-check')).default;
  const reference = await import('../../test/support/codec-oracle/validate-input.js');
  const { outcome, valueOf } = await import('../../test/support/codec-oracle/arbitrary.js');
  const { listOperations } = await import('../protocol/models.js');
  const { STS_CONSTRAINTS } = await import('./sts/constraints.js');
  for (const [service, table] of [['iam', IAM_CONSTRAINTS], ['sts', STS_CONSTRAINTS]] as const) {
    for (const name of listOperations(service)) {
      const op = getOperation(service, name)!;
      const input = op.input.isStructSchema() ? valueOf(op.input) : fc.constant({});
      fc.assert(fc.property(input, (value) => {
        const v = (value ?? {}) as Record<string, unknown>;
        assert.deepEqual(outcome(() => validateInput(v, op.input, table)), outcome(() => reference.validateInput(v, op.input, table)), `${service}:${name}`);
      }), { numRuns: 20 });
    }
  }
});

const organizations = createRequire(import.meta.url)('@aws-sdk/client-organizations') as Record<string, unknown>;
const orgSchema = (name: string) => NormalizedSchema.of(organizations[`${name}$`] as never);

test("a table's own refusal replaces ValidationError: Organizations' InvalidInputException with the first problem's Reason", async () => {
  const { ORGANIZATIONS_CONSTRAINTS } = await import('./organizations/constraints.js');
  const refused = (input: Record<string, unknown>, schemaName: string, reason: string) =>
    assert.throws(() => validateInput(input, orgSchema(schemaName), ORGANIZATIONS_CONSTRAINTS), (e: any) =>
      e.code === 'InvalidInputException' && e.status === 400 && e.extra.Reason === reason);
  refused({ ParentId: 'r-ab12' }, 'CreateOrganizationalUnitRequest', 'INPUT_REQUIRED');
  refused({ ParentId: 'r-ab12', Name: '' }, 'CreateOrganizationalUnitRequest', 'MIN_LENGTH_EXCEEDED');
  refused({ ParentId: 'r-ab12', Name: 'n'.repeat(129) }, 'CreateOrganizationalUnitRequest', 'MAX_LENGTH_EXCEEDED');
  refused({ ParentId: 'ou-ab12', Name: 'n' }, 'CreateOrganizationalUnitRequest', 'INVALID_PATTERN');
  refused({ ParentId: 'r-ab12', ChildType: 'POLICY' }, 'ListChildrenRequest', 'INVALID_ENUM');
  refused({ ParentId: 'r-ab12', ChildType: 'ACCOUNT', MaxResults: 21 }, 'ListChildrenRequest', 'MAX_VALUE_EXCEEDED');
  refused({ ParentId: 'r-ab12', ChildType: 'ACCOUNT', MaxResults: 0 }, 'ListChildrenRequest', 'MIN_VALUE_EXCEEDED');
  validateInput({ ParentId: 'ou-ab12-abcdefgh', Name: 'Prod' }, orgSchema('CreateOrganizationalUnitRequest'), ORGANIZATIONS_CONSTRAINTS);
});

test("an enum constraint reads as AWS's ValidationError in a table without its own refusal", () => {
  assert.throws(() => validateInput({ ParentId: 'r-ab12', ChildType: 'POLICY' }, orgSchema('ListChildrenRequest'), { ChildType: { enum: ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] } }), {
    name: 'ValidationError', message: "1 validation error detected: Value 'POLICY' at 'childType' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT, ORGANIZATIONAL_UNIT]",
  });
});
