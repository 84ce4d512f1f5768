import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';

/**
 * The holes issue 24's probe found, one test each (each failed before its fix). The corpus test
 * (corpus-escaping.test.ts) covers the class: every field into every format; these pin the reproductions.
 */

const require = createRequire(import.meta.url);
const FINANCE = readFileSync(join(ROOT, 'roles/finance.yaml'), 'utf8');
const INJECTED_EVENT = 'Finance\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nDTSTART:20270101T000000Z\r\nSUMMARY:Click\r\nURL:https://evil.example/login\r\nEND:VEVENT';

/** A project directory holding roles/finance.yaml with some text replaced (each replacement must apply). */
function financeProject(edits: [string, string][], files: Record<string, string> = {}): string {
  const dir = tempDir('cocoon-holes-');
  let text = FINANCE;
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`holes: ${from} is not in roles/finance.yaml`);
    // A function replacer: the replacement is the hostile text itself, never a pattern.
    text = text.replace(from, () => to);
  }
  mkdirSync(join(dir, 'roles'), { recursive: true });
  writeFileSync(join(dir, 'roles/finance.yaml'), text);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const yamlQuoted = (s: string) => JSON.stringify(s);

/** Six people's baseline and first check-in on variance-commentary, in pack/responses/. */
function respond(pack: string): void {
  const rows = (f: (p: string) => string) => Array.from({ length: 6 }, (_, i) => f(`p0${i + 1}`)).join('\n');
  mkdirSync(join(pack, 'responses'), { recursive: true });
  writeFileSync(
    join(pack, 'responses/baseline.csv'),
    `participant,workflow,minutes,per_month,confidence\n${rows((p) => `${p},variance-commentary,480,1,3`)}\n`,
  );
  writeFileSync(
    join(pack, 'responses/check-in-1.csv'),
    `participant,workflow,minutes,uses,blockers,corrected\n${rows((p) => `${p},variance-commentary,200,1,none,no`)}\n`,
  );
}

describe('issue 24 holes', () => {
  it('HIGH: a role name with CRLF + BEGIN:VEVENT adds no event to leader/calendar.ics (the sponsor calendar)', async () => {
    const dir = financeProject([['name: Finance', `name: ${yamlQuoted(INJECTED_EVENT)}`]]);
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--format', 'ics', '--sponsor-events'], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    for (const file of ['leader/calendar.ics', 'calendar.ics']) {
      const text = readFileSync(join(dir, 'programmes/finance', file), 'utf8');
      const cal = new ICAL.Component(ICAL.parse(text));
      const uids = cal.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid')));
      expect(
        uids.filter((u) => u.startsWith('evil')),
        file,
      ).toEqual([]);
      expect(
        cal.getAllSubcomponents('vevent').every((e) => !e.hasProperty('url')),
        file,
      ).toBe(true);
      // Every physical line is a property of cocoon's, or a fold: no line of the role's starts a component.
      expect(text.split('\r\n').filter((l) => /^(BEGIN|END):VEVENT/.test(l)).length, file).toBe(2 * uids.length);
    }
  });

  it("MEDIUM: $` $' $& in a workflow title are text in report.html, not replacement patterns (was 371 MB)", async () => {
    const title = "$`$'$& Month-end variance commentary $` $' $&";
    const dir = financeProject([['title: Month-end variance commentary', `title: ${yamlQuoted(title)}`]], {
      'cocoon.yaml':
        'programmes:\n  - { id: pilot, role: finance, owner: { name: Priya Shah, team: Finance Operations }, sponsor: { name: Dana Lee, title: CFO }, group_size: 6, capstone: close-pack, schedule: { start: 2027-01-12, sessions: 3 }, out: pack }\n',
    });
    expect((await cli(['build'], { cwd: dir })).code).toBe(0);
    respond(join(dir, 'pack'));
    const started = Date.now();
    const r = await cli(['report'], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const page = join(dir, 'pack/report/report.html');
    expect(statSync(page).size).toBeLessThan(1024 * 1024);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('$`$&#39;$&amp; Month-end variance commentary');
    // One document: a pattern would have pasted the page (or its tail) into itself.
    expect(html.match(/<html/g)).toHaveLength(1);
  });

  it('MEDIUM: {{log}} is not a known helper: a template that calls it is a positioned error, and build --check prints nothing a CI log or terminal runs', async () => {
    const evil = '::error::planted%0A::add-mask::secret \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[2J';
    const dir = financeProject([], {
      'cocoon.yaml':
        'templates_dir: templates\nprogrammes:\n  - { id: pilot, role: finance, formats: [md], owner: { name: Priya Shah, team: Finance Operations }, sponsor: { name: Dana Lee, title: CFO } }\n',
      'templates/readme.md.hbs': `# {{md title}}\n\n{{md (log ${yamlQuoted(evil)})}}\n`,
    });
    const logged: unknown[] = [];
    const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
    console.log = console.error = console.warn = console.info = (...args: unknown[]) => void logged.push(args);
    let r;
    try {
      r = await cli(['build', '--check'], { cwd: dir });
    } finally {
      Object.assign(console, original);
    }
    expect(logged).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/templates\/readme\.md\.hbs:3:\d+.*\blog\b/);
    for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
      expect(line).not.toMatch(/^\s*::/);
      expect(line).not.toMatch(/[\u001b\u0007\u0080-\u009f]/);
    }
  });

  it('MEDIUM: GIFT carries no role HTML and no Moodle format marker ([html], [moodle], [markdown])', async () => {
    const dir = financeProject([
      [
        '    - unreleased results or forecasts, unless the tool is approved for them',
        `    - ${yamlQuoted('[html]<img src=x onerror=alert(1)><b>payroll</b> data')}`,
      ],
      ['title: Month-end variance commentary', `title: ${yamlQuoted('[moodle]<script>alert(1)</script> Month-end {=x~y#z:}')}`],
    ]);
    const r = await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const { parse } = require('gift-pegjs') as typeof import('gift-pegjs');
    const questions = parse(readFileSync(join(dir, 'programmes/finance/forms/skills-check.gift'), 'utf8'));
    expect(questions.length).toBeGreaterThanOrEqual(6);
    const texts: { format: string; text: string }[] = [];
    for (const q of questions) {
      if ('stem' in q) texts.push(q.stem);
      if ('choices' in q) for (const c of q.choices as { text: { format: string; text: string } }[]) texts.push(c.text);
    }
    const all = texts.map((t) => t.text).join('\n');
    expect(all).toContain('Month-end {=x~y#z:}');
    expect(all).toContain('payroll');
    for (const t of texts) {
      expect(t.format, t.text).toBe('moodle');
      expect(t.text, t.text).not.toMatch(/<[a-z/]|^\s*\[(html|moodle|markdown|plain)\]/i);
    }
  });

  it('MEDIUM: an `out:` path plants no link in report/portfolio.html ("Click here to log in")', async () => {
    const out = 'pack) [Click here to log in](https://evil.example/login) (x';
    const dir = financeProject([], {
      'cocoon.yaml': `programmes:\n  - { id: pilot, role: finance, owner: { name: Priya Shah, team: Finance Operations }, sponsor: { name: Dana Lee, title: CFO }, group_size: 6, capstone: close-pack, schedule: { start: 2027-01-12, sessions: 3 }, out: ${yamlQuoted(out)} }\n`,
    });
    expect((await cli(['build'], { cwd: dir })).code).toBe(0);
    respond(join(dir, out));
    const r = await cli(['report'], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const html = readFileSync(join(dir, 'report/portfolio.html'), 'utf8');
    const hrefs = [...html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(new URL(href, 'file:///project/report/').protocol).toBe('file:');
    }
    expect(html).not.toMatch(/<a\b[^>]*>\s*Click here/);
  });

  it('LOW (L5): SARIF artifact URIs are percent-encoded and resolve back to the file', async () => {
    const dir = tempDir('cocoon-holes-');
    const name = 'roles/a b#c%d?e[f]:g.yaml';
    mkdirSync(join(dir, 'roles'), { recursive: true });
    writeFileSync(join(dir, name), FINANCE);
    const r = await cli(['validate', '--format', 'sarif', name], { cwd: dir });
    const log = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) {
      expect(uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
      const url = new URL(uri, 'file:///project/');
      expect(decodeURIComponent(url.pathname)).toBe(`/project/${name}`);
      expect(url.search + url.hash).toBe('');
    }
  });

  it('LOW (L6): a Marp deck turns no :joy: or emoji into a CDN <img>, and no $…$ into math', async () => {
    const dir = financeProject([
      ['name: Finance', 'name: "Finance :joy: 🧾 ❤️ $x^2$"'],
      ['title: Month-end variance commentary', 'title: "Month-end :tada: commentary 👩🏽‍🔬 $$y$$"'],
    ]);
    const r = await cli(['plan', '--role', 'finance', '--format', 'slides'], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const marpCore = createRequire(require.resolve('@marp-team/marp-cli/package.json'))('@marp-team/marp-core') as {
      Marp: new (o: object) => { render(md: string): { html: string } };
    };
    const marp = new marpCore.Marp({ html: false });
    const decks = ['facilitator', 'participant'].flatMap((who) =>
      readdirSync(join(dir, 'programmes/finance', who))
        .filter((f) => f.endsWith('.slides.md'))
        .map((f) => join(dir, 'programmes/finance', who, f)),
    );
    expect(decks.length).toBeGreaterThan(0);
    let seen = 0;
    for (const deck of decks) {
      const { html } = marp.render(readFileSync(deck, 'utf8'));
      expect(html, deck).not.toMatch(/<img|mjx-container|cdn\.jsdelivr|twemoji/);
      if (html.includes('Finance')) seen++;
    }
    expect(seen).toBe(decks.length);
  });
});
