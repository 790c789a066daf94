/**
 * Debian's Chromium (installed by `scripts/services.sh up chromium`) driven by playwright-core through its
 * executablePath: never a browser a test tool downloads. Each browser starts with a new empty profile folder
 * and without the background connections Chromium makes on its own (this machine's network is closed).
 * Pages record what would make a report broken or leaky: console errors, page errors, and every request.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** Opens `url` in a new page and waits until it has loaded, recording problems from the first moment. */
  open(url: string, options?: { readonly headers?: Readonly<Record<string, string>> }): Promise<OpenedPage>;
  close(): Promise<void>;
}

export interface OpenedPage {
  readonly page: Page;
  /** Console messages of type error, and uncaught page errors. */
  readonly errors: readonly string[];
  /** Every URL the page requested, the page's own included. */
  readonly requests: readonly string[];
}

/** Starts Chromium; fails with the command that installs it when it is missing. */
export async function launchTestBrowser(): Promise<TestBrowser> {
  await access(CHROMIUM_PATH).catch(() => {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run \`bash scripts/services.sh up chromium\` (or \`npm test\`).`,
    );
  });
  const profile = await mkdtemp(join(tmpdir(), 'doppel-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    async open(url, options = {}) {
      const page = await context.newPage();
      if (options.headers !== undefined) await page.setExtraHTTPHeaders({ ...options.headers });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(url, { waitUntil: 'load' });
      return { page, errors, requests };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
