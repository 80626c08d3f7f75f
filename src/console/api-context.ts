/** What each console API handler gets: the request, the signed-in session, and clients acting as the current identity. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../server/runtime.js';
import type { ConsoleSession, Creds } from './cookie-session.js';
import { clientsFor, type Clients } from './self-client.js';
import { ConsoleError, readJson } from './http.js';

export interface ApiContext {
  rt: Runtime;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** route parameters, decoded */
  params: string[];
  endpoint: string;
  session: ConsoleSession;
  /** the switched role's credentials, else the signed-in identity's */
  acting(): Creds;
  /** SDK clients signing with acting() */
  clients(): Promise<Clients>;
  body(): Promise<Record<string, unknown>>;
}

export function apiContext(rt: Runtime, req: IncomingMessage, res: ServerResponse, url: URL, endpoint: string, session: ConsoleSession, params: string[]): ApiContext {
  const acting = () => session.role?.creds ?? session.signedIn.creds;
  return {
    rt, req, res, url, params, endpoint, session, acting,
    clients: () => clientsFor(endpoint, acting()),
    body: () => readJson(req),
  };
}

export function query(c: ApiContext, name: string, required = true): string | undefined {
  const v = c.url.searchParams.get(name);
  if (v === null || v === '') {
    if (required) throw new ConsoleError('ValidationError', `${name} is required.`, 400);
    return undefined;
  }
  return v;
}
