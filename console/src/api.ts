/** Calls to the console API: JSON in and out, the console's header on every call, AWS's errors kept as they are. */

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; raw?: Blob; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { 'x-gatehouse-console': '1', accept: 'application/json' };
  let body: BodyInit | undefined;
  if (init.raw !== undefined) {
    body = init.raw;
    headers['content-type'] = init.contentType || 'application/octet-stream';
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`/console/api/${path}`, { method: init.method ?? 'GET', headers, body, credentials: 'same-origin' });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try { json = text ? JSON.parse(text) : {}; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const { code, message, ...extra } = json as { code?: string; message?: string };
    throw new ApiError(code ?? `HTTP${res.status}`, message ?? res.statusText, res.status, extra);
  }
  return json as T;
}

export interface Identity {
  signedIn: { type: 'User' | 'Root'; account: string; accountLabel: string; arn: string; userName?: string; mfa: boolean };
  role?: { account: string; accountLabel: string; accountAsTyped: string; roleName: string; roleArn: string; arn: string; displayName: string; color: string; expiresAt: string };
  expiresAt: string;
}

export const qs = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
