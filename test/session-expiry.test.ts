/**
 * Temporary credentials of every kind are refused once they expire, also
 * after they were used (and their principal cached) while still valid.
 */
import { after, before, describe, test } from 'node:test';
import { GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, type Credentials as StsCredentials } from '@aws-sdk/client-sts';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

describe('expiry of cached sessions', () => {
  let gh: TestGatehouse;
  let user: Credentials;
  before(async () => {
    gh = await TestGatehouse.start();
    user = await gh.userWithKey('utils', 'expiring');
  });
  after(() => gh.dispose());

  const asSession = (c: StsCredentials) => gh.sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

  for (const [name, issue] of [
    ['GetSessionToken', () => gh.sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))],
    ['GetFederationToken', () => gh.sts(gh.root('utils')).send(new GetFederationTokenCommand({ Name: 'fed', DurationSeconds: 900 }))],
  ] as const) {
    test(`${name} credentials used while valid are refused with ExpiredToken after their expiry`, async () => {
      const session = asSession((await issue()).Credentials!);
      await session.send(new GetCallerIdentityCommand({}));
      gh.server.runtime.clock.advance(901);
      try {
        await rejects(session.send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403);
      } finally {
        gh.server.runtime.clock.advance(-901);
      }
    });
  }
});
