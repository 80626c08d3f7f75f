/**
 * Drives the real clients through a recording proxy and keeps their signed
 * requests: the JS SDK v3 (header-signed IAM, STS and S3 calls, presigned
 * URLs, a role session's token), the AWS CLI v1 and v2 (each when installed:
 * see aws-clis.ts), and an aws-chunked upload with chunk signatures, built by
 * hand as the Java SDK sends it over http (none of the clients here sends one).
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
import { cleanEnv, run, type Credentials, type TestGatehouse } from './gatehouse.js';
import { recordingProxy, type Recorded, type RecordingProxy } from './recording-proxy.js';
import { awsClis } from './aws-clis.js';
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

    // aws-chunked with chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), as the Java SDK sends it over http.
    proxy.label('aws-chunked (signed chunks)');
    const chunked = await chunkedPut(new URL(proxy.url), root, `/${bucket}/chunked-object`, Buffer.from('chunk data '.repeat(30)), { chunkBytes: 200 });
    if (chunked.status !== 200) throw new Error(`chunked upload: ${chunked.status} ${chunked.text}`);

    const clis = await awsClis();
    // The AWS CLI v1, as users run it.
    if (clis.v1) {
      clients.push('AWS CLI v1');
      proxy.label('aws-cli-v1');
      const cli = cliRunner(clis.v1, proxy.url, '');
      writeFileSync(join(cli.dir, 'body.txt'), 'cli body\n'.repeat(10));
      await cli.as(root, ['sts', 'get-caller-identity']);
      await cli.as(root, ['iam', 'create-user', '--user-name', 'cli-recorded', '--path', '/cli/']);
      await cli.as(root, ['iam', 'list-users', '--path-prefix', '/cli/']);
      await cli.as(root, ['s3api', 'put-object', '--bucket', bucket, '--key', 'cli/obj 1.txt', '--body', join(cli.dir, 'body.txt')]);
      await cli.as(root, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'cli/']);
      await cli.as(root, ['s3', 'cp', join(cli.dir, 'body.txt'), `s3://${bucket}/cli/copied.txt`]);
      proxy.label('aws-cli-v1 (session)');
      await cli.as(session, ['sts', 'get-caller-identity']);
      await cli.as(session, ['s3api', 'list-buckets']);
    }
    if (clis.v2) {
      clients.push('AWS CLI v2');
      await recordCliV2(clis.v2, proxy, { root, user, roleArn: role.Role!.Arn!, bucket: `${bucket}-v2` });
    }
    // Only what the server accepted is a valid signed request to mutate.
    return { requests: proxy.recorded.filter((r) => r.status >= 200 && r.status < 300), session, clients };
  } finally {
    await proxy.close();
  }
}


/** Runs one `aws` binary against the proxy with only the given credentials and a config of its own. */
function cliRunner(bin: string, endpoint: string, s3Config: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-rec-cli-'));
  writeFileSync(join(dir, 'config'), `[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n${s3Config}`);
  const base = cleanEnv({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_PAGER: '' });
  return {
    dir,
    /** Runs `aws args…` as creds, throws unless it succeeds, and returns its standard output. */
    async as(creds: Credentials, args: string[]): Promise<string> {
      const r = await run(bin, [...args, '--endpoint-url', endpoint], {
        ...base, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
      });
      if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
  };
}

/**
 * The AWS CLI v2 (2.9.x, Debian's), which needs --endpoint-url: it has no endpoint_url in profiles.
 * Over plain http it signs S3 bodies with their full sha256 (s3api and `aws s3 cp` alike, multipart
 * parts too); its CRT transfer client ignores the endpoint's port, so the default one is recorded.
 */
async function recordCliV2(bin: string, proxy: RecordingProxy, o: { root: Credentials; user: Credentials; roleArn: string; bucket: string }) {
  // `aws s3 cp` goes multipart from 2 KB here, as it does from 8 MB by default: parts stay small enough to mutate bit by bit.
  const cli = cliRunner(bin, proxy.url, '    multipart_threshold = 2KB\n');
  const file = (name: string, text: string) => { writeFileSync(join(cli.dir, name), text); return join(cli.dir, name); };
  const body = file('body.txt', 'cli v2 body\n'.repeat(12));
  const large = file('large.txt', 'a multipart line of the cli v2\n'.repeat(100));
  const { root, bucket } = o;
  const odd = 'odd/ä ö+%~*()!$&,;=@:[]\'#?.txt';

  proxy.label('aws-cli-v2');
  await cli.as(root, ['sts', 'get-caller-identity']);
  await cli.as(root, ['iam', 'create-user', '--user-name', 'cli2-recorded', '--path', '/cli2/a+b~=/', '--tags', 'Key=team,Value=a b+ü', 'Key=env,Value=test']);
  await cli.as(root, ['iam', 'list-users', '--path-prefix', '/cli2/', '--max-items', '5']);
  await cli.as(root, ['s3api', 'create-bucket', '--bucket', bucket]);
  await cli.as(root, ['s3api', 'put-object', '--bucket', bucket, '--key', odd, '--body', body, '--content-type', 'text/plain; charset=utf-8', '--metadata', 'owner=me', '--tagging', 'a=b&c=d e']);
  await cli.as(root, ['s3api', 'put-object', '--bucket', bucket, '--key', 'odd/plain', '--body', body]);
  await cli.as(root, ['s3', 'cp', large, `s3://${bucket}/odd/multi part.txt`]);
  await cli.as(root, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'odd/ä ö+', '--start-after', 'odd/', '--delimiter', '/']);
  await cli.as(root, ['s3api', 'get-object', '--bucket', bucket, '--key', odd, '--range', 'bytes=0-9', join(cli.dir, 'range.out')]);
  await cli.as(root, ['s3api', 'delete-objects', '--bucket', bucket, '--delete', JSON.stringify({ Objects: [{ Key: 'odd/plain' }, { Key: 'never there' }] })]);

  proxy.label('aws-cli-v2 (presigned)');
  const url = (await cli.as(root, ['s3', 'presign', `s3://${bucket}/${odd}`, '--expires-in', '600'])).trim();
  const got = await fetch(url);
  if (got.status !== 200) throw new Error(`CLI v2 presigned URL: ${got.status} ${await got.text()}`);
  await got.arrayBuffer();

  proxy.label('aws-cli-v2 (user)');
  const assumed = JSON.parse(await cli.as(o.user, ['sts', 'assume-role', '--role-arn', o.roleArn, '--role-session-name', 'cli-v2', '--duration-seconds', '900', '--tags', 'Key=team,Value=x y'])) as
    { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
  const session: Credentials = { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken };

  proxy.label('aws-cli-v2 (session)');
  await cli.as(session, ['sts', 'get-caller-identity']);
  await cli.as(session, ['iam', 'list-roles', '--path-prefix', '/']);
  await cli.as(session, ['s3api', 'list-buckets']);
  await cli.as(session, ['s3api', 'create-bucket', '--bucket', `${bucket}-session`]);
  await cli.as(session, ['s3api', 'put-object', '--bucket', `${bucket}-session`, '--key', 'by session', '--body', body]);
  await cli.as(session, ['s3api', 'head-object', '--bucket', `${bucket}-session`, '--key', 'by session']);
  // A session's presigned URL carries its token in X-Amz-Security-Token.
  proxy.label('aws-cli-v2 (presigned)');
  const tokenUrl = (await cli.as(session, ['s3', 'presign', `s3://${bucket}-session/by session`, '--expires-in', '300'])).trim();
  const byToken = await fetch(tokenUrl);
  if (byToken.status !== 200) throw new Error(`CLI v2 presigned URL of a session: ${byToken.status} ${await byToken.text()}`);
  await byToken.arrayBuffer();
}
