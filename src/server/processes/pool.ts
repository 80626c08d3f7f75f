/**
 * The main process of a multi-process server: it accepts every connection
 * and serves it itself or hands it to the helper with the fewest open
 * connections (one Node process uses one core; SQLite's WAL lets several
 * processes share the data dir). It also relays what one process tells the
 * others (see peers.ts), and counts connections across all of them, so the
 * connection limit holds for the server as a whole.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import { applyChange, type Runtime } from '../runtime.js';
import { Pending, REPLY_TIMEOUT_MS, type Change, type Message, type Peers } from './peers.js';

/** How to start a helper: a module that runs `runHelper`, with its arguments. */
export interface HelperLaunch { modulePath: string; args: string[]; execArgv: string[] }

interface Helper {
  child: ChildProcess;
  ready: boolean;
  /** connections handed to it and not yet closed */
  open: number;
  /** connections handed to it that it has not yet said it took: this process still holds them */
  handing: Map<number, Socket>;
}

const RESPAWN_DELAY_MS = 1000;
const HELPER_START_DELAY_MS = 500;
const MAX_FAILED_STARTS = 3;

export class ProcessPool implements Peers {
  private helpers: Helper[] = [];
  private localOpen = 0;
  private handoffs = 0;
  private failedStarts = 0;
  private closing = false;
  private applied = new Pending<true>();
  private flushed = new Pending<true>();

  constructor(
    private readonly rt: Runtime,
    private readonly http: Server,
    private readonly maxConnections: number,
    private readonly launch: HelperLaunch,
  ) {}

  /**
   * Takes the listener's connections (it must pause them on connect) and starts count helpers a
   * moment later: this process answers at once, and the helpers' own start (a few hundred ms of CPU
   * each) does not compete with its first requests.
   */
  start(listener: NetServer, count: number): void {
    listener.on('connection', (socket: Socket) => this.take(socket));
    setTimeout(() => { for (let i = 0; i < count && !this.closing; i++) this.spawn(); }, HELPER_START_DELAY_MS).unref();
  }

  /** Helpers ready to take connections. */
  get readyHelpers(): number {
    return this.helpers.filter((h) => h.ready).length;
  }

  private spawn(): void {
    const child = fork(this.launch.modulePath, this.launch.args, { execArgv: this.launch.execArgv, stdio: 'inherit' });
    const h: Helper = { child, ready: false, open: 0, handing: new Map() };
    this.helpers.push(h);
    child.on('message', (m: Message) => this.receive(h, m));
    child.on('error', () => { /* reported by 'exit' */ });
    child.on('exit', (code, signal) => {
      this.helpers = this.helpers.filter((x) => x !== h);
      // Connections it never took are still whole here, not yet read: this process serves them.
      for (const socket of h.handing.values()) if (!socket.destroyed) this.serveHere(socket);
      h.handing.clear();
      if (this.closing) return;
      // One that never got ready (it could not open the data dir, say) would fail again: after a few, stop trying.
      this.failedStarts = h.ready ? 0 : this.failedStarts + 1;
      if (this.failedStarts >= MAX_FAILED_STARTS) {
        process.stderr.write(`gatehouse: helper processes keep ending before they start (${signal ?? `exit ${code}`}); serving without them\n`);
        return;
      }
      process.stderr.write(`gatehouse: a helper process ended (${signal ?? `exit ${code}`}); starting another\n`);
      setTimeout(() => { if (!this.closing) this.spawn(); }, RESPAWN_DELAY_MS).unref();
    });
  }

  private take(socket: Socket): void {
    const open = this.localOpen + this.helpers.reduce((n, h) => n + h.open, 0);
    if (open >= this.maxConnections) {
      socket.destroy();
      return;
    }
    let target: Helper | undefined;
    let fewest = this.localOpen;
    for (const h of this.helpers) if (h.ready && h.open < fewest) { target = h; fewest = h.open; }
    if (!target) return this.serveHere(socket);
    const h = target;
    h.open++;
    // This process keeps its copy of the connection until the helper says it took it: a helper that
    // ends before then would otherwise take the connection with it, unanswered.
    const id = ++this.handoffs;
    h.handing.set(id, socket);
    h.child.send({ t: 'connection', id } satisfies Message, socket, { keepOpen: true }, (err) => {
      if (!err || !h.handing.delete(id)) return;
      h.open--;
      if (!socket.destroyed) this.serveHere(socket);
    });
  }

  private serveHere(socket: Socket): void {
    this.localOpen++;
    socket.once('close', () => { this.localOpen--; });
    this.http.emit('connection', socket);
    socket.resume();
  }

  private receive(from: Helper, m: Message): void {
    switch (m.t) {
      case 'ready': from.ready = true; break;
      // Closing this process's copy leaves the helper's open: no FIN, the connection goes on there.
      case 'took': takeBack(from, m.id)?.destroy(); break;
      case 'lost': {
        const socket = takeBack(from, m.id);
        from.open = Math.max(0, from.open - 1);
        if (socket && !socket.destroyed) this.serveHere(socket);
        break;
      }
      case 'closed': from.open = Math.max(0, from.open - 1); break;
      case 'applied': this.applied.answer(m.id, true); break;
      case 'flushed': this.flushed.answer(m.id, true); break;
      case 'change':
        applyChange(this.rt, m.change);
        this.tellHelpers(m.change, from).then(() => sendTo(from, { t: 'applied', id: m.id }));
        break;
      case 'flush-decisions':
        this.rt.decisions.flush();
        this.flushHelpers(from).then(() => sendTo(from, { t: 'flushed', id: m.id }));
        break;
    }
  }

  private tellHelpers(change: Change, except?: Helper): Promise<void> {
    return this.askHelpers(this.applied, (id) => ({ t: 'change', id, change }), except);
  }

  private flushHelpers(except?: Helper): Promise<void> {
    return this.askHelpers(this.flushed, (id) => ({ t: 'flush-decisions', id }), except);
  }

  /** Sends every ready helper (but except) the message and waits for each one's answer, or its timeout. */
  private async askHelpers(answers: Pending<true>, message: (id: number) => Message, except?: Helper): Promise<void> {
    await Promise.all(this.helpers.filter((h) => h !== except && h.ready).map((h) =>
      answers.ask((id) => sendTo(h, message(id)), REPLY_TIMEOUT_MS)));
  }

  broadcast(change: Change): Promise<void> {
    return this.tellHelpers(change);
  }

  flushDecisions(): Promise<void> {
    return this.flushHelpers();
  }

  /** Ends every helper (each closes its connections as it exits). */
  close(): void {
    this.closing = true;
    for (const h of this.helpers) h.child.kill('SIGTERM');
  }
}

/** This process's copy of a connection handed to h, no longer waiting for h's answer. */
function takeBack(h: Helper, id: number): Socket | undefined {
  const socket = h.handing.get(id);
  h.handing.delete(id);
  return socket;
}

function sendTo(h: Helper, m: Message): boolean {
  if (!h.child.connected) return false;
  return h.child.send(m, (err) => { if (err) { /* the helper is going: its exit handler takes it out */ } });
}
