import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, cli, readTree, tempDir } from '../helpers.js';

/**
 * Issue 33, acceptance 4: every built-in role's pack at 4 × 90 is byte-stable (two runs, the same bytes),
 * its HTML pages pass html-validate, its calendar parses with ical.js into one event per session and
 * check-in, and its decks raise no slides rule. An independent parser checks each format.
 */
// As tests/browser/pack.test.ts, and long-title off: a page title names the page and the programme ("Check-ins, facilitator agenda · AI for Customer support"), longer than a search result shows.
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off' } });

interface PlanJson {
  diagnostics: { rule: string; message: string }[];
}

describe('sixteen built-in roles, 4 × 90, every format', () => {
  it('there are sixteen', () => expect(BUILT_IN_ROLES).toHaveLength(16));

  for (const role of BUILT_IN_ROLES)
    it(
      role,
      async () => {
        const args = ['plan', '--role', role, '--sessions', '4', '--minutes', '90', '--start', '2027-01-12', '--timezone', 'Europe/London'];
        const people = ['--sponsor', 'Dana Lee, Director', '--owner', 'Priya Shah, Operations', '--format', 'md,html,ics,slides'];
        const [a, b] = [tempDir(), tempDir()];
        expect((await cli([...args, ...people, '--out', 'pack'], { cwd: a })).code).toBe(0);
        expect((await cli([...args, ...people, '--out', 'pack'], { cwd: b })).code).toBe(0);
        const first = readTree(join(a, 'pack'));
        expect(readTree(join(b, 'pack')), 'two runs, the same bytes').toEqual(first);

        for (const [path, text] of Object.entries(first).filter(([p]) => p.endsWith('.html'))) {
          const report = await validator.validateString(text, path);
          expect(
            report.results.flatMap((r) => r.messages.map((m) => `${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)),
            path,
          ).toEqual([]);
        }

        const events = new ICAL.Component(ICAL.parse(first['calendar.ics']!)).getAllSubcomponents('vevent');
        const sessions = events.filter((e) => /session \d/.test(String(e.getFirstPropertyValue('summary'))));
        expect(sessions).toHaveLength(4);
        expect(events.filter((e) => /check-in/.test(String(e.getFirstPropertyValue('summary')))).length).toBeGreaterThanOrEqual(2);
        for (const e of events) expect(new ICAL.Event(e).endDate.compare(new ICAL.Event(e).startDate), String(e.getFirstPropertyValue('uid'))).toBe(1);

        expect(Object.keys(first).filter((p) => p.endsWith('.slides.md'))).toHaveLength(8);
        const json = await cli([...args, ...people, '--dry-run', '--json', '--out', 'pack'], { cwd: tempDir() });
        expect((JSON.parse(json.stdout) as PlanJson).diagnostics.filter((d) => d.rule.startsWith('slides/')).map((d) => `${d.rule}: ${d.message}`)).toEqual([]);
      },
      120_000,
    );
});
