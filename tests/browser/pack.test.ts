import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlValidate } from 'html-validate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, readTree, tempDir } from '../helpers.js';
import { CHROMIUM, needing, pathOf, skipWithout } from '../tools.js';

const ARTIFACTS = join(ROOT, 'artifacts');

describe.skipIf(skipWithout(CHROMIUM))(needing('HTML pack in a real browser (Chromium)', CHROMIUM), () => {
  let browser: Browser;
  let pack: string;
  let tree: Record<string, string>;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: pathOf(CHROMIUM),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London', '--format', 'md,html,ics'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    pack = join(cwd, 'programmes/finance');
    tree = readTree(pack);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const pages = () => Object.keys(tree).filter((p) => p.endsWith('.html'));

  it('every page loads with no console errors and no network requests, and axe finds no violations', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const context = await browser.newContext();
    for (const path of pages()) {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (req) => !req.url().startsWith('file://') && requests.push(req.url()));
      const url = pathToFileURL(join(pack, path)).href;
      page.on('request', (req) => req.url().startsWith('file://') && req.url() !== url && requests.push(req.url()));
      await page.goto(url);
      await page.addScriptTag({ content: axe });
      const result = (await page.evaluate(async () => {
        const r = await (
          globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
        ).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      })) as string[];
      expect(result, path).toEqual([]);
      expect(errors, path).toEqual([]);
      expect(requests, path).toEqual([]);
      await page.close();
    }
    await context.close();
  }, 180_000);

  it('html-validate passes on every page', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });
    for (const path of pages()) {
      const report = await validator.validateString(tree[path]!, path);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
      expect(messages, path).toEqual([]);
    }
  });

  it('prints: each facilitator agenda table is on its first A4 page; practice starts a new page per session; Letter works too', async () => {
    const page = await browser.newPage();
    const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // A4 at 96 px per inch, less the 10 mm page margins of style.css: the first page's printable height.
    const firstPage = ((297 - 20) / 25.4) * 96;
    for (let n = 1; n <= 4; n++) {
      await page.goto(pathToFileURL(join(pack, `facilitator/session-${n}.html`)).href);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      // The session carries its complete materials, demo script and answer keys now: several pages, bounded.
      expect(pdfPages(pdf), `session ${n}`).toBeLessThanOrEqual(12);
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: Math.round(((210 - 22) / 25.4) * 96), height: 900 });
      const agendaBottom = await page.evaluate(() => {
        const h = [...document.querySelectorAll('h2')].find((x) => x.textContent === 'Agenda');
        const table = h?.nextElementSibling;
        return table ? table.getBoundingClientRect().bottom + window.scrollY : Infinity;
      });
      expect(agendaBottom, `session ${n}: the agenda fits the first page`).toBeLessThan(firstPage);
      await page.emulateMedia({ media: 'screen' });
    }
    await page.goto(pathToFileURL(join(pack, 'participant/practice.html')).href);
    const practice = await page.pdf({ format: 'Letter' });
    expect(pdfPages(practice)).toBeGreaterThanOrEqual(3);
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.evaluate(() => [...document.querySelectorAll('main > h2')].map((h) => getComputedStyle(h).breakBefore));
    expect(breaks).toEqual(['auto', 'page', 'page']);
    await page.close();
  });

  it('reads on a 375 px phone and a 1280 px screen (screenshots kept as artefacts)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      for (const path of ['index.html', 'facilitator/session-1.html', 'participant/prompts.html']) {
        await page.goto(pathToFileURL(join(pack, path)).href);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
        const shot = await page.screenshot({ fullPage: false });
        writeFileSync(join(ARTIFACTS, `${path.replace(/\//g, '_').replace('.html', '')}-${width}.png`), shot);
      }
      await page.close();
    }
  });

  it('the prompt library gets copy buttons, and reads fine without them', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(pack, 'participant/prompts.html')).href);
    const withScript = await page.locator('button.copy').count();
    expect(withScript).toBe(await page.locator('pre').count());
    await page.close();
    const noJs = await browser.newPage({ javaScriptEnabled: false });
    await noJs.goto(pathToFileURL(join(pack, 'participant/prompts.html')).href);
    expect(await noJs.locator('button.copy').count()).toBe(0);
    expect(await noJs.locator('pre').count()).toBeGreaterThanOrEqual(3);
    await noJs.close();
  });
});

describe.skipIf(skipWithout(CHROMIUM))(needing('people kits in a real browser (Chromium): named people, an IT owner, the leadership cascade', CHROMIUM), () => {
  let browser: Browser;
  const packs: { dir: string; tree: Record<string, string> }[] = [];
  const KIT =
    /^(owner|managers|it|comms|champions)\/|^leader\/(onboarding|story|close|follow-up)\.html$|^facilitator\/prepare\.html$|^participant\/team-programme\.html$|^index\.html$/;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: pathOf(CHROMIUM), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const runs = [
      [
        '--role',
        'finance',
        '--start',
        '2027-03-16',
        '--timezone',
        'Europe/London',
        '--org',
        'Acme & Sons <Ltd>',
        '--owner',
        'Priya Shah, Finance Operations',
        '--sponsor',
        'Dana Lee, CFO',
        '--facilitators',
        'Sam Ortiz, FP&A; Lee Chen, Financial Control',
      ],
      ['--role', 'hr', '--owner', 'Sam Jones, IT Service Desk', '--sponsor', 'Alex Kim, CIO'],
      ['--role', 'leadership', '--start', '2027-03-16'],
    ];
    for (const args of runs) {
      const cwd = tempDir();
      const r = await cli(['plan', ...args, '--out', 'pack', '--format', 'md,html'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      packs.push({ dir: join(cwd, 'pack'), tree: readTree(join(cwd, 'pack')) });
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  const kitPages = (tree: Record<string, string>) => Object.keys(tree).filter((p) => p.endsWith('.html') && KIT.test(p));

  it('html-validate passes on every kit page', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });
    let checked = 0;
    for (const { tree } of packs)
      for (const path of kitPages(tree)) {
        const report = await validator.validateString(tree[path]!, path);
        expect(
          report.results.flatMap((r) => r.messages.map((m) => `${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)),
          path,
        ).toEqual([]);
        checked++;
      }
    expect(checked).toBeGreaterThanOrEqual(3 * 18);
  });

  it('axe finds no violations on any kit page; the comms pages get a copy button for the email text', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const context = await browser.newContext();
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [i, { dir, tree }] of packs.entries())
      for (const path of kitPages(tree)) {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(pathToFileURL(join(dir, path)).href);
        await page.addScriptTag({ content: axe });
        const violations = (await page.evaluate(async () => {
          const r = await (
            globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
          ).axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          });
          return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        })) as string[];
        expect(violations, path).toEqual([]);
        expect(errors, path).toEqual([]);
        if (path.startsWith('comms/')) expect(await page.locator('button.copy').count(), path).toBe(1);
        if (i === 0 && (path === 'owner/guide.html' || path === 'comms/announcement.html')) {
          await page.setViewportSize({ width: 1280, height: 900 });
          writeFileSync(join(ARTIFACTS, `kits-${path.replace(/\//g, '_').replace('.html', '')}-1280.png`), await page.screenshot({ fullPage: true }));
        }
        await page.close();
      }
    await context.close();
  }, 240_000);
});
