import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';

/**
 * Issue 25: the report's words are Handlebars templates (templates/md/report.md.hbs,
 * leader-results.md.hbs and the partial report-roi.hbs), so a consultant overrides them by name in the
 * project's templates_dir. Overriding one changes exactly the pages that use it.
 */

const PACK = 'programmes/finance-2027q1';

/** Every file the report writes (the pack's report/ and leader/results.*, the project's report/), by path. */
function written(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(join(dir, 'report'));
  walk(join(dir, PACK, 'report'));
  for (const f of ['results.md', 'results.html']) out[`${PACK}/leader/${f}`] = readFileSync(join(dir, PACK, 'leader', f), 'utf8');
  return out;
}

async function reportWith(override?: { name: string; edit: (text: string) => string }): Promise<Record<string, string>> {
  const dir = tempDir();
  cpSync(join(ROOT, 'examples', 'consultancy'), dir, { recursive: true });
  if (override) {
    appendFileSync(join(dir, 'cocoon.yaml'), '\ntemplates_dir: my-templates\n');
    mkdirSync(join(dir, 'my-templates'));
    const builtin = override.name.endsWith('.md.hbs') ? join(ROOT, 'templates', 'md', override.name) : join(ROOT, 'templates', 'md', 'partials', override.name);
    writeFileSync(join(dir, 'my-templates', override.name), override.edit(readFileSync(builtin, 'utf8')));
  }
  const r = await cli(['report', '--force'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return written(dir);
}

/** The pages that differ between two runs (manifests record the pages' hashes, so they follow the pages). */
const changed = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a)
    .filter((k) => a[k] !== b[k] && !k.endsWith('.cocoon-report-manifest.json'))
    .sort();

describe('report templates in templates_dir', () => {
  it('without an override the pages are the committed example bytes', async () => {
    const base = await reportWith();
    for (const f of ['report/report.md', 'report/report.html', 'report/report.json', 'leader/results.md', 'leader/results.html'])
      expect(base[`${PACK}/${f}`], f).toBe(readFileSync(join(ROOT, 'examples', 'consultancy', PACK, f), 'utf8'));
  });

  it('report.md.hbs changes report.md and report.html only; leader-results.md.hbs only leader/results.*; the report-roi partial both', async () => {
    const base = await reportWith();
    const report = await reportWith({ name: 'report.md.hbs', edit: (t) => t.replace('## Cost and return', '## What it cost and returned') });
    expect(changed(base, report)).toEqual([`${PACK}/report/report.html`, `${PACK}/report/report.md`]);
    expect(report[`${PACK}/report/report.md`]).toContain('## What it cost and returned');
    expect(report[`${PACK}/report/report.html`]).toContain('<h2>What it cost and returned</h2>');

    const results = await reportWith({ name: 'leader-results.md.hbs', edit: (t) => t.replace('# Results for the sponsor', '# For Dana, our sponsor') });
    expect(changed(base, results)).toEqual([`${PACK}/leader/results.html`, `${PACK}/leader/results.md`]);
    expect(results[`${PACK}/leader/results.md`]).toMatch(/^# For Dana, our sponsor$/m);

    const roi = await reportWith({ name: 'report-roi.hbs', edit: (t) => t.replace('If use halves:', 'Should use halve:') });
    expect(changed(base, roi)).toEqual([`${PACK}/leader/results.html`, `${PACK}/leader/results.md`, `${PACK}/report/report.html`, `${PACK}/report/report.md`]);
    expect(roi[`${PACK}/leader/results.md`]).toContain('Should use halve: benefit £');
  });
});

describe("evidence/register.csv's first line is a template too", () => {
  it('register-notice.md.hbs in templates_dir words it; it stays one line starting with #', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'examples', 'consultancy'), dir, { recursive: true });
    appendFileSync(join(dir, 'cocoon.yaml'), '\ntemplates_dir: my-templates\n');
    mkdirSync(join(dir, 'my-templates'));
    writeFileSync(join(dir, 'my-templates', 'register-notice.md.hbs'), '=PERSONENBEZOGENE DATEN\nnie veröffentlichen\n');
    const r = await cli(['evidence', '--programme', 'finance-2027q1', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(dir, PACK, 'evidence', 'register.csv'), 'utf8').split('\n');
    expect(lines[0]).toBe('# =PERSONENBEZOGENE DATEN nie veröffentlichen');
    expect(lines[1]).toBe('participant,sessions_attended,attended,of_sessions,skills_pre,skills_post');
    // The committed example, with the built-in words.
    expect(readFileSync(join(ROOT, 'examples', 'consultancy', PACK, 'evidence', 'register.csv'), 'utf8').split('\n')[0]).toBe(
      '# PERSONAL DATA: one row per participant. Keep it with the training records; never publish it or paste it into an AI tool.',
    );
  });
});
