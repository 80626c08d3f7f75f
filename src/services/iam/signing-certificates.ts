/** X.509 signing certificates of IAM users: upload, list, activate/deactivate, delete. */
import { X509Certificate } from 'node:crypto';
import { AwsError, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { newCredentialId } from '../../core/ids.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { SigningCertificateRow } from '../../store/user-credentials.js';
import { namedOrCallingUser, namedOrCallingUserArn } from './caller-user.js';
import { paginate } from './paginate.js';
import { toDate } from './names.js';

/** "IAM and AWS STS quotas": 2 signing certificates per user. */
const MAX_CERTIFICATES = 2;

const malformed = (why: string) => new AwsError('MalformedCertificate', why, 400);

/** The certificate parsed by node:crypto, refused as AWS refuses it when unreadable or out of its validity period. */
function checkCertificate(body: string, now: Date): X509Certificate {
  let cert: X509Certificate;
  try { cert = new X509Certificate(body.trim()); } catch { throw malformed('Unable to parse certificate. Please ensure the certificate is in PEM format.'); }
  if (new Date(cert.validTo) < now) throw malformed('Certificate is expired.');
  if (new Date(cert.validFrom) > now) throw malformed('Certificate is not yet valid.');
  return cert;
}

/** Certificate calls act on the named user or the calling one; this server keeps no root certificates. */
function certificateUser(i: Record<string, any>, ctx: RequestContext): string {
  const user = namedOrCallingUser(i, ctx);
  if (user === null) throw new AwsError('ValidationError', 'Gatehouse keeps no signing certificates for the root user; specify userName.', 400);
  return user;
}

function requireCertificate(ctx: RequestContext, user: string, id: string): SigningCertificateRow {
  const c = ctx.store.signingCertificates.get(ctx.account, id);
  if (!c || c.user_name.toLowerCase() !== user.toLowerCase()) throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
  return c;
}

const certificateOutput = (c: SigningCertificateRow) =>
  ({ UserName: c.user_name, CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: toDate(c.uploaded_at) });

export const signingCertificateOperations: OperationTable = {
  UploadSigningCertificate: {
    action: 'iam:UploadSigningCertificate', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = certificateUser(i, ctx);
      const cert = checkCertificate(i.CertificateBody, ctx.clock.now());
      const inAccount = ctx.store.signingCertificates.all(ctx.account);
      if (inAccount.some((c) => new X509Certificate(c.body).fingerprint256 === cert.fingerprint256))
        throw new AwsError('DuplicateCertificate', 'The request was rejected because the same certificate is associated with an IAM user in the account.', 409);
      if (inAccount.filter((c) => c.user_name.toLowerCase() === user.toLowerCase()).length >= MAX_CERTIFICATES)
        throw limitExceeded(`Cannot exceed quota for CertificatesPerUser: ${MAX_CERTIFICATES}`);
      const row: SigningCertificateRow = {
        id: newCredentialId('', 24), account_id: ctx.account, user_name: user, body: i.CertificateBody.trim(),
        status: 'Active', uploaded_at: ctx.clock.now().toISOString(),
      };
      ctx.store.signingCertificates.insert(row);
      return { Certificate: certificateOutput(row) };
    },
  },
  ListSigningCertificates: {
    action: 'iam:ListSigningCertificates', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = namedOrCallingUser(i, ctx);
      const page = paginate(user === null ? [] : ctx.store.signingCertificates.forUser(ctx.account, user), i);
      return { Certificates: page.items.map(certificateOutput), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  UpdateSigningCertificate: {
    action: 'iam:UpdateSigningCertificate', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const c = requireCertificate(ctx, certificateUser(i, ctx), i.CertificateId);
      ctx.store.signingCertificates.update(ctx.account, c.id, { status: i.Status });
    },
  },
  DeleteSigningCertificate: {
    action: 'iam:DeleteSigningCertificate', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const c = requireCertificate(ctx, certificateUser(i, ctx), i.CertificateId);
      ctx.store.signingCertificates.delete(ctx.account, c.id);
    },
  },
};
