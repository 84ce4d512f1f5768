import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, FIXTURES, cli, spawnCli, tempDir } from '../helpers.js';

/**
 * The hostile-input corpus: every item of DESIGN.md's "Bad input" list and the extra cases of the
 * speed-and-safety issue. Each case runs the real CLI and asserts the exit code, one clear message
 * (no stack trace), and that nothing outside the expected files changed.
 */

const ROLE = readFileSync(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), 'utf8');

/** The fixture role with some text replaced; fails loudly if the text to replace is not there. */
function role(...edits: [string | RegExp, string][]): string {
  let text = ROLE;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`corpus: ${String(from)} not found in the fixture role`);
    text = next;
  }
  return text;
}

/** A temp project: path → content; a content starting with "->" makes a symlink to the rest. */
function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir('cocoon-hostile-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (typeof content === 'string' && content.startsWith('->')) symlinkSync(content.slice(2), join(dir, path));
    else writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** path → sha256 (or link target) of everything under dir, directories included. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(join(dir, r))}`);
      else if (st.isDirectory()) {
        out.set(`${r}/`, 'dir');
        walk(r);
      } else
        out.set(
          r,
          createHash('sha256')
            .update(readFileSync(join(dir, r)))
            .digest('hex'),
        );
    }
  };
  walk('');
  return out;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

const NO_CRASH = /\n\s+at |RangeError|TypeError|SyntaxError: |Maximum call stack|FATAL ERROR/;

/** Run cocoon in dir; return the result and what changed in dir. */
function run(dir: string, args: string[]): CliResult & { changed: string[] } {
  const before = snapshot(dir);
  const r = spawnCli(args, { cwd: dir, timeout: 20_000 });
  return { ...r, changed: changedPaths(before, snapshot(dir)) };
}

/** A usage or write error: exactly "cocoon: <message>" and "hint: …" on stderr, nothing on stdout. */
function expectOneLineError(r: CliResult & { changed: string[] }, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^cocoon: /);
  expect(lines[0]).toMatch(message);
  expect(lines.slice(1).every((l) => l.startsWith('hint: '))).toBe(true);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(r.stdout + r.stderr).not.toMatch(NO_CRASH);
  expect(r.changed).toEqual([]);
}

/** A file problem: positioned diagnostics "file:line:col error … rule", exit 1, nothing written. */
function expectDiagnostic(r: CliResult & { changed: string[] }, at: RegExp, message: RegExp): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const all = r.stdout + r.stderr;
  expect(all).toMatch(at);
  expect(all).toMatch(message);
  expect(all).not.toMatch(NO_CRASH);
  expect(r.changed).toEqual([]);
}

describe('YAML 1.1 surprises are read as YAML 1.2', () => {
  it('`no` and `on` stay text: a role named "no" plans, and the pack says "no"', () => {
    const dir = project({ 'roles/procurement.yaml': role([/^name: .*$/m, 'name: no'], [/^summary: .*$/m, 'summary: on']) });
    const r = run(dir, ['plan', '--role', 'procurement', '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'programmes/procurement/README.md'), 'utf8')).toMatch(/^# .*\bno\b/m);
    expect(r.changed.every((p) => p.startsWith('programmes/'))).toBe(true);
  });

  it('an unquoted 012 is the number 12: a positioned "must be text" with a quoting hint', () => {
    const dir = project({ 'roles/procurement.yaml': role(['audience: [category manager,', 'audience: [012, category manager,']) });
    const r = run(dir, ['validate', 'roles/procurement.yaml']);
    expectDiagnostic(r, /5:12 +error/, /`audience` entry 1 must be text, not number 12/);
    expect(r.stdout).toContain('Put the value in quotes');
  });

  it('a date as a key is an unknown key, not a date', () => {
    const dir = project({ 'roles/procurement.yaml': `${ROLE}2027-01-12: kick-off\n` });
    expectDiagnostic(run(dir, ['validate', 'roles/procurement.yaml']), /\d+:1 +error/, /Unknown key `2027-01-12`/);
  });

  it('merge keys (<<) are not special: an unknown key', () => {
    const dir = project({ 'roles/procurement.yaml': role([/^name: .*$/m, 'name: Procurement\n<<: { summary: merged }']) });
    expectDiagnostic(run(dir, ['validate', 'roles/procurement.yaml']), /4:1 +error/, /Unknown key `<<`/);
  });
});

describe('size and shape', () => {
  it('a 19 000-character line plans; a 500 000-character line is a positioned error', () => {
    const ok = project({ 'roles/procurement.yaml': role([/(\n {4}pain: )[^\n]*/, `$1Specs go out incomplete. ${'Again. '.repeat(2700)}`]) });
    const r = run(ok, ['plan', '--role', 'procurement', '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    const long = project({ 'roles/procurement.yaml': role([/(\n {4}pain: )[^\n]*/, `$1${'x'.repeat(500_000)}`]) });
    expectDiagnostic(run(long, ['plan', '--role', 'procurement']), /procurement\.yaml:19:11 +error/, /`pain` is longer than 20000 characters/);
  });

  it('a role just under 1 MiB with thousands of workflows validates and plans', () => {
    const head = ROLE.slice(0, ROLE.indexOf('workflows:\n'));
    const capstones = ROLE.slice(ROLE.indexOf('capstones:\n'));
    const workflow = (i: number) =>
      `  - { id: w-${i}, title: Review ${i}, pain: Slow, baseline: { minutes: 60, per: week }, target_minutes: 30, ` +
      `steps: [{ do: Gather, ai: human }, { do: Draft, ai: augment }, { do: Sign off, ai: human }], risks: [Errors, Leaks], checks: [Figures, Names], ` +
      `prompts: [{ id: p-${i}, title: Draft ${i}, template: "You are a buyer. Summarise {{notes}} for review ${i}.", ` +
      `variables: { notes: { description: Notes, example: "Lot 2 notes" } }, weak: Summarise, verify: [Facts, Tone] }], ` +
      `exercise: { title: Exercise ${i}, minutes: 20, materials: Notes, steps: [Weak, Strong, Compare], debrief: [Why?] }, ` +
      `practice: { title: Practice ${i}, task: Use it, evidence: [Minutes, One fix] } }\n`;
    const lines: string[] = [];
    let size = head.length + capstones.length + 'workflows:\n'.length;
    for (let i = 0; size + workflow(i).length < 1024 * 1024 - 1024; i++) {
      lines.push(workflow(i));
      size += workflow(i).length;
    }
    expect(lines.length).toBeGreaterThan(1500);
    const text = `${head}workflows:\n${lines.join('')}${capstones.replace(/workflows: \[[^\]]*\]/, 'workflows: [w-0]')}`;
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const dir = project({ 'roles/procurement.yaml': text });
    const v = run(dir, ['validate', '--quiet', 'roles/procurement.yaml']);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout + v.stderr).not.toMatch(NO_CRASH);
    const p = run(dir, ['plan', '--role', 'procurement', '--format', 'md', '--workflows', 'w-0,w-1,w-2', '--capstone', 'next-rfq', '--all-prompts']);
    expect(p.code, p.stderr).toBe(0);
    // With --all-prompts the prompt library lists every prompt of the role.
    expect(readFileSync(join(dir, 'programmes/procurement/participant/prompts.md'), 'utf8')).toContain(`Draft ${lines.length - 1}`);
    // A megabyte of YAML with 1 500 workflows takes seconds; on a loaded 2-core machine, more.
  }, 120_000);

  it('one byte over 1 MiB is refused before parsing', () => {
    const dir = project({ 'roles/procurement.yaml': `${ROLE}# ${'x'.repeat(1024 * 1024 - ROLE.length)}\n` });
    expectDiagnostic(run(dir, ['validate', 'roles/procurement.yaml']), /1:1 +error/, /cocoon reads YAML files up to 1 MiB/);
  });
});

describe('Unicode flows through every format, escaped for each', () => {
  it('RTL names, emoji and combining marks reach Markdown, HTML and ICS intact', () => {
    const rtl = 'مريم الحداد';
    const combining = 'Cafe\u0301 supplies'; // e + COMBINING ACUTE ACCENT, not NFC-normalised away
    const dir = project({
      'roles/procurement.yaml': role([/^name: .*$/m, 'name: Procurement 🧾'], ['title: RFQ pack drafting', `title: RFQ pack drafting for ${combining}`]),
    });
    const r = run(dir, [
      'plan',
      '--role',
      'procurement',
      '--start',
      '2027-03-16',
      '--timezone',
      'Asia/Dubai',
      '--sponsor',
      `${rtl}, CFO`,
      '--org',
      'R&D <Lab> 👩🏽‍🔬',
      '--format',
      'md,html,ics',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const pack = join(dir, 'programmes/procurement');
    const md = readFileSync(join(pack, 'leader/guide.md'), 'utf8');
    expect(md).toContain(rtl);
    expect(md).toContain('👩🏽‍🔬');
    expect(readFileSync(join(pack, 'README.md'), 'utf8')).toContain(combining);
    const html = readFileSync(join(pack, 'index.html'), 'utf8');
    expect(html).toContain(combining);
    expect(html).toContain('Procurement 🧾');
    expect(html).toContain('R&amp;D &lt;Lab&gt; 👩🏽‍🔬');
    expect(html).not.toContain('<Lab>');
    expect(html).toMatch(/<meta charset="utf-8">/i);
    const ics = readFileSync(join(pack, 'calendar.ics'), 'utf8');
    // Folded lines never split a UTF-8 sequence: every physical line is valid UTF-8 on its own.
    // …and none is longer than 75 octets (RFC 5545 §3.1), however many bytes its characters take.
    for (const line of ics.split('\r\n')) {
      expect(Buffer.from(Buffer.from(line, 'utf8').toString('utf8')).equals(Buffer.from(line, 'utf8'))).toBe(true);
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    }
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
    const text = events.map((e) => `${String(e.getFirstPropertyValue('summary'))}\n${String(e.getFirstPropertyValue('description'))}`).join('\n');
    expect(text).toContain(combining);
    expect(text).toContain(rtl);
  });

  it('control characters written as YAML escapes ("\\0", "\\a") reach no file: U+FFFD instead, as CommonMark does for NUL', () => {
    const dir = project({ 'roles/procurement.yaml': role(['title: RFQ pack drafting', 'title: "RFQ pack\\0drafting\\a"']) });
    const r = run(dir, ['plan', '--role', 'procurement', '--start', '2027-03-16', '--format', 'md,html,ics']);
    expect(r.code, r.stderr).toBe(0);
    const pack = join(dir, 'programmes/procurement');
    const pages = readdirSync(pack, { recursive: true })
      .map(String)
      .filter((f) => /\.(md|html|ics)$/.test(f));
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) expect(readFileSync(join(pack, page), 'utf8'), page).not.toMatch(/[\0\x07]/);
    for (const page of ['README.md', 'index.html', 'calendar.ics'])
      expect(readFileSync(join(pack, page), 'utf8'), page).toContain('RFQ pack\uFFFDdrafting\uFFFD');
  });
});

describe('templates are data: no code runs, no prototype is touched', () => {
  it('Handlebars syntax in a role is printed literally, in Markdown and HTML', () => {
    const injected = '{{constructor}} {{#each this}}x{{/each}} {{> evil}} {{lookup this "__proto__"}}';
    const dir = project({
      'roles/procurement.yaml': role(
        [/(\n {4}pain: )[^\n]*/, `$1'Specs go out incomplete: ${injected}'`],
        // A prompt variable may be called `constructor`: it is a placeholder for the participant, nothing more.
        ['for {{category}}.', 'for {{constructor}}.'],
        ['          category: { description', '          constructor: { description'],
      ),
    });
    const r = run(dir, ['plan', '--role', 'procurement', '--format', 'md,html']);
    expect(r.code, r.stderr).toBe(0);
    const pack = join(dir, 'programmes/procurement');
    const prompts = readFileSync(join(pack, 'participant/prompts.md'), 'utf8');
    expect(prompts).toContain('for {{constructor}}.');
    const all = readdirSync(pack, { recursive: true })
      .map(String)
      .filter((f) => /\.(md|html)$/.test(f))
      .map((f) => readFileSync(join(pack, f), 'utf8'))
      .join('\n');
    expect(all).not.toMatch(/function Object|\[object Object\]|\[native code\]/);
    const html = readFileSync(join(pack, 'index.html'), 'utf8');
    expect(html).toContain('{{constructor}} {{#each this}}x{{/each}} {{&gt; evil}}');
  });

  it('__proto__ keys are unknown keys and pollute nothing', async () => {
    const dir = project({
      'roles/procurement.yaml': role(
        [/^name: .*$/m, 'name: Procurement\n__proto__: { polluted: true }'],
        ['          category: { description', '          __proto__: { polluted: true }\n          category: { description'],
      ),
    });
    const r = await cli(['validate', 'roles/procurement.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/4:1 +error +Unknown key `__proto__`/);
    expect(r.stdout).toMatch(/`__proto__`/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('path tricks', () => {
  it('--role with ../ is a usage error (2), nothing written', () => {
    const dir = project({ 'roles/procurement.yaml': ROLE });
    expectOneLineError(run(dir, ['plan', '--role', '../../etc/passwd']), 2, /--role: "..\/..\/etc\/passwd" is not a valid id/);
  });

  it('--out pointing at a file → 73; at a symlink → 73; nothing written through it', () => {
    const outside = tempDir('cocoon-outside-');
    const dir = project({ 'roles/procurement.yaml': ROLE, 'a-file': 'keep me\n', linked: `->${outside}` });
    expectOneLineError(run(dir, ['plan', '--role', 'procurement', '--out', 'a-file']), 73, /a-file is a file, not a directory/);
    expectOneLineError(run(dir, ['plan', '--role', 'procurement', '--out', 'linked']), 73, /is a symlink; cocoon does not write through links/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a role file that is a symlink out of the project is refused', () => {
    const outside = tempDir('cocoon-outside-');
    writeFileSync(join(outside, 'procurement.yaml'), ROLE);
    const dir = project({ 'roles/procurement.yaml': `->${join(outside, 'procurement.yaml')}` });
    expectDiagnostic(run(dir, ['validate', 'roles/procurement.yaml']), /1:1 +error/, /symlink to a place outside the project/);
  });

  const config = (programme: string) =>
    `programmes:\n  - { id: p, role: procurement, owner: { name: A B, team: C }, sponsor: { name: D E, title: CFO }, ${programme} }\n`;
  for (const [what, programme, message] of [
    ['out: ../escape', 'out: ../escape', /outside the project/],
    ['an absolute out', 'out: /tmp/cocoon-escape', /outside the project/],
    ['an id with ../', 'id: ../x', /not a valid id/],
  ] as const) {
    it(`cocoon.yaml with ${what} is a positioned error; build writes nothing`, () => {
      const dir = project({
        'roles/procurement.yaml': ROLE,
        'cocoon.yaml': config(programme).replace('id: p, ', programme.startsWith('id:') ? '' : 'id: p, '),
      });
      const r = run(dir, ['build']);
      expectDiagnostic(r, /cocoon\.yaml:2:\d+ +error/, message);
    });
  }
});

/** Tiny real file systems: a read-only one and a full one (needs root and mount, as in CI). */
const mounts: string[] = [];
function mount(options: string): string | undefined {
  const at = tempDir('cocoon-mnt-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]);
  if (r.status !== 0) return undefined;
  mounts.push(at);
  return at;
}
afterAll(() => {
  for (const at of mounts.splice(0)) spawnSync('umount', [at]);
});
const canMount = (() => {
  const at = mount('size=16k');
  return at !== undefined;
})();

describe.skipIf(!canMount)(
  canMount ? 'write failures on real file systems' : 'write failures on real file systems — skipped: cannot mount a tmpfs here (needs root)',
  () => {
    it('a read-only file system → 73 "read-only file system", nothing written', () => {
      const dir = project({ 'roles/procurement.yaml': ROLE });
      const ro = mount('ro,size=64k')!;
      const r = run(dir, ['plan', '--role', 'procurement', '--out', join(ro, 'deep/er/pack')]);
      expectOneLineError(r, 73, /Cannot write .*: read-only file system/);
      expect(readdirSync(ro)).toEqual([]);
    });

    it('a full disk → 73 "no space left"; the previous pack stays whole and no staging is left', () => {
      const dir = project({ 'roles/procurement.yaml': ROLE });
      const full = mount('size=512k')!;
      const out = join(full, 'pack');
      expect(run(dir, ['plan', '--role', 'procurement', '--format', 'md', '--out', out]).code).toBe(0);
      const before = snapshot(full);
      const r = spawnCli(['plan', '--role', 'procurement', '--format', 'md,html', '--out', out], { cwd: dir });
      expect(r.code, r.stderr).toBe(73);
      expect(r.stderr).toMatch(/^cocoon: Cannot write .*pack: no space left on the device\nhint: Free some space/);
      expect(changedPaths(before, snapshot(full))).toEqual([]);
    });
  },
);
