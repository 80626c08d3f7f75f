/**
 * The console's built front end (vite build → dist/console-ui), served from
 * memory: hashed assets cached for a year, index.html for every other
 * console path (the app routes in the browser), a strict CSP on every page.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './http.js';

/** Scripts, styles and connections only from this origin; nothing may frame the console. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

interface Asset { body: Buffer; type: string }

/**
 * Where the build put the front end: beside the bundle (dist/gatehouse.cjs → dist/console-ui),
 * or, running from src/ (tests via tsx) or tsc's dist/console/, the repo's dist/console-ui.
 */
export function findAssetDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [process.env.GATEHOUSE_CONSOLE_DIR, join(here, 'console-ui'), join(here, '..', 'console-ui'), join(here, '..', '..', 'dist', 'console-ui')];
  return candidates.find((d): d is string => !!d && existsSync(join(d, 'index.html')));
}

function load(dir: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full).split(sep).join('/'), { body: readFileSync(full), type: TYPES[extname(name)] ?? 'application/octet-stream' });
    }
  };
  walk(dir);
  return files;
}

let cache: { dir: string; files: Map<string, Asset> } | undefined;

/** The files, read once; only names found in the build directory can ever be served, so no path leaves it. */
function assets(): Map<string, Asset> | undefined {
  const dir = findAssetDir();
  if (!dir) return undefined;
  if (cache?.dir !== dir) cache = { dir, files: load(dir) };
  return cache.files;
}

/** Answers GET/HEAD of /console/<rest>. */
export function serveStatic(res: ServerResponse, method: string, rest: string): void {
  const files = assets();
  if (!files) {
    const body = 'The web console is not built. Run `npm run build` (it runs `vite build`).\n';
    res.writeHead(503, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(method === 'HEAD' ? undefined : body);
    return;
  }
  let name: string;
  try { name = decodeURIComponent(rest); } catch { name = ''; }
  const file = files.get(name);
  // A missing asset is a 404; any other path is a page of the app.
  if (!file && name.startsWith('assets/')) {
    res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': '10' });
    res.end(method === 'HEAD' ? undefined : 'Not Found\n');
    return;
  }
  const asset = file ?? files.get('index.html')!;
  const hashed = file !== undefined && name.startsWith('assets/');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'content-length': String(asset.body.length),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : asset.body);
}
