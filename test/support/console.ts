/** A minimal browser stand-in for the console API: keeps the session cookie, sends the console's header. */
export class ConsoleClient {
  cookie?: string;
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
    const res = await fetch(`${this.base}/console/api/${path}`, {
      method,
      headers: {
        'x-gatehouse-console': '1',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    let json: any = text;
    try { json = JSON.parse(text); } catch { /* not JSON: kept as text */ }
    return { status: res.status, json, headers: res.headers };
  }
  get(path: string) { return this.request('GET', path); }
  post(path: string, body: unknown = {}) { return this.request('POST', path, body); }

  async signIn(account: string, userName: string, password: string, extra: Record<string, string> = {}) {
    return this.post('signin', { account, userName, password, ...extra });
  }
}
