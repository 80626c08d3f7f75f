/**
 * The credential report: one CSV line per user (the root first) with the
 * state of its password, MFA, access keys and signing certificates, in the
 * columns and value spellings of the IAM User Guide's "Getting credential
 * reports". A report is generated at most every four hours and expires
 * after four hours, as AWS's does.
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { toDate } from './names.js';

const FOUR_HOURS_MS = 4 * 3600 * 1000;

export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation',
  'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/** The report's dates: ISO 8601 with +00:00, e.g. 2014-08-14T22:25:30+00:00. */
const when = (iso: string | null | undefined) => (iso ? iso.replace(/\.\d{3}Z$|Z$/, '+00:00') : 'N/A');

function keyColumns(keys: { status: string; created_at: string; last_used_at: string | null; last_used_region: string | null; last_used_service: string | null }[]) {
  const out: string[] = [];
  for (const k of [keys[0], keys[1]]) {
    if (!k) { out.push('false', 'N/A', 'N/A', 'N/A', 'N/A'); continue; }
    out.push(String(k.status === 'Active'), when(k.created_at), when(k.last_used_at), k.last_used_region ?? 'N/A', k.last_used_service ?? 'N/A');
  }
  return out;
}

function certColumns(certs: { status: string; uploaded_at: string }[]) {
  return [certs[0], certs[1]].flatMap((c) => (c ? [String(c.status === 'Active'), when(c.uploaded_at)] : ['false', 'N/A']));
}

function nextRotation(changedAt: string, maxAgeDays: number | undefined): string {
  if (!maxAgeDays) return 'N/A';
  return when(new Date(Date.parse(changedAt) + maxAgeDays * 86400_000).toISOString());
}

export function credentialReportCsv(ctx: RequestContext): string {
  const s = ctx.store;
  const account = s.accounts.byId(ctx.account);
  const rows = [CREDENTIAL_REPORT_COLUMNS];
  rows.push([
    '<root_account>', `arn:aws:iam::${ctx.account}:root`, when(account?.created_at), 'not_supported', 'no_information', 'not_supported', 'not_supported',
    'false', ...keyColumns(s.accessKeys.forUser(ctx.account, null)), 'false', 'N/A', 'false', 'N/A',
  ]);
  const maxAge = s.passwordPolicies.get(ctx.account)?.MaxPasswordAge;
  for (const u of s.users.list(ctx.account)) {
    const login = s.loginProfiles.get(ctx.account, u.name);
    rows.push([
      u.name, u.arn, when(u.created_at),
      String(login !== undefined),
      login ? (login.password_last_used ? when(login.password_last_used) : 'no_information') : 'N/A',
      login ? when(login.password_changed_at) : 'N/A',
      login ? nextRotation(login.password_changed_at, maxAge) : 'N/A',
      String(s.mfaDevices.forUser(ctx.account, u.name).length > 0),
      ...keyColumns(s.accessKeys.forUser(ctx.account, u.name)),
      ...certColumns(s.signingCertificates.forUser(ctx.account, u.name)),
    ]);
  }
  return rows.map((r) => r.join(',')).join('\n');
}

export const credentialReportOperations: OperationTable = {
  GenerateCredentialReport: {
    action: 'iam:GenerateCredentialReport',
    handle(_i, ctx) {
      const now = ctx.clock.now();
      const last = ctx.store.credentialReports.get(ctx.account);
      if (last && now.getTime() - Date.parse(last.generated_at) < FOUR_HOURS_MS) return { State: 'COMPLETE' };
      // Generation is immediate here; AWS's first answer still says STARTED.
      ctx.store.credentialReports.put({ account_id: ctx.account, generated_at: now.toISOString(), content: credentialReportCsv(ctx) });
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    },
  },
  GetCredentialReport: {
    action: 'iam:GetCredentialReport',
    handle(_i, ctx) {
      const last = ctx.store.credentialReports.get(ctx.account);
      if (!last) throw new AwsError('ReportNotPresent', 'Credential report not present. Use GenerateCredentialReport to generate a report.', 410);
      if (ctx.clock.now().getTime() - Date.parse(last.generated_at) >= FOUR_HOURS_MS)
        throw new AwsError('ReportExpired', 'Credential report has expired. Use GenerateCredentialReport to generate a new report.', 410);
      return { Content: Buffer.from(last.content, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: toDate(last.generated_at) };
    },
  },
};
