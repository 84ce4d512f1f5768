import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';

const require = createRequire(import.meta.url);
const { parse } = require('gift-pegjs') as {
  parse: (s: string) => { title: string; stem: { text: string }; choices: { isCorrect: boolean; text: { text: string } }[] }[];
};
const ROLES = readdirSync(join(ROOT, 'roles'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('the skills check measures (issue 25, acceptance 3)', () => {
  it('on every built-in role, no wrong option appears more than twice in one check, and most wrong options come from the role', async () => {
    expect(ROLES.length).toBeGreaterThanOrEqual(8);
    for (const role of ROLES) {
      const cwd = tempDir();
      const r = await cli(['plan', '--role', role, '--format', 'md'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const questions = parse(readFileSync(join(cwd, 'programmes', role, 'forms', 'skills-check.gift'), 'utf8'));
      const uses = new Map<string, number>();
      for (const q of questions) for (const c of q.choices) if (!c.isCorrect) uses.set(c.text.text, (uses.get(c.text.text) ?? 0) + 1);
      for (const [text, n] of uses) expect(n, `${role}: "${text}"`).toBeLessThanOrEqual(2);
      const roleText = readFileSync(join(ROOT, 'roles', `${role}.yaml`), 'utf8').replace(/\s+/g, ' ');
      const fromRole = [...uses.keys()].filter((t) => roleText.includes(t.replace(/\\/g, '').slice(0, 25))).length;
      expect(fromRole / uses.size, role).toBeGreaterThan(0.5);
    }
  }, 120_000);

  it("the report's item analysis flags a planted question everyone answered right before the programme", async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd })).code).toBe(0);
    const pack = join(cwd, 'programmes', 'finance');
    const spec = JSON.parse(readFileSync(join(pack, 'forms', 'programme.json'), 'utf8')) as { questions: { id: string; answer: string }[] };
    const wrong = (a: string) => 'abcd'[('abcd'.indexOf(a) + 1) % 4]!;
    const people = Array.from({ length: 8 }, (_, i) => `p0${i + 1}`);
    // q1: all right before (the planted item); the rest: right for half the people before, for most after.
    const pre = people.flatMap((p, i) => spec.questions.map((q, qi) => `${p},${q.id},${qi === 0 || i < 4 ? q.answer : wrong(q.answer)}`));
    const post = people.flatMap((p, i) => spec.questions.map((q) => `${p},${q.id},${i < 7 ? q.answer : wrong(q.answer)}`));
    mkdirSync(join(pack, 'responses'));
    writeFileSync(join(pack, 'responses', 'skills-pre.csv'), `participant,question,answer\n${pre.join('\n')}\n`);
    writeFileSync(join(pack, 'responses', 'skills-post.csv'), `participant,question,answer\n${post.join('\n')}\n`);
    const r = await cli(['report', 'programmes/finance'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(readFileSync(join(pack, 'report', 'report.json'), 'utf8'));
    expect(data.skills.per_question.map((q: { everyone_right_before: boolean }) => q.everyone_right_before)).toEqual(spec.questions.map((_, i) => i === 0));
    const Q = spec.questions.length;
    // (post − pre) ÷ (1 − pre), pre = (8 + 4(Q−1)) ÷ 8Q, post = 7 ÷ 8.
    const preScore = (8 + 4 * (Q - 1)) / (8 * Q);
    expect(data.skills.normalised_gain).toBeCloseTo((7 / 8 - preScore) / (1 - preScore), 2);
    expect(readFileSync(join(pack, 'report', 'report.md'), 'utf8')).toMatch(
      // After: seven of eight right, so the one wrong answer is a cell of one and the rate is not shown.
      /\| q1 \| 100 % \| — \| [^|]* \| everyone right before: measures nothing taught \|/,
    );
  });
});
