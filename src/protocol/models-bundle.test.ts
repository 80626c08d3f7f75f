/** The schema modules the build extracts must be the installed clients' schemas, name for name. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

for (const [service, pkg] of [['iam', 'iam'], ['sts', 'sts'], ['s3', 's3'], ['s3control', 's3-control'], ['organizations', 'organizations']]) {
  const built = fileURLToPath(new URL(`../../dist/models/${service}.cjs`, import.meta.url));
  test(`dist/models/${service}.cjs carries every schema of @aws-sdk/client-${pkg}`, { skip: !existsSync(built) && 'not built' }, () => {
    const schemas = (m: Record<string, unknown>) => Object.keys(m).filter((k) => k.endsWith('$')).sort();
    const fromPackage = schemas(require(`@aws-sdk/client-${pkg}`));
    const fromBuild = schemas(require(built));
    assert.ok(fromPackage.length > 50);
    assert.deepEqual(fromBuild, fromPackage);
    assert.deepEqual(JSON.stringify(require(built).GetCallerIdentity$ ?? require(built).ListBuckets$ ?? require(built).CreateUser$ ?? require(built).GetPublicAccessBlockOutput$),
      JSON.stringify(require(`@aws-sdk/client-${pkg}`).GetCallerIdentity$ ?? require(`@aws-sdk/client-${pkg}`).ListBuckets$ ?? require(`@aws-sdk/client-${pkg}`).CreateUser$ ?? require(`@aws-sdk/client-${pkg}`).GetPublicAccessBlockOutput$));
  });
}
