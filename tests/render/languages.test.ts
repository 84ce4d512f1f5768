import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, ROOT, cli, readTree, tempDir } from '../helpers.js';

/**
 * Packs in other languages (issue 26). The words that have moved to the catalogues (the comms emails,
 * the kits' plan, RACI and blocker routes, the view's sentences, the blueprint's titles, dates) follow
 * --lang; the role's own text stays as written.
 */

/** Common English words and cocoon's own English chrome: none may be left in a German or French page. */
const ENGLISH = [
  'the',
  'and',
  'you',
  'your',
  'with',
  'what',
  'when',
  'before',
  'after',
  'each',
  'every',
  'please',
  'bring',
  'to be named',
  'session',
  'sessions',
  'participant',
  'participants',
  'week',
  'weeks',
  'minutes each',
  'reminder',
  'invitation',
  'subject',
  'email',
  'prompt library',
  'line manager',
  'line managers',
  'business owner',
  'showcase',
  'capstone',
  'practice',
  'thank you',
];

/** Every string the role file holds, longest first, as written and with its first letter lowered (a title inside a sentence). */
function roleStrings(role: string): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const t = v.trim();
      out.add(t);
      out.add(t.charAt(0).toLowerCase() + t.slice(1));
      // Lists and hard-wrapped YAML print line by line.
      for (const line of t.split('\n')) if (line.trim()) out.add(line.trim());
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(parse(readFileSync(join(ROOT, 'roles', `${role}.yaml`), 'utf8')));
  return [...out].filter((s) => s.length > 1).sort((a, b) => b.length - a.length);
}

/** Words English shares with the language: French says "participant" and "invitation" too. */
const SHARED: Record<string, string[]> = { fr: ['participant', 'participants', 'invitation'], de: [], en: [] };

function englishLeft(text: string, own: string[], lang = 'en'): string[] {
  // Role text is printed Markdown-escaped ("\[CHECK\]"): read it as written before taking it out.
  let rest = text.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
  // Paths and file names (forms/baseline.csv, managers/brief.md) and the command name are not prose.
  rest = rest.replace(/[\w./-]+\.(md|csv|ics|html|gift)\b/g, ' ').replace(/cocoon report/g, ' ');
  for (const s of own) rest = rest.split(s).join(' ');
  const found = ENGLISH.filter((w) => !SHARED[lang]!.includes(w)).filter((w) =>
    new RegExp(`(?<![\\p{L}-])${w.replace(/ /g, '\\s+')}(?![\\p{L}-])`, 'iu').test(rest),
  );
  return found;
}

const PEOPLE = ['--sponsor', 'Dana Lee, CFO', '--owner', 'Priya Shah, Ops', '--facilitators', 'Sam Roe, Ops'];

async function pack(role: string, lang: string, extra: string[] = []): Promise<Record<string, string>> {
  const out = tempDir();
  const r = await cli([
    'plan',
    '--role',
    role,
    '--lang',
    lang,
    '--start',
    '2027-01-12',
    '--timezone',
    'Europe/Berlin',
    '--format',
    'md',
    '--out',
    out,
    ...PEOPLE,
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return readTree(out);
}

describe('--lang de and fr: the emails carry no English outside the role', () => {
  for (const lang of ['de', 'fr'])
    for (const role of BUILT_IN_ROLES)
      it(`${lang} · ${role}`, async () => {
        const files = await pack(role, lang);
        const own = [...roleStrings(role), 'Dana Lee, CFO', 'Dana Lee', 'CFO', 'Priya Shah, Ops', 'Priya Shah', 'Sam Roe', 'Ops'];
        const comms = Object.entries(files).filter(([p]) => p.startsWith('comms/'));
        expect(comms.length).toBeGreaterThanOrEqual(5);
        const left = comms.map(([p, text]) => [p, englishLeft(text, own, lang)] as const).filter(([, w]) => w.length);
        expect(left).toEqual([]);
      }, 30_000);

  it('the scan finds English (it can fail)', async () => {
    const files = await pack('finance', 'en');
    expect(englishLeft(files['comms/invitation.md']!, roleStrings('finance'))).toEqual(expect.arrayContaining(['the', 'session', 'your']));
  });
});

/**
 * Issue 26, acceptance 1: a German or French pack of a built-in role holds no English outside the role's
 * own text, on any page and in any format (Markdown, HTML text, the calendars, the decks, the GIFT quiz).
 * Machine files (JSON, the CSV forms whose column names are the contract) and the drafting brief, which
 * goes to the consultant's own AI assistant, are not pages.
 */
const LANGS_FOR_SCAN = ['de', ...(existsSync(join(ROOT, 'templates', 'i18n', 'fr')) ? ['fr'] : [])];

/** A file as the words a reader sees: HTML without tags or scripts, a calendar unfolded and unescaped, a deck without its style. */
function readable(path: string, text: string): string {
  if (path.endsWith('.html'))
    return text
      .replace(/<(script|style|pre)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<\/?(code|strong|em|a|span)\b[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  if (path.endsWith('.ics'))
    return text
      .replace(/\r?\n[ \t]/g, '')
      .replace(/\\n/gi, '\n')
      .replace(/\\([,;\\])/g, '$1');
  if (path.endsWith('.slides.md')) return text.replace(/<style>[\s\S]*?<\/style>/, ' ').replace(/^---[\s\S]*?\n---/, ' ');
  if (path.endsWith('.gift'))
    return text
      .replace(/\\([~=#{}:])/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return text;
}

describe('--lang de and fr: no page of any format carries English outside the role', () => {
  for (const lang of LANGS_FOR_SCAN)
    for (const role of BUILT_IN_ROLES)
      it(`${lang} · ${role}`, async () => {
        const files = await pack(role, lang, ['--format', 'md,html,ics,slides', '--sponsor-events']);
        // Role text is reflowed on slides and in prompts: compare with every run of whitespace as one space.
        const flat = (s: string) => s.replace(/`/g, '').replace(/\s+/g, ' ');
        const own = [...roleStrings(role), 'Dana Lee, CFO', 'Dana Lee', 'CFO', 'Priya Shah, Ops', 'Priya Shah', 'Sam Roe', 'Ops'].map(flat);
        const pages = Object.entries(files).filter(([p]) => !/\.(json|csv)$/.test(p) && !p.startsWith('.'));
        expect(pages.length).toBeGreaterThan(60);
        const left = pages
          .map(([p, text]) => [p, englishLeft(flat(readable(p, text).replace(/```[\s\S]*?```/g, ' ')), own, lang)] as const)
          .filter(([, w]) => w.length);
        expect(left).toEqual([]);
      }, 60_000);

  it('the scan finds English in an English pack: in a page, a deck and a calendar (it can fail)', async () => {
    const files = await pack('finance', 'en', ['--format', 'md,html,ics,slides']);
    const own = roleStrings('finance');
    for (const page of ['facilitator/session-1.html', 'participant/session-1.slides.md', 'calendar.ics'])
      expect(englishLeft(readable(page, files[page]!), own), page).toEqual(expect.arrayContaining(['the', 'session']));
  });
});

describe('dates, times and words per language', () => {
  it('de: "Dienstag, 12. Januar 2027" and the formal register', async () => {
    const f = await pack('finance', 'de');
    expect(f['comms/invitation.md']).toContain('Sitzung 1, Dienstag, 12. Januar 2027, 09:30–11:00 Uhr (Europe/Berlin)');
    expect(f['comms/invitation.md']).toContain('Bitte halten Sie sich diese Termine frei');
    expect(f['participant/session-1.md']).toContain('| Pause |');
  });

  it('fr: "mardi 12 janvier 2027", 9 h 30, and vous', async () => {
    const f = await pack('finance', 'fr');
    expect(f['comms/invitation.md']).toContain('Séance 1, mardi 12 janvier 2027, 9 h 30 – 11 h 00 (Europe/Berlin)');
    expect(f['comms/invitation.md']).toContain('Merci de réserver ces dates');
  });

  it('en-US: program, organization, "Tuesday, January 12, 2027" at 9:30 AM', async () => {
    const f = await pack('finance', 'en-US');
    const invitation = f['comms/invitation.md']!;
    expect(invitation).toContain('Session 1, Tuesday, January 12, 2027, 9:30 AM–11:00 AM (Europe/Berlin)');
    expect(f['comms/announcement.md']).toContain('owns the program,');
    expect(f['comms/announcement.md']).not.toContain('programme,');
    expect(f['comms/managers.md']).toContain('one-on-ones');
  });

  it('en-US: no page, calendar or deck of a built-in role keeps a British spelling outside the role', async () => {
    for (const role of ['finance', 'sales']) {
      const files = await pack(role, 'en-US', ['--format', 'md,html,ics,slides']);
      const own = roleStrings(role);
      const british = Object.entries(files)
        .filter(([f]) => !f.endsWith('.json') && !f.endsWith('.csv'))
        .flatMap(([f, text]) => {
          // A calendar's folded lines and TEXT escapes are read as the text they carry.
          const plain = f.endsWith('.ics')
            ? text
                .replace(/\r?\n[ \t]/g, '')
                .replace(/\\n/gi, '\n')
                .replace(/\\([,;\\])/g, '$1')
            : text;
          let rest = plain.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
          for (const s of own) rest = rest.split(s).join(' ');
          return [...rest.matchAll(/\b(programme|organisation|practis(?:e|ed|ing)|line managers?)\b/gi)].map((m) => `${role}/${f}: ${m[0]}`);
        });
      expect(british).toEqual([]);
    }
  });

  it('en is the default and --lang en changes nothing', async () => {
    // The same out folder name in two places: the pages print `cocoon report <out>`.
    const a = tempDir();
    const b = tempDir();
    const args = ['plan', '--role', 'hr', '--start', '2027-01-12', '--format', 'md,html,ics,slides', '--out', 'pack'];
    expect((await cli(args, { cwd: a })).code).toBe(0);
    expect((await cli([...args, '--lang', 'en'], { cwd: b })).code).toBe(0);
    expect(readTree(join(b, 'pack'))).toEqual(readTree(join(a, 'pack')));
  });

  it('an unknown language is a usage error naming the flag', async () => {
    const r = await cli(['plan', '--role', 'hr', '--lang', 'klingon!', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang');
    const s = await cli(['plan', '--role', 'hr', '--lang', 'es', '--dry-run']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('templates_dir/messages/es.yaml');
  });
});

describe('templates_dir overrides one message or one template, and only the pages that use it change', () => {
  const project = (messages: Record<string, string>, lang?: string): string => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'cocoon.yaml'),
      `org: { name: Northwind Ltd${lang ? `, language: ${lang}` : ''} }\ntemplates_dir: templates\nprogrammes:\n  - { id: fin, role: finance, out: programmes/fin, sponsor: { name: Dana Lee, title: CFO }, owner: { name: Priya Shah, team: Ops }, schedule: { sessions: 4, start: "2027-01-12" } }\n`,
    );
    mkdirSync(join(dir, 'templates', 'messages'), { recursive: true });
    for (const [file, text] of Object.entries(messages)) writeFileSync(join(dir, 'templates', file), text);
    return dir;
  };
  const build = async (dir: string) => {
    const r = await cli(['build'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return readTree(join(dir, 'programmes', 'fin'));
  };
  const changed = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(b)
      .filter((k) => a[k] !== b[k] && !k.startsWith('.'))
      .filter((k) => k !== 'manifest.json')
      .sort();

  it('one message of a language (de): only the first reminder changes, md and html', async () => {
    const base = await build(project({}, 'de'));
    const over = await build(project({ 'messages/de.yaml': 'comms:\n  reminder:\n    signIn: "Melden Sie sich bitte vorab einmal an."\n' }, 'de'));
    expect(changed(base, over).filter((k) => !k.includes('manifest'))).toEqual(['comms/reminder-session-1.html', 'comms/reminder-session-1.md']);
    expect(over['comms/reminder-session-1.md']).toContain('Melden Sie sich bitte vorab einmal an.');
  }, 60_000);

  it('one blocker route (en): every page that routes that blocker says the same new words', async () => {
    const base = await build(project({}));
    const over = await build(project({ 'messages/en.yaml': 'kits:\n  route:\n    time:\n      how: "Book a practice slot with your manager."\n' }));
    const pages = changed(base, over).filter((k) => k.endsWith('.md'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect(over[p]).toContain('Book a practice slot with your manager.');
    expect(pages).toEqual(
      Object.keys(over)
        .filter((k) => k.endsWith('.md') && over[k]!.includes('Book a practice slot with your manager.'))
        .sort(),
    );
  }, 60_000);

  it('one template: only its page changes', async () => {
    const base = await build(project({}));
    const dir = project({});
    writeFileSync(join(dir, 'templates', 'norms-poster.md.hbs'), '# {{md programme.title}}\n\nOur norms, in our words.\n');
    const over = await build(dir);
    expect(changed(base, over).filter((k) => !k.includes('manifest'))).toEqual(['participant/norms.html', 'participant/norms.md']);
  }, 60_000);
});

describe('cocoon init --templates', () => {
  it('copies every page template and catalogue; a project built from the copies makes the same packs', async () => {
    const dir = tempDir();
    expect((await cli(['init', '--yes'], { cwd: dir })).code).toBe(0);
    const before = await cli(['build'], { cwd: dir });
    expect(before.code, before.stderr).toBe(0);
    const packs = readTree(join(dir, 'programmes'));
    const r = await cli(['init', '--templates'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('templates_dir: templates');
    const copied = readTree(join(dir, 'templates'));
    expect(Object.keys(copied)).toEqual(
      expect.arrayContaining(['messages/de.yaml', 'messages/en.yaml', 'messages/fr.yaml', 'comms-message.md.hbs', 'header.hbs']),
    );
    expect(copied['messages/de.yaml']).toBe(readFileSync(join(ROOT, 'templates', 'messages', 'de.yaml'), 'utf8'));
    writeFileSync(join(dir, 'cocoon.yaml'), `${readFileSync(join(dir, 'cocoon.yaml'), 'utf8')}templates_dir: templates\n`);
    const after = await cli(['build'], { cwd: dir });
    expect(after.code, after.stderr).toBe(0);
    expect(readTree(join(dir, 'programmes'))).toEqual(packs);
    // A second run keeps what is there.
    expect((await cli(['init', '--templates'], { cwd: dir })).stdout).toContain('kept');
  }, 60_000);
});
