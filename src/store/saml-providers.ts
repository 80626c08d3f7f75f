import { prepared, type Db } from './db.js';

export interface SamlProviderRow {
  arn: string; account_id: string; name: string; uuid: string; metadata: string; created_at: string; valid_until: string;
}

/** SAML 2.0 identity providers, the issuers STS's AssumeRoleWithSAML trusts. */
export class SamlProviders {
  constructor(private db: Db) {}
  get(arn: string): SamlProviderRow | undefined {
    return prepared(this.db, 'SELECT * FROM saml_providers WHERE arn = ?').get(arn) as SamlProviderRow | undefined;
  }
  list(account: string): SamlProviderRow[] {
    return prepared(this.db, 'SELECT * FROM saml_providers WHERE account_id = ? ORDER BY arn').all(account) as SamlProviderRow[];
  }
  insert(row: SamlProviderRow): void {
    prepared(this.db, `INSERT INTO saml_providers (arn, account_id, name, uuid, metadata, created_at, valid_until)
      VALUES (@arn, @account_id, @name, @uuid, @metadata, @created_at, @valid_until)`).run(row);
  }
  update(arn: string, metadata: string, validUntil: string): void {
    prepared(this.db, 'UPDATE saml_providers SET metadata = ?, valid_until = ? WHERE arn = ?').run(metadata, validUntil, arn);
  }
  delete(arn: string): void {
    prepared(this.db, 'DELETE FROM saml_providers WHERE arn = ?').run(arn);
  }
}
