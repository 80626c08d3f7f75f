/**
 * Resolved long-term credentials (secret and principal) by access key id,
 * so a busy key is not read from SQLite on every request. The server clears
 * it after every operation that may write, which covers every way a key or
 * its user can change (deactivate, delete, rename). Sessions are not cached:
 * their token is checked on every request anyway.
 */
import type { Principal } from '../services/principal.js';

export interface CachedCredential { secret: string; principal: Principal }

export class CredentialCache {
  private entries = new Map<string, CachedCredential>();
  constructor(private readonly capacity = 10_000) {}

  get(accessKeyId: string): CachedCredential | undefined {
    return this.entries.get(accessKeyId);
  }

  set(accessKeyId: string, entry: CachedCredential): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(accessKeyId, entry);
  }

  clear(): void {
    if (this.entries.size > 0) this.entries = new Map();
  }
}
