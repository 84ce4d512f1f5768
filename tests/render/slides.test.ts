import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, readTree, tempDir } from '../helpers.js';
import { CHROMIUM, needing, pathOf, skipWithout } from '../tools.js';

/**
 * The decks, checked by Marp's own CLI (@marp-team/marp-cli), the independent tool that renders them:
 * its HTML output needs no browser, and its `--notes` export (which drives Chromium) shows exactly what a
 * presenter sees. Without Chromium the notes tests skip and say so (tests/tools.ts).
 */

const require = createRequire(import.meta.url);
const MARP_PKG = join(ROOT, 'node_modules', '@marp-team', 'marp-cli', 'package.json');
const marpAvailable = existsSync(MARP_PKG);
const required = process.env.COCOON_REQUIRE_BROWSER === '1';
if (!marpAvailable && !required) console.warn('slides tests skipped: @marp-team/marp-cli is not installed (npm install)');

function satisfiesNode(range: string): boolean {
  // marp-cli declares ">=18"; compare the major version (the only form it has used).
  const m = />=\s*(\d+)/.exec(range);
  return !m || Number(process.versions.node.split('.')[0]) >= Number(m[1]);
}

/** marp-cli's HTML export needs no browser; its `--notes` (and PDF) export drives Chromium (CHROME_PATH). */
function marp(args: string[], cwd: string): { code: number; stderr: string } {
  const bin = join(ROOT, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (args.includes('--notes')) env.CHROME_PATH = pathOf(CHROMIUM);
  const r = spawnSync(process.execPath, [bin, '--no-stdin', ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status ?? 1, stderr: r.stderr };
}

/** The headings of a Marp HTML export, slide by slide. */
function slideHeadings(htmlText: string): string[] {
  const sections = htmlText.split(/<section\b/).slice(1);
  return sections.map(
    (s) =>
      /<h[12][^>]*>([\s\S]*?)<\/h[12]>/
        .exec(s)?.[1]
        ?.replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .trim() ?? '',
  );
}

describe.skipIf(!marpAvailable && !required)('slide decks rendered by marp-cli', () => {
  it('marp-cli runs on this Node (its engines field) without a browser for HTML', () => {
    if (!marpAvailable) throw new Error('COCOON_REQUIRE_BROWSER=1 but @marp-team/marp-cli is not installed');
    const pkg = JSON.parse(readFileSync(MARP_PKG, 'utf8')) as { engines: { node: string } };
    expect(satisfiesNode(pkg.engines.node), `marp-cli wants node ${pkg.engines.node}`).toBe(true);
    expect(require.resolve('@marp-team/marp-cli/package.json')).toBe(MARP_PKG);
  });

  type Plan = { programme: { sessions: { number: number; blocks: { start: string; end: string; title: string }[] }[] } };
  async function planFinance(): Promise<{ cwd: string; pack: string; out: string; plan: Plan }> {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London', '--format', 'md,slides', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = join(cwd, 'out');
    mkdirSync(out);
    return { cwd, pack: join(cwd, 'programmes/finance'), out, plan: JSON.parse(r.stdout) as Plan };
  }

  it('every deck renders (HTML, no browser); slide headings follow the agenda, the same for both audiences', async () => {
    const { cwd, pack, out, plan } = await planFinance();
    for (const who of ['facilitator', 'participant']) {
      const html = marp(['--input-dir', join(pack, who), '--output', join(out, `${who}-html`), '--html=false'], cwd);
      expect(html.code, html.stderr).toBe(0);
    }
    for (const s of plan.programme.sessions) {
      const agenda = s.blocks.map((b) => `${b.start}–${b.end} · ${b.title}`);
      for (const who of ['facilitator', 'participant']) {
        const html = readFileSync(join(out, `${who}-html`, `session-${s.number}.slides.html`), 'utf8');
        const headings = slideHeadings(html);
        expect(headings[0], `${who} session ${s.number}: title slide`).toMatch(new RegExp(`^Session ${s.number}: `));
        // One slide per block, in agenda order; a long list continues on "(2/2)" slides of the same block.
        const blocks = [...new Set(headings.slice(1).map((h) => h.replace(/ \(\d+\/\d+\)$/, '')))];
        expect(blocks, `${who} session ${s.number}`).toEqual(agenda);
        expect(html).toContain(s.blocks[0]!.start);
      }
      const facilitator = slideHeadings(readFileSync(join(out, 'facilitator-html', `session-${s.number}.slides.html`), 'utf8'));
      const participant = slideHeadings(readFileSync(join(out, 'participant-html', `session-${s.number}.slides.html`), 'utf8'));
      expect(participant, 'the same slides for both audiences').toEqual(facilitator);
    }
  }, 120_000);

  it.skipIf(skipWithout(CHROMIUM))(
    needing("marp-cli's notes export (Chromium): participant notes are empty, facilitator notes carry the notes and the exercise brief", CHROMIUM),
    async () => {
      const { cwd, pack, out, plan } = await planFinance();
      for (const who of ['facilitator', 'participant']) {
        const notes = marp(['--input-dir', join(pack, who), '--output', join(out, `${who}-notes`), '--notes'], cwd);
        expect(notes.code, notes.stderr).toBe(0);
      }
      for (const s of plan.programme.sessions) {
        const pNotes = readFileSync(join(out, 'participant-notes', `session-${s.number}.slides.txt`), 'utf8');
        expect(pNotes.replace(/---|\s/g, ''), `participant deck ${s.number} has notes`).toBe('');
        const fNotes = readFileSync(join(out, 'facilitator-notes', `session-${s.number}.slides.txt`), 'utf8');
        expect(fNotes).toContain(`Facilitator notes, ${s.blocks[0]!.start}–${s.blocks[0]!.end}`);
      }
      // The facilitator's notes carry the exercise brief of session 1 (role text, facilitator-only).
      const role = readFileSync(join(ROOT, 'roles', 'finance.yaml'), 'utf8');
      const briefLine = /brief: >?-?\s*\n\s+(.{40})/.exec(role)?.[1] ?? /brief: (.{40})/.exec(role)![1]!;
      const f1 = readFileSync(join(out, 'facilitator-notes', 'session-1.slides.txt'), 'utf8').replace(/\s+/g, ' ');
      expect(f1).toContain(briefLine.replace(/\s+/g, ' ').slice(0, 30));
    },
    120_000,
  );

  async function buildWithBlockNotes(): Promise<{ cwd: string; pack: string }> {
    const cwd = tempDir();
    const project = join(ROOT, 'tests', 'fixtures', 'rules', 'base-programme.yaml');
    const text = readFileSync(project, 'utf8').replace('check_ins:', 'formats: [md, slides]\ncheck_ins:');
    mkdirSync(join(cwd, 'roles'));
    writeFileSync(join(cwd, 'roles', 'procurement.yaml'), readFileSync(join(ROOT, 'tests', 'fixtures', 'rules', 'roles', 'procurement.yaml')));
    writeFileSync(join(cwd, 'cocoon.yaml'), `programmes:\n  - { file: q1.yaml }\n`);
    writeFileSync(join(cwd, 'q1.yaml'), text.replace(/^# yaml-language-server.*\n/m, ''));
    const r = await cli(['build'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    return { cwd, pack: join(cwd, 'programmes', 'q1') };
  }
  const NOTE = 'Write the norms on the flip chart before anyone arrives';

  it('block notes of a hand-written programme reach the facilitator deck and never the participant deck', async () => {
    const { pack } = await buildWithBlockNotes();
    expect(readFileSync(join(pack, 'facilitator', 'session-1.slides.md'), 'utf8')).toContain(NOTE);
    expect(readFileSync(join(pack, 'participant', 'session-1.slides.md'), 'utf8')).not.toContain(NOTE);
  }, 60_000);

  it.skipIf(skipWithout(CHROMIUM))(
    needing("block notes are in the facilitator deck's notes as marp-cli's notes export (Chromium) reads them", CHROMIUM),
    async () => {
      const { cwd, pack } = await buildWithBlockNotes();
      const out = join(cwd, 'notes');
      const r = marp(['--input-dir', join(pack, 'facilitator'), '--output', out, '--notes'], cwd);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(out, 'session-1.slides.txt'), 'utf8')).toContain(NOTE);
    },
    60_000,
  );

  it('a participant deck holds no HTML comment other than Marp directives', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'legal', '--sessions', '6', '--format', 'slides'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(join(cwd, 'programmes/legal'));
    const decks = Object.keys(tree).filter((p) => p.startsWith('participant/') && p.endsWith('.slides.md'));
    expect(decks).toHaveLength(6);
    for (const d of decks) {
      const comments = [...tree[d]!.matchAll(/<!--([\s\S]*?)-->/g)].map((m) => m[1]!.trim());
      for (const c of comments) expect(c, d).toMatch(/^_(class|paginate|footer): /);
    }
    expect(readdirSync(join(cwd, 'programmes/legal/facilitator')).filter((f) => f.endsWith('.slides.md'))).toHaveLength(6);
  });
});
