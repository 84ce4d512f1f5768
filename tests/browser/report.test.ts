import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { CHROMIUM, needing, pathOf, skipWithout } from '../tools.js';

/** Acceptance 4 of issue 17: the example's committed report.html (and the portfolio page) are valid and accessible. */
const PAGES = [join(ROOT, 'examples/consultancy/programmes/finance-2027q1/report/report.html'), join(ROOT, 'examples/consultancy/report/portfolio.html')];

describe('report.html', () => {
  it('passes html-validate; every chart is an image with a title and a description', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });
    for (const page of PAGES) {
      const text = readFileSync(page, 'utf8');
      const report = await validator.validateString(text, page);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
    }
    const html = readFileSync(PAGES[0]!, 'utf8');
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    expect(svgs.length).toBe(8);
    for (const s of svgs) expect(s).toMatch(/role="img" aria-labelledby="(chart-[a-z]+)-t \1-d"/);
    expect((html.match(/<desc id="chart-[a-z]+-d">[^<]{20,}<\/desc>/g) ?? []).length).toBe(8);
  });

  it.skipIf(skipWithout(CHROMIUM))(
    needing('axe finds no violations in Chromium; screenshots in artifacts/', CHROMIUM),
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: pathOf(CHROMIUM), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
        for (const path of PAGES) {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          const requests: string[] = [];
          page.on('request', (r) => r.url() !== pathToFileURL(path).href && requests.push(r.url()));
          await page.goto(pathToFileURL(path).href);
          await page.addScriptTag({ content: axe });
          const violations = (await page.evaluate(async () => {
            const r = await (
              globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
            ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
            return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          })) as string[];
          expect(violations, path).toEqual([]);
          expect(requests, path).toEqual([]);
          mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
          writeFileSync(
            join(ROOT, 'artifacts', path.endsWith('portfolio.html') ? 'portfolio-1280.png' : 'report-1280.png'),
            await page.screenshot({ fullPage: true }),
          );
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
