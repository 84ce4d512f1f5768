import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';
import { CHROMIUM, needing, pathOf, skipWithout } from '../tools.js';
import { linesPerPage } from './pdf.js';

/**
 * Paper, measured in Chromium's own PDF output on A4 and US Letter: type sizes, room to write, no
 * page holding only a few lines; the quick-reference card and the norms poster on one page; and
 * the slide decks through marp-cli's PDF export with this Chromium (CHROME_PATH), no browser download.
 */

const ARTIFACTS = join(ROOT, 'artifacts');
/** Fewer text lines than this on a page is an orphan page. */
const FEW_LINES = 6;
const MM = 96 / 25.4;

describe.skipIf(skipWithout(CHROMIUM))(needing('print (Chromium PDF, A4 and Letter)', CHROMIUM), () => {
  let browser: Browser;
  let pack: string;
  let remote: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: pathOf(CHROMIUM), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London', '--format', 'md,html,slides'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    pack = join(cwd, 'programmes/finance');
    const rr = await cli(
      ['plan', '--role', 'customer-support', '--delivery', 'remote', '--location', 'https://meet.example.com/s', '--format', 'html', '--out', 'remote'],
      { cwd },
    );
    expect(rr.code, rr.stderr).toBe(0);
    remote = join(cwd, 'remote');
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, root = pack): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(root, path)).href);
    return page;
  }

  /** Computed sizes in print: body text, material (pre), empty form cells and writing blanks. */
  async function printSizes(page: Page) {
    await page.emulateMedia({ media: 'print' });
    return page.evaluate(() => {
      const px = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) : Infinity);
      const texts = [...document.querySelectorAll('main p, main li')].filter((e) => !e.closest('pre') && !e.closest('table'));
      return {
        body: Math.min(...texts.map(px)),
        // Tables (the agenda, the forms) are material: 10 pt.
        table: Math.min(...[...document.querySelectorAll('main td')].map(px), Infinity),
        pre: Math.min(...[...document.querySelectorAll('main pre')].map(px), Infinity),
        emptyCells: [...document.querySelectorAll('main td:empty')].map((td) => td.getBoundingClientRect().height),
        blanks: [...document.querySelectorAll('main .blank')].map((b) => b.getBoundingClientRect().height),
        preTopPadding: Math.max(0, ...[...document.querySelectorAll('.prompt-box pre')].map((p) => parseFloat(getComputedStyle(p).paddingTop))),
      };
    });
  }

  it('facilitator session 1 and the participant check-ins: 11 pt body, 10 pt material, cells ≥ 8 mm, no orphan page', async () => {
    for (const path of ['facilitator/session-1.html', 'participant/check-ins.html', 'participant/session-1.html']) {
      const page = await open(path);
      const sizes = await printSizes(page);
      expect(sizes.body, `${path}: body text in print`).toBeGreaterThanOrEqual((11 * 96) / 72 - 0.01);
      for (const m of [sizes.pre, sizes.table]) if (m !== Infinity) expect(m, `${path}: material in print`).toBeGreaterThanOrEqual((10 * 96) / 72 - 0.01);
      for (const h of [...sizes.emptyCells, ...sizes.blanks]) expect(h, `${path}: a cell to write in`).toBeGreaterThanOrEqual(8 * MM - 0.5);
      // Back to no emulation: page.pdf() prints with print CSS unless media is forced to screen.
      await page.emulateMedia({ media: null });
      for (const format of ['A4', 'Letter'] as const) {
        const lines = linesPerPage(await page.pdf({ format, printBackground: true }));
        expect(lines.length, `${path} ${format}`).toBeGreaterThan(0);
        for (const [i, n] of lines.entries())
          expect(n, `${path} ${format}: page ${i + 1} of ${lines.length} holds ${n} lines (${lines.join(', ')})`).toBeGreaterThanOrEqual(FEW_LINES);
      }
      await page.close();
    }
    const checkIns = await open('participant/check-ins.html');
    const s = await printSizes(checkIns);
    expect(s.emptyCells.length, 'the check-in form has cells to write in').toBeGreaterThan(5);
    const room = await checkIns.evaluate(() => [...document.querySelectorAll('main ol > li')].map((li) => parseFloat(getComputedStyle(li).paddingBottom)));
    for (const r of room) expect(r, 'room under each check-in question').toBeGreaterThanOrEqual(12 * MM);
    await checkIns.close();
  }, 120_000);

  it('no empty band for the copy button on paper; the timeline caption is not printed twice', async () => {
    const prompts = await open('participant/prompts.html');
    expect(await prompts.locator('button.copy').count()).toBeGreaterThan(0);
    expect((await printSizes(prompts)).preTopPadding).toBeLessThan(8);
    await prompts.close();
    const index = await open('index.html');
    await index.emulateMedia({ media: 'print' });
    expect(await index.evaluate(() => getComputedStyle(document.querySelector('figure.timeline figcaption')!).display)).toBe('none');
    await index.close();
  });

  it('the quick-reference card and the norms poster print on one page, A4 and Letter; screenshots of the new pages', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const path of ['participant/quick-reference.html', 'participant/norms.html']) {
      const page = await open(path);
      for (const format of ['A4', 'Letter'] as const) expect(linesPerPage(await page.pdf({ format })).length, `${path} ${format}`).toBe(1);
      await page.close();
    }
    for (const [root, path] of [
      [pack, 'participant/index.html'],
      [pack, 'participant/quick-reference.html'],
      [pack, 'participant/norms.html'],
      [remote, 'participant/session-1.html'],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(join(root, path)).href);
      writeFileSync(
        join(ARTIFACTS, `print-${root === remote ? 'remote-' : ''}${path.replace(/\//g, '_').replace('.html', '')}.png`),
        await page.screenshot({ fullPage: true }),
      );
      await page.close();
    }
  }, 60_000);

  it('marp-cli exports a deck to PDF with this Chromium (CHROME_PATH), one page per slide; the theme text is 24 px or more', async () => {
    const marp = join(ROOT, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js');
    if (!existsSync(marp)) {
      if (process.env.COCOON_REQUIRE_BROWSER === '1') throw new Error('COCOON_REQUIRE_BROWSER=1 but @marp-team/marp-cli is not installed');
      console.warn('marp PDF export skipped: @marp-team/marp-cli is not installed');
      return;
    }
    const out = tempDir();
    const env = { ...process.env, CHROME_PATH: pathOf(CHROMIUM), NO_COLOR: '1' };
    const deck = join(pack, 'facilitator', 'session-1.slides.md');
    const pdf = spawnSync(process.execPath, [marp, '--no-stdin', deck, '--pdf', '--allow-local-files', '-o', join(out, 'deck.pdf')], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(pdf.status, pdf.stderr).toBe(0);
    const html = spawnSync(process.execPath, [marp, '--no-stdin', deck, '-o', join(out, 'deck.html')], { env, encoding: 'utf8' });
    expect(html.status, html.stderr).toBe(0);
    const slides = (readFileSync(join(out, 'deck.html'), 'utf8').match(/<section\b/g) ?? []).length;
    expect(linesPerPage(readFileSync(join(out, 'deck.pdf'))).length).toBe(slides);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(pathToFileURL(join(out, 'deck.html')).href);
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('section h1, section h2, section h3, section p, section li, section footer')]
        .filter((e) => !e.closest('pre') && (e.textContent ?? '').trim())
        .map((e) => ({ tag: e.tagName, size: parseFloat(getComputedStyle(e).fontSize), color: getComputedStyle(e).color })),
    );
    expect(sizes.length).toBeGreaterThan(20);
    for (const s of sizes) expect(s.size, `${s.tag} at ${s.size}px`).toBeGreaterThanOrEqual(24);
    // High contrast: text is near-black or the dark accent (contrast ≥ 7:1 on white).
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? ['0', '0', '0'])
        .slice(0, 3)
        .map((v) => Number(v) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const s of sizes) expect(1.05 / (luminance(s.color) + 0.05), `${s.tag} ${s.color}`).toBeGreaterThanOrEqual(7);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'slides-session-1.png'), await page.screenshot());
    await page.close();
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['deck.pdf', 'deck.html']));
  }, 180_000);
});
