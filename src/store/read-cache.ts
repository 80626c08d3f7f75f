/**
 * A cache of what requests read most (resolved credentials, the policies of
 * a principal, Store.cached's reads), valid until the next operation that may
 * change it: the server clears every ReadCache after such an operation (IAM
 * writes, bucket creation and deletion), which covers every way a key, a user,
 * a role, a policy or an account's bucket list can change. What another process writes
 * to the data dir (`gatehouse accounts create`) only adds keys, which a
 * cache miss finds.
 */
export class ReadCache<T> {
  private entries = new Map<string, T>();
  constructor(private readonly capacity = 10_000) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    if (this.entries.size > 0) this.entries = new Map();
  }
}
