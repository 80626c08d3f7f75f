import { prepared, type Db } from './db.js';

/** Server-wide settings that must survive restarts (the session-token key). */
export class Meta {
  constructor(private db: Db) {}
  get(key: string): string | undefined {
    return (prepared(this.db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }
  set(key: string, value: string): void {
    prepared(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
