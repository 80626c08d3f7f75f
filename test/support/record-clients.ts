/**
 * Drives the real clients through a recording proxy and keeps their signed
 * requests: the JS SDK v3 (header-signed IAM, STS and S3 calls, presigned
 * URLs, a role session's token), the AWS CLI v1 (when installed), and an
 * aws-chunked upload with chunk signatures as the CLI v2 and Java SDK send it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, CreateUserCommand, ListUsersCommand, CreateRoleCommand, TagUserCommand, CreatePolicyCommand, PutUserPolicyCommand, PutRolePolicyCommand, GetUserCommand, CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CopyObjectCommand, HeadObjectCommand, CreateMultipartUploadCommand, UploadPartCommand, ListPartsCommand, CompleteMultipartUploadCommand, PutBucketVersioningCommand, S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, DeleteObjectsCommand, ListBucketsCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/core/protocols';
import { Sha256 } from '@aws-crypto/sha256-js';
import { run, which, type Credentials, type TestGatehouse } from './gatehouse.js';
import { recordingProxy, type Recorded } from './recording-proxy.js';
import { chunkedPut } from './chunked-upload.js';

export interface RecordedSet { requests: Recorded[]; session: Credentials; clients: string[] }


export async function recordClients(gh: TestGatehouse): Promise<RecordedSet> {
  const proxy = await recordingProxy(gh.server.url);
  const clients: string[] = [];
  try {
    const root = gh.root('utils');
    const prodRoot = gh.root('prod');
    const cfg = (creds: Credentials) => ({ endpoint: proxy.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    const bucket = `rec-${Date.now().toString(36)}`;

    proxy.label('js-sdk-v3');
    clients.push('JS SDK v3');
    const iam = new IAMClient(cfg(root));
    const sts = new STSClient(cfg(root));
    const s3 = new S3Client({ ...cfg(root), forcePathStyle: true });
    await sts.send(new GetCallerIdentityCommand({}));
    await iam.send(new CreateUserCommand({ UserName: 'recorded-user', Path: '/team/a+b~/', Tags: [{ Key: 'k', Value: 'v ü+/=' }] }));
    await iam.send(new TagUserCommand({ UserName: 'recorded-user', Tags: [{ Key: 'role', Value: 'x' }] }));
    await iam.send(new ListUsersCommand({ PathPrefix: '/team/', MaxItems: 10 }));
    await iam.send(new CreatePolicyCommand({ PolicyName: 'recorded-policy', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/a key+ü.txt', Body: Buffer.from('hello, recorded world\n'.repeat(20)), ContentType: 'text/plain', Metadata: { owner: 'me' } }));
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/a key+ü.txt', Range: 'bytes=0-9' })).then((r) => r.Body?.transformToString());
    await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dir/', Delimiter: '/', MaxKeys: 5 }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'env', Value: 'test' }] } }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone-1', Body: 'x', ChecksumAlgorithm: 'SHA256', Tagging: 'a=b&c=d' }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy of a', CopySource: `${bucket}/dir/a%20key%2B%C3%BC.txt`, MetadataDirective: 'REPLACE', Metadata: { x: 'y' } }));
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy of a' }));
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'multi/part' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'multi/part', UploadId: upload.UploadId!, PartNumber: 1, Body: Buffer.from('part one '.repeat(40)) }));
    await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'multi/part', UploadId: upload.UploadId! }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'multi/part', UploadId: upload.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
    await iam.send(new GetUserCommand({ UserName: 'recorded-user' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'recorded-user' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'recorded-user', PolicyName: 'inline', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Ünïcode', Effect: 'Deny', NotAction: ['iam:*', 's3:Get*'], Resource: 'arn:aws:s3:::b/*', Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } } }] }) }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone-1', Body: 'x' }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'gone-1' }, { Key: 'never' }] } }));

    // A role session: its requests carry X-Amz-Security-Token.
    const prodIam = new IAMClient(cfg(prodRoot));
    const role = await prodIam.send(new CreateRoleCommand({
      RoleName: 'recorded-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Principal: { AWS: `arn:aws:iam::${gh.account('prod').id}:root` } }] }),
    }));
    await prodIam.send(new PutRolePolicyCommand({
      RoleName: 'recorded-role', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    }));
    // The root may not assume roles: a user of prod with a policy does.
    const user = await gh.userWithKey('prod', 'recorder');
    await gh.iam(prodRoot).send(new PutUserPolicyCommand({
      UserName: 'recorder', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    }));
    proxy.label('js-sdk-v3 (user)');
    const c = (await new STSClient(cfg(user)).send(new AssumeRoleCommand({
      RoleArn: role.Role!.Arn!, RoleSessionName: 'recorded', DurationSeconds: 3600, SourceIdentity: 'me@example.com',
      Tags: [{ Key: 'team', Value: 'a b' }], Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    }))).Credentials!;
    const session: Credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    proxy.label('js-sdk-v3 (session)');
    await new STSClient(cfg(session)).send(new GetCallerIdentityCommand({}));
    await new S3Client({ ...cfg(session), forcePathStyle: true }).send(new ListBucketsCommand({}));

    // Presigned URLs: the SDK's presigner for S3, and an STS GetCallerIdentity URL as EKS tokens make.
    proxy.label('js-sdk-v3 (presigned)');
    const presignedGet = await getSignedUrl(new S3Client({ ...cfg(root), forcePathStyle: true }), new GetObjectCommand({ Bucket: bucket, Key: 'dir/a key+ü.txt' }), { expiresIn: 900 });
    await fetch(presignedGet).then((r) => r.arrayBuffer());
    const presignedList = await getSignedUrl(new S3Client({ ...cfg(session), forcePathStyle: true }), new ListBucketsCommand({}), { expiresIn: 900 });
    await fetch(presignedList).then((r) => r.arrayBuffer());
    const presigner = new SignatureV4({ service: 'sts', region: 'us-east-1', sha256: Sha256, credentials: root });
    const u = new URL(proxy.url);
    const presignedSts = await presigner.presign(new HttpRequest({
      method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: u.host },
    }), { expiresIn: 60 });
    const qs = Object.entries(presignedSts.query!).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
    await fetch(`${proxy.url}/?${qs}`).then((r) => r.text());

    // aws-chunked with chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), as the CLI v2 and Java SDK send it.
    proxy.label('aws-chunked (signed chunks)');
    const chunked = await chunkedPut(new URL(proxy.url), root, `/${bucket}/chunked-object`, Buffer.from('chunk data '.repeat(30)), { chunkBytes: 200 });
    if (chunked.status !== 200) throw new Error(`chunked upload: ${chunked.status} ${chunked.text}`);

    // The AWS CLI v1, as users run it.
    if (await which('aws')) {
      clients.push('AWS CLI v1');
      proxy.label('aws-cli-v1');
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-rec-cli-'));
      writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n');
      writeFileSync(join(dir, 'body.txt'), 'cli body\n'.repeat(10));
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
      const base = { ...env, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
      const asRoot = { ...base, AWS_ACCESS_KEY_ID: root.accessKeyId, AWS_SECRET_ACCESS_KEY: root.secretAccessKey };
      const asSession = { ...base, AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken! };
      const cli = async (env: NodeJS.ProcessEnv, args: string[]) => {
        const r = await run('aws', [...args, '--endpoint-url', proxy.url], env);
        if (r.code !== 0) throw new Error(`aws ${args.join(' ')}: ${r.stderr}`);
      };
      await cli(asRoot, ['sts', 'get-caller-identity']);
      await cli(asRoot, ['iam', 'create-user', '--user-name', 'cli-recorded', '--path', '/cli/']);
      await cli(asRoot, ['iam', 'list-users', '--path-prefix', '/cli/']);
      await cli(asRoot, ['s3api', 'put-object', '--bucket', bucket, '--key', 'cli/obj 1.txt', '--body', join(dir, 'body.txt')]);
      await cli(asRoot, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'cli/']);
      await cli(asRoot, ['s3', 'cp', join(dir, 'body.txt'), `s3://${bucket}/cli/copied.txt`]);
      proxy.label('aws-cli-v1 (session)');
      await cli(asSession, ['sts', 'get-caller-identity']);
      await cli(asSession, ['s3api', 'list-buckets']);
    }
    // Only what the server accepted is a valid signed request to mutate.
    return { requests: proxy.recorded.filter((r) => r.status >= 200 && r.status < 300), session, clients };
  } finally {
    await proxy.close();
  }
}

