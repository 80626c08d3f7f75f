/** SCP/RCP content as CreatePolicy and UpdatePolicy judge it: the error code, Reason and where the problem is. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/aws-error.js';
import type { OrgPolicyType } from '../../store/organizations.js';
import { checkOrgPolicyContent } from './policy-documents.js';

const SCP: OrgPolicyType = 'SERVICE_CONTROL_POLICY';
const RCP: OrgPolicyType = 'RESOURCE_CONTROL_POLICY';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const regionDeny = { Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } };
const keepS3InOrg = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } };

function thrown(content: string, type: OrgPolicyType): AwsError {
  try {
    checkOrgPolicyContent(content, type);
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an error');
}

test('a region-deny SCP (Deny + NotAction + aws:RequestedRegion) and an RCP keeping S3 in the organization are accepted', () => {
  checkOrgPolicyContent(doc(regionDeny), SCP);
  checkOrgPolicyContent(doc(keepS3InOrg), RCP);
});

test('SCP naming a principal: MalformedPolicyDocumentException with AWS sentence, the path and why', () => {
  const e = thrown(doc({ ...regionDeny, Principal: '*' }), SCP);
  assert.equal(e.code, 'MalformedPolicyDocumentException');
  assert.match(e.message, /^The provided policy document does not meet the requirements of the specified policy type\. \(Statement\[0\]\.Principal: SCPs cannot specify a principal\)$/);
});

test('RCP rules: Principal "*" required, Deny only, no NotAction, only the services RCPs support', () => {
  const cases: Array<[object, RegExp]> = [
    [{ ...keepS3InOrg, Principal: undefined }, /Principal/],
    [{ ...keepS3InOrg, Principal: { AWS: '111122223333' } }, /must be "\*"/],
    [{ ...keepS3InOrg, Effect: 'Allow' }, /RCPFullAWSAccess/],
    [{ ...keepS3InOrg, Action: undefined, NotAction: 's3:GetObject' }, /NotAction/],
    [{ ...keepS3InOrg, Action: 'ec2:RunInstances' }, /not ec2:RunInstances/],
  ];
  for (const [statement, why] of cases) {
    const e = thrown(doc(statement), RCP);
    assert.equal(e.code, 'MalformedPolicyDocumentException', JSON.stringify(statement));
    assert.match(e.message, why);
  }
});

test('the IAM grammar still applies: bad JSON and a missing Action are malformed too', () => {
  assert.match(thrown('{"Version":"2012-10-17","Statement":[', SCP).message, /Invalid JSON/);
  assert.match(thrown(doc({ Effect: 'Deny', Resource: '*' }), SCP).message, /must contain actions/);
});

test('over 5,120 characters, white space counted ("Quotas for AWS Organizations"): ConstraintViolationException POLICY_CONTENT_LIMIT_EXCEEDED', () => {
  const padded = doc(regionDeny) + ' '.repeat(5120 - doc(regionDeny).length);
  checkOrgPolicyContent(padded, SCP); // exactly 5,120 is allowed
  const e = thrown(padded + ' ', SCP);
  assert.equal(e.code, 'ConstraintViolationException');
  assert.equal(e.extra.Reason, 'POLICY_CONTENT_LIMIT_EXCEEDED');
  assert.equal(thrown(doc(keepS3InOrg) + ' '.repeat(5120), RCP).extra.Reason, 'POLICY_CONTENT_LIMIT_EXCEEDED');
});
