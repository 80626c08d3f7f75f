/**
 * An http.Agent for many concurrent SDK requests that can say, at any
 * instant, how many of its requests are out on an open connection with no
 * answer yet: the writes "in flight" when a crash test kills the server.
 */
import { Agent, type AgentOptions, type ClientRequest } from 'node:http';

type AddRequest = (this: Agent, req: ClientRequest, options: unknown) => void;
// Node hands every request to its agent through addRequest (lib/_http_client.js); @types/node does not declare it.
const addRequest = (Agent.prototype as unknown as { addRequest: AddRequest }).addRequest;

export class CountingAgent extends Agent {
  private readonly unanswered = new Set<ClientRequest>();

  /** `sockets` connections at most, kept open between requests */
  constructor(sockets: number, options: AgentOptions = {}) {
    super({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, ...options });
  }

  addRequest(req: ClientRequest, options: unknown): void {
    this.unanswered.add(req);
    const done = () => this.unanswered.delete(req);
    req.once('response', done);
    req.once('close', done);
    req.once('error', done);
    addRequest.call(this, req, options);
  }

  /** requests sent on a connected socket and not answered yet */
  inFlight(): number {
    let n = 0;
    for (const req of this.unanswered) if (req.socket && !req.socket.connecting && !req.socket.destroyed) n++;
    return n;
  }

  /** requests given to the agent and not answered yet, including any still waiting for a socket */
  pending(): number {
    return this.unanswered.size;
  }
}
