/**
 * Object bytes on disk: DATA_DIR/objects/tmp for uploads in flight,
 * DATA_DIR/objects/data for committed files, each under a fresh random name
 * so a rename never replaces a file a row still names. Order of a write:
 * stream to tmp, fsync, rename into data, commit the row; a crash between
 * leaves only unreferenced files, which the sweep at first use removes.
 * Files a commit made unreferenced are unlinked after it.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, closeSync, createReadStream, mkdirSync, openSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { Db } from '../../store/db.js';
import { objectsOf, type Segment } from '../../store/objects.js';

export class ObjectFiles {
  readonly tmp: string;
  readonly data: string;
  constructor(readonly root: string) {
    this.tmp = join(root, 'tmp');
    this.data = join(root, 'data');
    mkdirSync(this.tmp, { recursive: true });
    mkdirSync(this.data, { recursive: true });
  }
  newTemp(): string { return join(this.tmp, randomUUID()); }
  /** Moves a staged file into place; returns its name for the row. */
  adopt(tmpPath: string): string {
    const name = randomUUID();
    renameSync(tmpPath, join(this.data, name));
    return name;
  }
  /** A committed copy of an existing file (CopyObject). */
  copy(name: string): string {
    const to = randomUUID();
    copyFileSync(join(this.data, name), join(this.data, to));
    return to;
  }
  path(name: string): string { return join(this.data, name); }
  unlink(names: Iterable<string>): void {
    for (const n of names) try { unlinkSync(join(this.data, n)); } catch { /* already gone */ }
  }
  discardTemp(path: string): void {
    try { unlinkSync(path); } catch { /* never written */ }
  }
  /**
   * The bytes [start, end] of an object made of segments, as one stream. The
   * files are opened now, so a delete committed meanwhile cannot take them away.
   */
  read(segments: Segment[], start: number, end: number): Readable {
    const opened: Array<{ fd: number; from: number; to: number }> = [];
    let offset = 0;
    for (const s of segments) {
      const segStart = offset, segEnd = offset + s.n - 1;
      offset += s.n;
      if (s.n === 0 || segEnd < start || segStart > end) continue;
      opened.push({ fd: openSync(join(this.data, s.f), 'r'), from: Math.max(start, segStart) - segStart, to: Math.min(end, segEnd) - segStart });
    }
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    (async () => {
      // Each fd is closed exactly once: by its read stream once handed over, else here.
      let handed = 0;
      try {
        for (const o of opened) {
          handed++;
          const rs = createReadStream('', { fd: o.fd, start: o.from, end: o.to, autoClose: true, highWaterMark: 1 << 20 });
          try {
            for await (const chunk of rs) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
          } finally { rs.destroy(); }
        }
        out.end();
      } catch (e) {
        out.destroy(e as Error);
      } finally {
        for (const o of opened.slice(handed)) try { closeSync(o.fd); } catch { /* already closed */ }
      }
    })();
    return out;
  }
}

const byDb = new WeakMap<Db, ObjectFiles>();

/**
 * The object files beside a store's database. The first use sweeps files no row names (crash
 * leftovers) unless told not to: a helper process must not, while the main process has uploads in flight.
 */
export function filesOf(db: Db, opts: { sweep?: boolean } = {}): ObjectFiles {
  let f = byDb.get(db);
  if (f) return f;
  const root = db.name === ':memory:' || !db.name ? join(tmpdir(), `gatehouse-objects-${process.pid}`) : join(dirname(db.name), 'objects');
  f = new ObjectFiles(root);
  if (opts.sweep ?? true) {
    rmSync(f.tmp, { recursive: true, force: true });
    mkdirSync(f.tmp, { recursive: true });
    unlinkUnreferenced(db, f);
  }
  byDb.set(db, f);
  return f;
}

/** Unlinks the committed files no row names (crash leftovers at start; after a reset, what the reset dropped). */
export function unlinkUnreferenced(db: Db, files: ObjectFiles = filesOf(db, { sweep: false })): void {
  const live = objectsOf(db).allFiles();
  for (const name of readdirSync(files.data)) if (!live.has(name)) files.unlink([name]);
}

/** Files to unlink once the request's transaction has committed, by request id. */
const pending = new Map<string, { files: ObjectFiles; onCommit: string[]; onRollback: string[] }>();
function entry(requestId: string, files: ObjectFiles) {
  let p = pending.get(requestId);
  if (!p) pending.set(requestId, (p = { files, onCommit: [], onRollback: [] }));
  return p;
}
/** Files the request's rows stop naming: gone once it commits. */
export function unlinkAfterCommit(requestId: string, files: ObjectFiles, names: string[]): void {
  if (names.length) entry(requestId, files).onCommit.push(...names);
}
/** Files the request adopted: gone if it rolls back. */
export function unlinkOnRollback(requestId: string, files: ObjectFiles, names: string[]): void {
  if (names.length) entry(requestId, files).onRollback.push(...names);
}
/** Called by the pipeline once the request's transaction has committed or rolled back. */
export function settleRequest(requestId: string, committed: boolean): void {
  const p = pending.get(requestId);
  if (!p) return;
  pending.delete(requestId);
  p.files.unlink(committed ? p.onCommit : p.onRollback);
}
