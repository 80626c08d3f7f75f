/** SSH public keys of IAM users (CodeCommit's): upload, get, list, activate/deactivate, delete. */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { AwsError, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { newCredentialId } from '../../core/ids.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { SshPublicKeyRow } from '../../store/user-credentials.js';
import { namedOrCallingUser, namedOrCallingUserArn } from './caller-user.js';
import { requireUser, toDate } from './names.js';
import { paginate } from './paginate.js';

/** "IAM and AWS STS quotas": 5 SSH public keys per user. */
const MAX_KEYS = 5;

const unrecognized = () => new AwsError('UnrecognizedPublicKeyEncoding',
  'The request was rejected because the public key encoding format is unsupported or unrecognized.', 400);

/**
 * The key as node:crypto reads it, and its OpenSSH wire blob. AWS takes
 * ssh-rsa keys, in OpenSSH or PEM form, of at least 2,048 bits (UploadSSHPublicKey, IAM API Reference).
 */
function parseKey(body: string): { key: KeyObject; blob: Buffer } {
  const text = body.trim();
  let key: KeyObject;
  if (text.startsWith('-----BEGIN')) {
    try { key = createPublicKey(text); } catch { throw unrecognized(); }
  } else {
    const [type, b64] = text.split(/\s+/);
    if (type !== 'ssh-rsa' || !b64) throw unrecognized();
    const fields = readSshFields(Buffer.from(b64, 'base64'));
    if (fields?.length !== 3 || fields[0].toString() !== 'ssh-rsa') throw unrecognized();
    const unsigned = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');
    try { key = createPublicKey({ key: { kty: 'RSA', e: unsigned(fields[1]), n: unsigned(fields[2]) }, format: 'jwk' }); } catch { throw unrecognized(); }
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < 2048)
    throw new AwsError('InvalidPublicKey', 'The request was rejected because the public key is malformed or otherwise invalid.', 400);
  const jwk = key.export({ format: 'jwk' });
  const mpint = (b64: string) => { const b = Buffer.from(b64, 'base64url'); return b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b; };
  return { key, blob: Buffer.concat([sshField(Buffer.from('ssh-rsa')), sshField(mpint(jwk.e!)), sshField(mpint(jwk.n!))]) };
}

function readSshFields(buf: Buffer): Buffer[] | undefined {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length;) {
    if (at + 4 > buf.length) return undefined;
    const n = buf.readUInt32BE(at);
    if (at + 4 + n > buf.length) return undefined;
    out.push(buf.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

function sshField(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** IAM shows the MD5 fingerprint of the key, as colon-separated hex. */
const fingerprintOf = (blob: Buffer) => createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');

function requireKey(ctx: RequestContext, user: string, id: string): SshPublicKeyRow {
  const k = ctx.store.sshPublicKeys.get(ctx.account, id);
  if (!k || k.user_name.toLowerCase() !== user.toLowerCase()) throw noSuchEntity(`The Public Key with id ${id} cannot be found.`);
  return k;
}

const metadata = (k: SshPublicKeyRow) => ({ UserName: k.user_name, SSHPublicKeyId: k.id, Status: k.status, UploadDate: toDate(k.uploaded_at) });

export const sshKeyOperations: OperationTable = {
  UploadSSHPublicKey: {
    action: 'iam:UploadSSHPublicKey', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = requireUser(ctx.store, ctx.account, i.UserName).name;
      const { blob } = parseKey(i.SSHPublicKeyBody);
      const fingerprint = fingerprintOf(blob);
      const existing = ctx.store.sshPublicKeys.forUser(ctx.account, user);
      if (existing.some((k) => k.fingerprint === fingerprint))
        throw new AwsError('DuplicateSSHPublicKey', 'The request was rejected because the SSH public key is already associated with the specified IAM user.', 400);
      if (existing.length >= MAX_KEYS) throw limitExceeded(`Cannot exceed quota for KeysPerUser: ${MAX_KEYS}`);
      const row: SshPublicKeyRow = {
        id: newCredentialId('APKA', 20), account_id: ctx.account, user_name: user, body: i.SSHPublicKeyBody.trim(),
        fingerprint, status: 'Active', uploaded_at: ctx.clock.now().toISOString(),
      };
      ctx.store.sshPublicKeys.insert(row);
      return { SSHPublicKey: { ...metadata(row), Fingerprint: fingerprint, SSHPublicKeyBody: row.body } };
    },
  },
  GetSSHPublicKey: {
    action: 'iam:GetSSHPublicKey', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const k = requireKey(ctx, requireUser(ctx.store, ctx.account, i.UserName).name, i.SSHPublicKeyId);
      const body = i.Encoding === 'PEM' ? (parseKey(k.body).key.export({ format: 'pem', type: 'spki' }) as string) : k.body;
      return { SSHPublicKey: { ...metadata(k), Fingerprint: k.fingerprint, SSHPublicKeyBody: body } };
    },
  },
  ListSSHPublicKeys: {
    action: 'iam:ListSSHPublicKeys', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = namedOrCallingUser(i, ctx);
      const page = paginate(user === null ? [] : ctx.store.sshPublicKeys.forUser(ctx.account, user), i);
      return { SSHPublicKeys: page.items.map(metadata), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  UpdateSSHPublicKey: {
    action: 'iam:UpdateSSHPublicKey', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const k = requireKey(ctx, requireUser(ctx.store, ctx.account, i.UserName).name, i.SSHPublicKeyId);
      ctx.store.sshPublicKeys.update(ctx.account, k.id, { status: i.Status });
    },
  },
  DeleteSSHPublicKey: {
    action: 'iam:DeleteSSHPublicKey', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const k = requireKey(ctx, requireUser(ctx.store, ctx.account, i.UserName).name, i.SSHPublicKeyId);
      ctx.store.sshPublicKeys.delete(ctx.account, k.id);
    },
  },
};
