/**
 * What the processes serving one data dir tell each other. Each process
 * keeps reads in memory (credentials, policies), its own clock offset and the
 * decisions it has not yet written to the log; SQLite is shared. A write that makes such memory stale is
 * told to every other process before its client gets the answer, so no later
 * request, on any process, sees the old state.
 */
export type Change =
  /** keys, users, roles or policies changed: drop what was read */
  | { kind: 'forget-reads' }
  /** the test clock moved */
  | { kind: 'clock'; offsetSeconds: number }
  /** an operation created accounts (Organizations' CreateAccount): the main process writes their profiles */
  | { kind: 'accounts-created' }
  /** the store went back to its snapshot (a test's reset): new session key, real time, nothing read or recorded kept */
  | { kind: 'reset' };

export interface Peers {
  /** Tells every other process; resolves once each has applied it (or has not answered within a second). */
  broadcast(change: Change): Promise<void>;
  /** Has every other process write the decisions it recorded to the store; resolves once each has (or has not answered within a second). */
  flushDecisions(): Promise<void>;
}

/** Messages on the IPC channel between the main process and a helper. */
export type Message =
  | { t: 'connection'; id: number }
  | { t: 'took'; id: number }
  | { t: 'lost'; id: number }
  | { t: 'ready' }
  | { t: 'closed' }
  | { t: 'change'; id: number; change: Change }
  | { t: 'applied'; id: number }
  | { t: 'flush-decisions'; id: number }
  | { t: 'flushed'; id: number };

/** Replies matched to questions by id, each given up on after timeoutMs. */
export class Pending<T> {
  private next = 0;
  private waiting = new Map<number, (value: T | undefined) => void>();

  ask(send: (id: number) => boolean, timeoutMs: number): Promise<T | undefined> {
    const id = ++this.next;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answer(id, undefined), timeoutMs);
      timer.unref();
      this.waiting.set(id, (v) => { clearTimeout(timer); resolve(v); });
      if (!send(id)) this.answer(id, undefined);
    });
  }

  answer(id: number, value: T | undefined): void {
    const done = this.waiting.get(id);
    if (!done) return;
    this.waiting.delete(id);
    done(value);
  }
}

export const REPLY_TIMEOUT_MS = 1000;
