import { prepared, type Db } from './db.js';

/**
 * Which STS operation made the session: a role session, a GetSessionToken session (of a user or root), a federated user;
 * 'console': a web console sign-in of a user (user_name set) or root (user_name null).
 */
export type SessionKind = 'role' | 'user' | 'root' | 'federated' | 'console';

export interface SessionRow {
  access_key_id: string; account_id: string; secret: string;
  role_name: string; role_id: string; role_arn: string; session_name: string;
  issued_at: string; expires_at: string; chained: number; source_identity: string | null;
  kind: SessionKind;
  /** GetSessionToken / GetFederationToken: the IAM user the credentials were issued to */
  user_name: string | null;
  federated_name: string | null;
  /** when MFA was checked for this session (aws:MultiFactorAuthAge counts from here) */
  mfa_at: string | null;
  /** the inline session policy as passed */
  policy: string | null;
  /** JSON string[] of managed session policy ARNs */
  policy_arns: string | null;
  /** JSON Record<string,string>: session tags, incoming transitive ones included */
  tags: string | null;
  /** JSON string[]: keys passed on to chained sessions */
  transitive_tag_keys: string | null;
  /** JSON: the web identity token's provider and claims (AssumeRoleWithWebIdentity) */
  web_identity: string | null;
}

export type NewSession = Pick<SessionRow, 'access_key_id' | 'account_id' | 'secret' | 'issued_at' | 'expires_at' | 'kind'> & Partial<SessionRow>;

const COLUMNS = ['access_key_id', 'account_id', 'secret', 'role_name', 'role_id', 'role_arn', 'session_name', 'issued_at', 'expires_at', 'chained',
  'source_identity', 'kind', 'user_name', 'federated_name', 'mfa_at', 'policy', 'policy_arns', 'tags', 'transitive_tag_keys', 'web_identity'] as const;

const INSERT = `INSERT INTO sessions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

const DEFAULTS = {
  role_name: '', role_id: '', role_arn: '', session_name: '', chained: 0, source_identity: null, user_name: null, federated_name: null,
  mfa_at: null, policy: null, policy_arns: null, tags: null, transitive_tag_keys: null, web_identity: null,
};

/** A whole session row from what was given; the columns not given take their defaults. */
export function completeSession(row: NewSession): SessionRow {
  return { ...DEFAULTS, ...row } as SessionRow;
}

/**
 * Temporary credentials issued by STS before tokens carried their sessions
 * (src/auth/session-token.ts): older data dirs' sessions stay usable.
 */
export class Sessions {
  constructor(private db: Db) {}
  get(accessKeyId: string): SessionRow | undefined {
    return prepared(this.db, 'SELECT * FROM sessions WHERE access_key_id = ?').get(accessKeyId) as SessionRow | undefined;
  }
  insert(row: NewSession): void {
    // Positional parameters: binding twenty named ones costs more than the insert itself.
    const full: Record<string, unknown> = { ...DEFAULTS, ...row };
    prepared(this.db, INSERT).run(COLUMNS.map((c) => full[c] ?? (DEFAULTS as Record<string, unknown>)[c] ?? null));
  }
  /** Ends one session now (the web console's sign-out): its token is refused from then on. */
  delete(accessKeyId: string, expiresAtIso: string): void {
    prepared(this.db, 'DELETE FROM sessions WHERE access_key_id = ?').run(accessKeyId);
    prepared(this.db, 'INSERT OR REPLACE INTO revoked_sessions (access_key_id, expires_at) VALUES (?, ?)').run(accessKeyId, expiresAtIso);
  }
  isRevoked(accessKeyId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM revoked_sessions WHERE access_key_id = ?').get(accessKeyId) !== undefined;
  }
  /** Drops sessions (and revocations) that expired before the given time; they can never be used again. */
  purgeExpired(beforeIso: string): void {
    prepared(this.db, 'DELETE FROM sessions WHERE expires_at < ?').run(beforeIso);
    prepared(this.db, 'DELETE FROM revoked_sessions WHERE expires_at < ?').run(beforeIso);
  }
}
