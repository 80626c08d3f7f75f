/** The STS operations Gatehouse implements. */
import { AwsError } from '../../core/aws-error.js';
import { accountOfAccessKeyId } from '../../core/ids.js';
import type { OperationTable } from '../operation.js';
import { assumeRole } from './assume-role.js';
import { getFederationToken, getSessionToken } from './tokens.js';
import { assumeRoleWithWebIdentity, verifyWebIdentity } from './web-identity.js';
import { decodeAuthorizationMessage } from './authorization-message.js';
import { assumeRoleWithSaml, verifySamlAssertion } from './saml-federation.js';

export const stsOperations: OperationTable = {
  // GetCallerIdentity needs no permission: AWS answers it even under an explicit deny.
  GetCallerIdentity: {
    handle: (_i, ctx) => ({ UserId: ctx.principal.userId, Account: ctx.principal.account, Arn: ctx.principal.arn }),
  },
  AssumeRole: { action: 'sts:AssumeRole', authorizesItself: true, handle: assumeRole },
  // Unsigned as on AWS: the token is the credential; its keys are fetched before the handler's transaction.
  AssumeRoleWithWebIdentity: { action: 'sts:AssumeRoleWithWebIdentity', authorizesItself: true, unsigned: true, prepare: verifyWebIdentity, handle: assumeRoleWithWebIdentity },
  // Unsigned too: the IdP's signed SAML response is the credential.
  AssumeRoleWithSAML: { action: 'sts:AssumeRoleWithSAML', authorizesItself: true, unsigned: true, prepare: verifySamlAssertion, handle: assumeRoleWithSaml },
  // "No permissions are required for a user to get a session token" (Permissions for GetSessionToken).
  GetSessionToken: { handle: getSessionToken },
  GetFederationToken: { action: 'sts:GetFederationToken', authorizesItself: true, handle: getFederationToken },
  DecodeAuthorizationMessage: { action: 'sts:DecodeAuthorizationMessage', handle: decodeAuthorizationMessage },
  GetAccessKeyInfo: {
    action: 'sts:GetAccessKeyInfo',
    handle(i) {
      const account = accountOfAccessKeyId(i.AccessKeyId);
      if (!account) throw new AwsError('ValidationError', `The access key ID ${i.AccessKeyId} is not valid.`, 400);
      return { Account: account };
    },
  },
};

export { STS_CONSTRAINTS } from './constraints.js';
