import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/model/model.js';
import { participantTexts } from '../../src/rules/lib.js';
import { virtualSource, at } from '../../src/model/loc.js';
import { ROOT, cli, readTree, tempDir, BUILT_IN_ROLES } from '../helpers.js';

/**
 * Facilitator-only text (exercise brief, cut, extension, answer key, debrief answers, demo material,
 * demo values and fallback output) must never reach a page a participant or the sponsor reads: the
 * participant handouts, the prompt library, practice, project, check-ins, the leader guide and the
 * overview, in Markdown and in HTML. The test works on lines of the role file, so a leak of any part
 * of a long answer key is caught, not only a copy of the whole field.
 */

const MIN_LINE = 24;

function facilitatorOnly(role: Role): string[] {
  const out: string[] = [];
  for (const w of role.workflows) {
    const ex = w.exercise;
    if (ex) {
      for (const f of [ex.brief, ex.cut, ex.extension, ex.solution]) if (f) out.push(f);
      for (const d of ex.debrief ?? []) if (typeof d !== 'string' && d.answer) out.push(d.answer);
    }
    if (w.demo) out.push(w.demo.material, w.demo.output, ...Object.values(w.demo.values ?? {}));
  }
  return out;
}

/** Everything a participant may legitimately read from the role, so a line shared with it is no leak. */
function participantVisible(role: Role): string {
  const texts = [...participantTexts(role, at(virtualSource('role.yaml')))].map((t) => t.text);
  for (const w of role.workflows)
    for (const p of w.prompts ?? []) {
      texts.push(p.weak ?? '');
      for (const v of Object.values(p.variables ?? {})) texts.push(v.example ?? '');
    }
  return texts.join('\n');
}

function leakLines(role: Role): string[] {
  const visible = participantVisible(role);
  const lines = new Set<string>();
  for (const text of facilitatorOnly(role))
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line.length >= MIN_LINE && !visible.includes(line)) lines.add(line);
    }
  return [...lines];
}

const decode = (s: string): string =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Markdown escapes punctuation and shows emails and URLs as code: compare on text without either. */
const unescapeMd = (s: string): string => s.replace(/\\([\\`*_{}[\]()#+\-.!|<>~"'])/g, '$1').replace(/`/g, '');

const nonFacilitatorPages = (tree: Record<string, string>): [string, string][] =>
  Object.entries(tree)
    .filter(([path]) => !/(^|\/)facilitator\//.test(path) && /\.(md|html)$/.test(path))
    .map(([path, text]) => [path, path.endsWith('.html') ? decode(text) : unescapeMd(text)]);

function leaksIn(tree: Record<string, string>, lines: string[]): string[] {
  const found: string[] = [];
  for (const [path, text] of nonFacilitatorPages(tree))
    for (const line of lines) if (text.includes(line.replace(/`/g, '')) || text.includes(unescapeMd(line))) found.push(`${path}: ${line.slice(0, 80)}`);
  return found;
}

/** Every link on a participant page (Markdown or HTML) that leads out of participant/: none is allowed. */
function linksOutOfParticipant(tree: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [path, text] of Object.entries(tree)) {
    if (!path.startsWith('participant/')) continue;
    const targets = path.endsWith('.html') ? [...text.matchAll(/href="([^"#]*)/g)].map((m) => m[1]!) : [...text.matchAll(/\]\(([^)#\s]*)/g)].map((m) => m[1]!);
    for (const t of targets)
      if (t && !/^[a-z]+:/i.test(t) && !posix.normalize(posix.join(posix.dirname(path), t)).startsWith('participant/')) out.push(`${path} → ${t}`);
  }
  return out;
}

describe('facilitator-only text never reaches participant or leader pages', () => {
  for (const id of BUILT_IN_ROLES) {
    it(`${id}: every workflow taught (8 sessions)`, async () => {
      const role = parse(readFileSync(join(ROOT, 'roles', `${id}.yaml`), 'utf8')) as Role;
      const lines = leakLines(role);
      const out = tempDir();
      const r = await cli(['plan', '--role', id, '--sessions', '8', '--out', join(out, 'pack'), '--format', 'md,html,slides'], { cwd: out });
      expect(r.code, r.stderr).toBe(0);
      const tree = readTree(join(out, 'pack'));
      // Pages, the participant decks (participant/*.slides.md) and the participant pack's front page.
      expect(Object.keys(tree)).toContain('participant/session-8.slides.md');
      expect(leaksIn(tree, lines)).toEqual([]);
      expect(linksOutOfParticipant(tree)).toEqual([]);
      // The facilitator pages do carry what the role gives them (so the test above is not vacuous).
      const facilitator = Object.entries(tree)
        .filter(([p]) => p.startsWith('facilitator/') && p.endsWith('.md'))
        .map(([, t]) => unescapeMd(t))
        .join('\n');
      const carried = lines.filter((l) => facilitator.includes(l) || facilitator.includes(unescapeMd(l)));
      expect(carried.length, `${id}: facilitator pages carry the facilitator-only lines`).toBe(lines.length);
    });
  }

  it('the example project: role text and block notes stay in facilitator pages', async () => {
    const project = join(ROOT, 'examples', 'consultancy');
    const roles = readdirSync(join(project, 'roles'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => parse(readFileSync(join(project, 'roles', f), 'utf8')) as Role);
    const config = readFileSync(join(project, 'cocoon.yaml'), 'utf8');
    const notes = [...config.matchAll(/notes: (.+)$/gm)].map((m) => m[1]!.trim().replace(/^["']|["']$/g, '')).filter((n) => n.length >= MIN_LINE);
    const lines = [...roles.flatMap(leakLines), ...notes];
    const tree = readTree(join(project, 'programmes'));
    expect(Object.keys(tree).length).toBeGreaterThan(10);
    expect(leaksIn(tree, lines)).toEqual([]);
    // Not vacuous: the example's roles have facilitator-only text, and its facilitator pages carry it.
    const facilitator = Object.entries(tree)
      .filter(([path]) => /(^|\/)facilitator\/.*\.md$/.test(path))
      .map(([, text]) => unescapeMd(text))
      .join('\n');
    const carried = lines.filter((l) => facilitator.includes(l) || facilitator.includes(unescapeMd(l)));
    expect(carried.length).toBeGreaterThan(20);
  });

  it("a programme's `notes:` for session 2 shows on that facilitator page and deck only, never on participant or leader pages", async () => {
    const dir = tempDir();
    const note = 'Room B on the third floor; bring the March file';
    writeFileSync(
      join(dir, 'cocoon.yaml'),
      [
        'org: { name: Northwind Ltd }',
        'programmes:',
        '  - id: pilot',
        '    role: finance',
        '    owner: { name: Priya Shah, team: Finance Operations }',
        '    sponsor: { name: Dana Lee, title: CFO }',
        '    formats: [md, html, slides]',
        `    notes: { 2: "${note}" }`,
        '',
      ].join('\n'),
    );
    const r = await cli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const tree = readTree(join(dir, 'programmes', 'pilot'));
    const has = (path: string) => unescapeMd(tree[path] ?? '').includes(note);
    expect(has('facilitator/session-2.md')).toBe(true);
    expect(decode(tree['facilitator/session-2.html'] ?? '')).toContain(note);
    // The deck's presenter notes (an HTML comment under the title slide), not a slide.
    const deck = tree['facilitator/session-2.slides.md'] ?? '';
    expect(deck).toContain(note);
    expect(deck).toMatch(new RegExp(`<!--(?:(?!-->)[\\s\\S])*${note.replace(/[.;]/g, '.')}`));
    expect(has('facilitator/session-1.md')).toBe(false);
    expect(Object.keys(tree).filter((p) => /^(participant|leader)\//.test(p))).toContain('participant/session-2.slides.md');
    const elsewhere = Object.entries(tree)
      .filter(([p]) => !/^facilitator\/session-2\./.test(p) && (p.endsWith('.md') || p.endsWith('.html')))
      .filter(([p, t]) => (p.endsWith('.html') ? decode(t) : unescapeMd(t)).includes(note))
      .map(([p]) => p);
    expect(elsewhere).toEqual([]);
  });

  it('catches a link out of participant/ (the check itself works)', () => {
    expect(
      linksOutOfParticipant({ 'participant/index.html': '<a href="../facilitator/guide.html">x</a>', 'participant/a.md': '[x](../leader/guide.md)' }),
    ).toHaveLength(2);
  });

  it('catches a planted leak (the check itself works)', () => {
    const tree = { 'participant/session-1.md': 'Intro\n\nThe salaries line has no note in the material at all.\n' };
    expect(leaksIn(tree, ['The salaries line has no note in the material at all.'])).toHaveLength(1);
  });
});
