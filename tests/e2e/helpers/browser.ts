// Debian's Chromium through playwright-core (no browser download), with a fresh profile per launch,
// every console error and page error collected, and screenshots into the suite's folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.MGE_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(screenshotDir: string): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package or set MGE_CHROMIUM`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  // A new context is a fresh, throw-away profile (cookies, storage).
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return {
    browser,
    page,
    problems,
    async screenshot(name) {
      const file = path.join(screenshotDir, `${name}.png`);
      // The app scrolls inside its main column, not the document: grow the window to the view's height
      // for the picture so that it shows the whole view, then restore it.
      const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
      // Page code as text: this file is type-checked as Node code, without DOM types.
      const contentHeight = Number(await page.evaluate(`(() => { const main = document.querySelector('main'); return main ? main.scrollHeight + main.getBoundingClientRect().top : document.documentElement.scrollHeight; })()`));
      const dialogOpen = Boolean(await page.evaluate(`document.querySelector('dialog[open]') !== null`));
      if (!dialogOpen && contentHeight > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(contentHeight, 4000) });
      await page.screenshot({ path: file });
      if (!dialogOpen && contentHeight > viewport.height) await page.setViewportSize(viewport);
      return file;
    },
    close: () => browser.close(),
  };
}
