/**
 * A helper process: serves the connections the main process hands it, on the
 * same data dir, and applies the changes other processes tell it of. It
 * exits when the main process goes (its IPC channel closes), so a killed
 * server leaves no helper behind for long.
 */
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { limitsWith, type Limits } from '../limits.js';
import { createHttpServer } from '../start.js';
import { applyChange, openRuntime, type Runtime } from '../runtime.js';
import { Pending, REPLY_TIMEOUT_MS, type Change, type Message, type Peers } from './peers.js';

export interface HelperOptions {
  dataDir: string;
  onRequest?: Runtime['onRequest'];
  limits?: Partial<Limits>;
  decisionLogSize?: number;
}

/** This helper's side of the channel: its changes and questions go to the main process, which relays them. */
class LinkToMain implements Peers {
  private applied = new Pending<true>();
  private flushed = new Pending<true>();

  constructor(private readonly rt: Runtime) {}

  async broadcast(change: Change): Promise<void> {
    await this.applied.ask((id) => send({ t: 'change', id, change }), REPLY_TIMEOUT_MS);
  }

  async flushDecisions(): Promise<void> {
    await this.flushed.ask((id) => send({ t: 'flush-decisions', id }), REPLY_TIMEOUT_MS);
  }

  receive(m: Message): void {
    if (m.t === 'applied') this.applied.answer(m.id, true);
    else if (m.t === 'flushed') this.flushed.answer(m.id, true);
    else if (m.t === 'change') {
      applyChange(this.rt, m.change);
      send({ t: 'applied', id: m.id });
    } else if (m.t === 'flush-decisions') {
      this.rt.decisions.flush();
      send({ t: 'flushed', id: m.id });
    }
  }
}

function send(m: Message): boolean {
  if (!process.send || !process.connected) return false;
  return process.send(m, undefined, () => { /* a closing channel: the disconnect handler ends this process */ });
}

export function runHelper(opts: HelperOptions): void {
  if (!process.send) throw new Error('serve-helper runs only as a helper of `gatehouse serve`');
  process.umask(0o077);
  const rt = openRuntime(join(resolve(opts.dataDir), 'gatehouse.db'), { decisionLogSize: opts.decisionLogSize });
  rt.onRequest = opts.onRequest;
  const link = new LinkToMain(rt);
  rt.peers = link;
  // The main process swept crash leftovers before it started helpers; a sweep here could take its uploads in flight.
  const server = createHttpServer(rt, limitsWith(opts.limits), { connectionsHandedIn: true, sweepObjectFiles: false });
  process.on('message', (m: Message, socket?: Socket) => {
    if (m.t === 'connection') {
      // Without its socket (lost on the way), the main process serves the connection from its copy.
      send(socket ? { t: 'took', id: m.id } : { t: 'lost', id: m.id });
      if (!socket) return;
      socket.once('close', () => send({ t: 'closed' }));
      // A socket made from a handed-in handle does not allow half-open, as http.Server's own do (see createHttpServer).
      socket.allowHalfOpen = true;
      server.emit('connection', socket);
      socket.resume();
    } else {
      link.receive(m);
    }
  });
  // Ending, it writes the decisions it recorded and has not yet logged.
  const exit = () => { rt.decisions.flush(); process.exit(0); };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
  // Ctrl-C reaches the whole process group: the main process ends its helpers itself, after its own cleanup.
  process.on('SIGINT', () => {});
  send({ t: 'ready' });
}
