import { prepared, type Db } from './db.js';

export interface OidcProviderRow {
  arn: string; account_id: string;
  /** host and path, without https:// */
  url: string;
  client_ids: string[]; thumbprints: string[]; created_at: string;
}
type Stored = Omit<OidcProviderRow, 'client_ids' | 'thumbprints'> & { client_ids: string; thumbprints: string };

const decode = (r: Stored | undefined): OidcProviderRow | undefined =>
  r && { ...r, client_ids: JSON.parse(r.client_ids), thumbprints: JSON.parse(r.thumbprints) };

/** OpenID Connect identity providers, the issuers STS's AssumeRoleWithWebIdentity trusts. */
export class OidcProviders {
  constructor(private db: Db) {}
  get(arn: string): OidcProviderRow | undefined {
    return decode(prepared(this.db, 'SELECT * FROM oidc_providers WHERE arn = ?').get(arn) as Stored | undefined);
  }
  list(account: string): OidcProviderRow[] {
    return (prepared(this.db, 'SELECT * FROM oidc_providers WHERE account_id = ? ORDER BY arn').all(account) as Stored[]).map((r) => decode(r)!);
  }
  insert(row: OidcProviderRow): void {
    prepared(this.db, `INSERT INTO oidc_providers (arn, account_id, url, client_ids, thumbprints, created_at)
      VALUES (@arn, @account_id, @url, @client_ids, @thumbprints, @created_at)`)
      .run({ ...row, client_ids: JSON.stringify(row.client_ids), thumbprints: JSON.stringify(row.thumbprints) });
  }
  update(arn: string, changes: { client_ids?: string[]; thumbprints?: string[] }): void {
    const cur = this.get(arn);
    if (!cur) return;
    prepared(this.db, 'UPDATE oidc_providers SET client_ids = ?, thumbprints = ? WHERE arn = ?')
      .run(JSON.stringify(changes.client_ids ?? cur.client_ids), JSON.stringify(changes.thumbprints ?? cur.thumbprints), arn);
  }
  delete(arn: string): void {
    prepared(this.db, 'DELETE FROM oidc_providers WHERE arn = ?').run(arn);
  }
}
