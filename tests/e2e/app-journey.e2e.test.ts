// A user's whole journey through the built renderer in Chromium, against the real `mge serve` and trainer
// on a temporary runs folder: import a dataset, get field errors, start a tiny MGE-CNN run, watch its
// charts move until it completes, open its gallery, re-run it, compare the two runs, delete one, predict
// new images, read the backend in Settings — with a screenshot of every view and no console error.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { generateSyntheticDataset } from '../../main/trainer/data/synthetic';
import { writeBrokenFile } from '../helpers/dataset-fixtures';
import { openBrowser, type BrowserSession } from './helpers/browser';
import { startMgeServer, type MgeServer } from './helpers/mge-server';

const RUN_TIMEOUT_MS = 120_000;

let dir: string;
let datasetDir: string;
let runsDir: string;
let server: MgeServer;
let session: BrowserSession;
let page: Page;
let firstRunId = '';
let secondRunId = '';

/** Opens a view from the left navigation. */
async function nav(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

// Code that runs in the page is passed as text: this file is type-checked as Node code, without DOM types.
async function go(hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

/** Waits until every image matching the selector has loaded (through the token-protected file route). */
async function imagesLoaded(selector: string): Promise<void> {
  // Polled from here with page.evaluate: waitForFunction polls inside the page with eval, which the app's
  // CSP (rightly) refuses whenever the images are not loaded at the first check.
  const check = `[...document.querySelectorAll(${JSON.stringify(selector)})].every((img) => img.complete && img.naturalWidth > 0)`;
  const deadline = Date.now() + 20_000;
  while (!(await page.evaluate(check))) {
    if (Date.now() > deadline) throw new Error(`images matching ${selector} did not load within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function canvasPixels(name: string): Promise<string> {
  return page.getByRole('img', { name }).evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL());
}

/** Waits for the run page to say Completed (the status badge in the header). */
async function waitForCompletion(): Promise<void> {
  await page.locator('.page-header .status-badge', { hasText: 'Completed' }).waitFor({ timeout: RUN_TIMEOUT_MS });
}

function runIdFromHash(): string {
  const match = /#\/runs\/([^/?]+)/.exec(page.url());
  if (!match) throw new Error(`not on a run page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mge-e2e-journey-'));
  datasetDir = path.join(dir, 'birds');
  runsDir = path.join(dir, 'runs');
  // A tiny fine-grained dataset (the synthetic birds, as a folder per class with train/ and test/), plus
  // two broken files the import report must list.
  await generateSyntheticDataset({ outDir: datasetDir, classes: 4, trainPerClass: 12, testPerClass: 4, imageSize: 48, seed: 3 });
  const firstClass = (await import('node:fs')).readdirSync(path.join(datasetDir, 'train'))[0];
  await writeBrokenFile(path.join(datasetDir, 'train', firstClass, 'broken-truncated.jpg'), 'truncated');
  await writeBrokenFile(path.join(datasetDir, 'train', firstClass, 'broken-empty.jpg'), 'empty');
  await writeFile(path.join(dir, 'not-an-image.png'), 'hello');

  server = await startMgeServer({ runsDir, cacheDir: path.join(dir, 'cache') });
  session = await openBrowser(inject('screenshotDir'));
  page = session.page;
  const response = await page.goto(server.url);
  expect(response?.status()).toBe(200);
  await page.getByText('Connected', { exact: true }).waitFor();
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MGE Studio in a browser', () => {
  // One story told in order: once a step fails, the later ones would only fail for the same reason.
  let failedStep: string | null = null;
  beforeEach((context) => {
    if (failedStep) context.skip(`skipped after "${failedStep}" failed`);
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    failedStep = context.task.name;
    const file = await session.screenshot('failed-step').catch(() => null);
    console.error(`"${failedStep}" failed; screenshot: ${file}\nmge serve stderr:\n${server.stderr().slice(-3000)}\nbrowser problems:\n${session.problems.join('\n')}`);
  });

  it('shows the empty runs list first', async () => {
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    await session.screenshot('01-runs-empty');
  });

  it('imports a dataset folder and shows its report, classes and problems', async () => {
    await nav('Datasets');
    await page.getByLabel('Dataset folder path').fill(datasetDir);
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    await page.getByRole('heading', { name: 'Classes' }).waitFor();
    await expect.poll(() => page.locator('.class-browser tbody tr').count()).toBe(4);
    const problems = page.locator('.problems-table tbody tr');
    await expect.poll(() => problems.count()).toBe(2);
    await expect.poll(() => page.locator('.problems-table').innerText()).toMatch(/truncated[\s\S]*empty|empty[\s\S]*truncated/);
    // Thumbnails come through the token-protected file route.
    await page.locator('.class-browser .thumbs img').first().waitFor();
    await imagesLoaded('.class-browser .thumbs img');
    await session.screenshot('02-datasets-report');
  });

  it('validates every field of a new run next to it, then starts it', async () => {
    await page.getByRole('button', { name: 'New run with this dataset' }).click();
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    await expect.poll(() => page.getByLabel('Dataset', { exact: true }).inputValue()).toBe(datasetDir);

    await page.getByLabel('Epochs', { exact: true }).fill('0');
    await page.getByLabel('Image size (px)', { exact: true }).fill('abc');
    await page.getByLabel('Momentum', { exact: true }).fill('1.5');
    await expect.poll(() => page.locator('[data-field="run-epochs"] .error').innerText()).toBe('epochs must be at least 1');
    await expect.poll(() => page.locator('[data-field="run-imgSize"] .error').innerText()).toContain('imgSize must be');
    await expect.poll(() => page.locator('[data-field="run-momentum"] .error').innerText()).toContain('momentum must be below 1');
    await expect.poll(() => page.getByLabel('Epochs', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText('3 fields need attention').waitFor();
    await session.screenshot('03-new-run-errors');

    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByLabel('Image size (px)', { exact: true }).fill('32');
    await page.getByLabel('Momentum', { exact: true }).fill('0.9');
    await page.getByLabel('Batch size', { exact: true }).fill('8');
    await page.getByLabel('Run name', { exact: true }).fill('E2E birds MGE-CNN');
    await expect.poll(() => page.locator('.form-field .error').count()).toBe(0);
    await session.screenshot('04-new-run-valid');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/#\/runs\//);
    firstRunId = runIdFromHash();
  });

  it('shows the live run: progress, throughput and charts that move, until it completes', async () => {
    await page.getByRole('heading', { name: 'E2E birds MGE-CNN' }).waitFor();
    await page.getByText(/Epoch \d of 3 · batch \d+ of \d+/).waitFor({ timeout: RUN_TIMEOUT_MS });
    const lossChart = 'Training loss per epoch and per batch';
    const before = await canvasPixels(lossChart);
    const progressBefore = Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'));
    // After the first epoch the accuracy chart appears and the loss chart has grown.
    await page.getByRole('img', { name: 'Test accuracy per epoch for the gate and each expert' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await expect.poll(() => canvasPixels(lossChart)).not.toBe(before);
    await expect.poll(() => page.locator('.stat-tile', { hasText: 'Throughput' }).innerText()).toMatch(/img\/s/);
    await session.screenshot('05-live-run-training');
    await waitForCompletion();
    expect(Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(progressBefore);
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page.getByText('All 3 epochs done').waitFor();
    await session.screenshot('06-run-completed');
  });

  it('opens the run’s gallery: misclassified first, filters, and the detail view with its opacity slider', async () => {
    await page.getByRole('link', { name: 'Gallery' }).first().click();
    await page.waitForURL(new RegExp(`#/gallery/${firstRunId}`));
    const cards = page.locator('.gallery-card');
    await cards.first().waitFor();
    const total = await cards.count();
    expect(total).toBeGreaterThan(0);
    const wrong = await page.locator('.gallery-card.wrong').count();
    // Misclassified first: the first `wrong` cards are the wrong ones.
    const order: boolean[] = [];
    for (let i = 0; i < total; i++) order.push(((await cards.nth(i).getAttribute('class')) ?? '').split(' ').includes('wrong'));
    expect(order).toEqual([...Array(wrong).fill(true), ...Array(total - wrong).fill(false)]);
    await imagesLoaded('.gallery-card img');
    await session.screenshot('07-gallery');

    await page.getByRole('button', { name: /^Correct/ }).click();
    await expect.poll(() => page.locator('.gallery-card.wrong').count()).toBe(0);
    await page.getByRole('button', { name: /^All/ }).click();
    await expect.poll(() => cards.count()).toBe(total);

    await cards.first().click();
    const dialog = page.getByRole('dialog', { name: 'Gallery image details' });
    await dialog.waitFor();
    await dialog.getByLabel('Heat map opacity').fill('30');
    await expect.poll(() => dialog.locator('.hero .overlay').getAttribute('style')).toContain('opacity: 0.3');
    await imagesLoaded('dialog img');
    await session.screenshot('08-gallery-detail');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('re-runs the same config as a new run', async () => {
    await nav('Runs');
    await page.getByRole('button', { name: 'Re-run E2E birds MGE-CNN' }).click();
    await page.waitForURL((url) => /#\/runs\//.test(url.hash) && !url.hash.includes(firstRunId));
    secondRunId = runIdFromHash();
    await waitForCompletion();
  });

  it('compares the two runs on one chart', async () => {
    await nav('Runs');
    const rows = page.locator('.runs-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Search runs').fill('birds');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Search runs').fill('no-such-run');
    await page.getByText('No run matches these filters.').waitFor();
    await page.getByLabel('Search runs').fill('');
    await page.getByRole('button', { name: 'Best accuracy' }).click();
    await expect.poll(() => page.locator('th[aria-sort="descending"]').innerText()).toContain('BEST ACCURACY');
    await session.screenshot('09-runs');
    for (const id of [firstRunId, secondRunId]) await page.locator(`tr[data-run-id="${id}"] input[type="checkbox"]`).check();
    await page.getByRole('button', { name: /Compare \(2\)/ }).click();
    await page.getByRole('img', { name: 'Compared learning curves' }).waitFor();
    await expect.poll(() => page.locator('.compare-view thead th').count()).toBe(3);
    await session.screenshot('10-compare');
  });

  it('deletes a run only after confirmation', async () => {
    await nav('Runs');
    const label = `Delete ${(await page.locator(`tr[data-run-id="${secondRunId}"] .run-link`).innerText()).trim()}`;
    const secondRow = page.locator(`tr[data-run-id="${secondRunId}"]`);
    await secondRow.getByRole('button', { name: label }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this run?' });
    await dialog.waitFor();
    await session.screenshot('11-delete-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => secondRow.count()).toBe(1);
    await secondRow.getByRole('button', { name: label }).click();
    await dialog.getByRole('button', { name: 'Delete run' }).click();
    await secondRow.waitFor({ state: 'detached' });
    expect(existsSync(path.join(runsDir, secondRunId))).toBe(false);
    expect(existsSync(path.join(runsDir, firstRunId))).toBe(true);
  });

  it('predicts new images with the run’s model and shows each expert’s map', async () => {
    await nav('Predict');
    const testClass = (await import('node:fs')).readdirSync(path.join(datasetDir, 'test'))[1];
    const images = (await import('node:fs')).readdirSync(path.join(datasetDir, 'test', testClass)).slice(0, 2).map((f) => path.join(datasetDir, 'test', testClass, f));
    await page.getByLabel('Image or folder paths, one per line').fill([...images, path.join(dir, 'not-an-image.png')].join('\n'));
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.locator('.prediction-card').first().waitFor({ timeout: RUN_TIMEOUT_MS });
    await expect.poll(() => page.locator('.prediction-card').count()).toBe(2);
    await expect.poll(() => page.locator('.failures li').count()).toBe(1);
    await expect.poll(() => page.locator('.prediction-card').first().locator('.maps figure').count()).toBe(4); // model + 3 experts
    await imagesLoaded('.prediction-card img');
    await session.screenshot('12-predict');
  });

  it('shows the backend the trainer actually used in Settings', async () => {
    await nav('Settings');
    await page.getByText('Backend in use').waitFor();
    const record = JSON.parse((await import('node:fs')).readFileSync(path.join(runsDir, firstRunId, 'run.json'), 'utf8'));
    await expect.poll(() => page.locator('.facts').first().innerText()).toContain(record.versions.backend);
    await session.screenshot('13-settings');
  });

  it('has every other view in a finished state, with no console errors anywhere', async () => {
    await nav('Live run');
    await page.getByRole('heading', { name: 'Nothing is training right now' }).waitFor();
    await session.screenshot('14-live-idle');
    await go('#/no-such-page');
    await page.getByRole('heading', { name: 'This page does not exist' }).waitFor();
    await go(`#/runs/${firstRunId}`);
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200);
    await session.screenshot('15-run-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(session.problems).toEqual([]);
  });
});
