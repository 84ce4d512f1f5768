import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { CHROMIUM, needing, pathOf, skipWithout } from '../tools.js';

/**
 * The SCORM package in Chromium under an LMS: scorm-again's Scorm12API on window.API of the parent frame
 * (as Moodle's player puts it), the package's launch page in an iframe. Every request is answered from the
 * zip or the shim: anything else fails the test. A scripted run through the skills check must set
 * completion, a score equal to the answers given and one interaction per question; without an LMS the page
 * still shows the score. The launch page is axe-clean.
 */

const require = createRequire(import.meta.url);
const ORIGIN = 'http://lms.test';

describe.skipIf(skipWithout(CHROMIUM))(needing('SCORM package under an LMS API shim (Chromium, scorm-again)', CHROMIUM), () => {
  let browser: Browser;
  let entries: Record<string, Uint8Array>;
  const questions = () =>
    (JSON.parse(/id="cocoon-questions">(.*?)<\/script>/.exec(strFromU8(entries['index.html']!))![1]!) as { questions: { id: string; correct: string }[] })
      .questions;

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
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--format', 'scorm', '--out', 'pack'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    entries = unzipSync(readFileSync(join(cwd, 'pack/scorm/participant.zip')));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A page whose every request is served from the package (under /sco/) or the LMS shim; others are recorded and refused. */
  async function lmsPage(withLms: boolean): Promise<{ page: Page; stray: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const stray: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const shim = readFileSync(require.resolve('scorm-again/scorm12/min'), 'utf8');
    const lms = `<!DOCTYPE html><html lang="en"><head><title>LMS</title><script>${shim}</script><script>window.API = new Scorm12API({ autocommit: false, logLevel: 5 });</script></head><body><iframe id="sco" title="Course" src="/sco/index.html" width="1000" height="800"></iframe></body></html>`;
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) {
        stray.push(url.href);
        return route.abort();
      }
      if (url.pathname === '/lms.html') return route.fulfill({ contentType: 'text/html', body: lms });
      const file = url.pathname.replace(/^\/sco\//, '');
      const data = entries[file];
      if (!url.pathname.startsWith('/sco/') || !data) {
        stray.push(url.href);
        return route.fulfill({ status: 404, body: '' });
      }
      return route.fulfill({ contentType: file.endsWith('.html') ? 'text/html' : 'application/octet-stream', body: Buffer.from(data) });
    });
    await page.goto(withLms ? `${ORIGIN}/lms.html` : `${ORIGIN}/sco/index.html`);
    return { page, stray, errors };
  }

  it('a run through the skills check sets completion, the score of the answers given and one interaction per question', async () => {
    const { page, stray, errors } = await lmsPage(true);
    const qs = questions();
    expect(qs.length).toBeGreaterThanOrEqual(6);
    const frame = page.frameLocator('#sco');
    // Right on the even questions, wrong (another option) on the odd ones.
    const picks = qs.map((q, n) => (n % 2 === 0 ? q.correct : q.correct === 'a' ? 'b' : 'a'));
    for (const [n, q] of qs.entries()) await frame.locator(`input[name="${q.id}"][value="${picks[n]}"]`).check();
    await frame.getByRole('button', { name: 'Submit answers' }).click();
    const right = picks.filter((p, n) => p === qs[n]!.correct).length;
    const score = Math.round((right * 100) / qs.length);
    await expect.poll(() => frame.locator('#result').textContent()).toContain(`You answered ${right} of ${qs.length} right (${score}%)`);
    const cmi = (await page.evaluate(() => {
      const api = (window as unknown as { API: { cmi: { toJSON(): unknown }; isTerminated(): boolean } }).API;
      return { cmi: JSON.parse(JSON.stringify(api.cmi)) as unknown, terminated: api.isTerminated() };
    })) as {
      cmi: {
        core: { lesson_status: string; score: { raw: string; min: string; max: string } };
        interactions: Record<
          string,
          { id: string; type: string; student_response: string; result: string; correct_responses: Record<string, { pattern: string }> }
        >;
      };
      terminated: boolean;
    };
    expect(cmi.terminated).toBe(true);
    expect(cmi.cmi.core.lesson_status).toBe('completed');
    expect(Number(cmi.cmi.core.score.raw)).toBe(score);
    expect(cmi.cmi.core.score.max).toBe('100');
    const interactions = Object.values(cmi.cmi.interactions);
    expect(interactions.length).toBe(qs.length);
    for (const [n, q] of qs.entries()) {
      const i = cmi.cmi.interactions[String(n)]!;
      expect(i.id).toBe(q.id);
      expect(i.type).toBe('choice');
      expect(i.student_response).toBe(picks[n]);
      expect(i.result).toBe(picks[n] === q.correct ? 'correct' : 'wrong');
      expect(i.correct_responses['0']!.pattern).toBe(q.correct);
    }
    expect(stray).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('without an LMS it is a plain page that shows the score, loads nothing else, and axe finds no violations', async () => {
    const { page, stray, errors } = await lmsPage(false);
    const qs = questions();
    for (const q of qs) await page.locator(`input[name="${q.id}"][value="${q.correct}"]`).check();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await expect.poll(() => page.locator('#result').textContent()).toBe(`You answered ${qs.length} of ${qs.length} right (100%).`);
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const violations = (await page.evaluate(async () => {
      const r = await (
        globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
      ).axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    })) as string[];
    expect(violations).toEqual([]);
    expect(stray).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
