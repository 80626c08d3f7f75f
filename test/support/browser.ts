/** The console's browser tests: Debian's chromium driven by playwright-core, and waiting for what the page shows. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** For describe's skip option: why the browser tests cannot run here, or false. */
export const noBrowser = existsSync(CHROMIUM) ? false : `no browser: ${CHROMIUM} is missing (apt-get install chromium)`;

/** docs/console.md's screenshots: refreshed with GATEHOUSE_SCREENSHOTS=1, else taken into a temporary folder (a test run leaves the tree clean). */
const DOCS_SHOTS = process.env.GATEHOUSE_SCREENSHOTS === '1' ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : undefined;

export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** script errors and anything the CSP blocked: each is a defect of the console */
  problems: string[];
  /** where a screenshot of this name goes */
  shotPath(name: string): string;
  close(): Promise<void>;
}

/** A headless chromium with a fresh profile, one page, and a record of the page's problems. */
export async function openConsoleBrowser(): Promise<ConsoleBrowser> {
  const shots = DOCS_SHOTS ?? mkdtempSync(join(tmpdir(), 'gatehouse-screenshots-'));
  mkdirSync(shots, { recursive: true });
  const profileDir = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return {
    context, page, problems,
    shotPath: (name) => join(shots, name),
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
      if (!DOCS_SHOTS) rmSync(shots, { recursive: true, force: true });
    },
  };
}

export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** Waits until the element shows the text (pages render after their API call answers). */
export async function assertText(locator: { waitFor(): Promise<void>; innerText(): Promise<string> }, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  await locator.waitFor();
  let seen = '';
  while (Date.now() < deadline) {
    seen = await locator.innerText();
    if (seen.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected ${JSON.stringify(text)} in ${JSON.stringify(seen)}`);
}
