import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/model/model.js';
import { FIXTURES, cli, readTree, tempDir } from '../helpers.js';

const DRAFT = join(FIXTURES, 'draft');
const VIA = `node ${join(DRAFT, 'via.mjs')}`;

/** A project holding the bare role: no answer keys, briefs, demos or diagnoses, two materials that only describe. */
function project(): string {
  const dir = tempDir();
  cpSync(join(DRAFT, 'roles'), join(dir, 'roles'), { recursive: true });
  return dir;
}

/**
 * An independent count of what the role lacks, written from the definition and not from
 * src/model/readiness.ts: a workflow is runnable when its exercise has materials that are the
 * document (here: more than one line and not opening with "A synthetic" / "Three anonymised"), a brief
 * and an answer key, the workflow has a demo, and every weak prompt has its weak_why.
 */
function expectedMissing(role: Role): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const w of role.workflows) {
    const m: string[] = [];
    const ex = w.exercise;
    if (!ex) m.push('exercise');
    else {
      const mat = ex.materials ?? '';
      if (mat.trim().split('\n').length < 3 || /^(a|three) (synthetic|anonymised)/i.test(mat.trim())) m.push('materials');
      if (!ex.brief) m.push('brief');
      if (!ex.solution) m.push('solution');
    }
    if (!w.demo) m.push('demo');
    if ((w.prompts ?? []).some((p) => p.weak && !p.weak_why)) m.push('diagnosis');
    out[w.id] = m;
  }
  return out;
}

describe('honest packs (acceptance 1)', () => {
  it('a role without answer keys, demos or diagnoses: no facilitator page promises one, the README counts right, validate warns', async () => {
    const dir = project();
    const role = parse(readFileSync(join(dir, 'roles', 'bare.yaml'), 'utf8')) as Role;
    const missing = expectedMissing(role);
    const r = await cli(['plan', '--role', 'bare', '--out', 'pack', '--format', 'md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const pack = readTree(join(dir, 'pack'));

    // The README's count is the independent one (every workflow of this role is taught by the default plan).
    const ready = Object.values(missing).filter((m) => !m.length).length;
    const readme = pack['README.md']!;
    expect(readme.split('\n').slice(0, 4).join('\n')).toContain(
      `**Ready to run?** Not yet: ${ready} of ${role.workflows.length} exercises runnable from the page.`,
    );
    for (const w of role.workflows) {
      const line = readme.split('\n').find((l) => l.startsWith(`- **${w.title}:**`)) ?? '';
      expect(line.includes('an answer key'), w.id).toBe(missing[w.id]!.includes('solution'));
      expect(line.includes('demo material and a fallback output'), w.id).toBe(missing[w.id]!.includes('demo'));
      expect(line.includes('complete materials'), w.id).toBe(missing[w.id]!.includes('materials'));
    }

    const facilitator = Object.entries(pack).filter(([p]) => p.startsWith('facilitator/session-'));
    const all = facilitator.map(([, t]) => t).join('\n');
    // Nothing promised that is not there: no answer key heading, no fallback box, no "why it fails" without a reason.
    expect(all).not.toContain('**Answer key:**');
    expect(all).not.toContain('if the tool is slow or down,** show this output');
    expect(all).not.toMatch(/why it fails: *Better/);
    expect(all).not.toContain('and read its answer key');
    // …and said plainly at the block, once per taught workflow.
    const count = (s: string) => all.split(s).length - 1;
    expect(count('**No answer key in the role yet:**')).toBe(role.workflows.length);
    expect(count('**No demo material or fallback output in the role yet:**')).toBe(role.workflows.length);
    expect(count('**These materials describe a document; they are not one yet.**')).toBe(2);
    expect(all).toContain('no diagnosis in the role yet');
    expect(all).toContain('`cocoon draft roles/bare.yaml`');

    // The participant pages never suffer for it: none of the notes, no draft command.
    for (const [path, text] of Object.entries(pack).filter(([p]) => p.startsWith('participant/'))) {
      expect(text, path).not.toContain('in the role yet');
      expect(text, path).not.toContain('cocoon draft');
    }

    const v = await cli(['validate', 'roles/bare.yaml', '--format', 'json'], { cwd: dir });
    const rules = (JSON.parse(v.stdout) as { rule: string }[]).map((d) => d.rule);
    expect(rules.filter((x) => x === 'exercise/no-demo')).toHaveLength(3);
    expect(rules.filter((x) => x === 'prompt/no-diagnosis')).toHaveLength(3);
    const text = await cli(['validate', 'roles/bare.yaml'], { cwd: dir });
    expect(text.stdout).toContain(`Ready to run: roles/bare.yaml — ${ready} of ${role.workflows.length} exercises runnable from the page\n`);
  });
});

describe('cocoon draft (acceptance 2)', () => {
  it('writes one brief per missing piece, each naming the data policy and the workflow’s risks', async () => {
    const dir = project();
    const role = parse(readFileSync(join(dir, 'roles', 'bare.yaml'), 'utf8')) as Role;
    const r = await cli(['draft', 'roles/bare.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const expected = Object.entries(expectedMissing(role))
      .flatMap(([w, pieces]) => pieces.map((p) => `${w}-${p}.md`))
      .sort();
    const written = readdirSync(join(dir, 'drafts', 'bare')).filter((f) => f.endsWith('.md'));
    expect(written.sort()).toEqual(expected);
    for (const f of written) {
      const brief = readFileSync(join(dir, 'drafts', 'bare', f), 'utf8');
      const w = role.workflows.find((x) => f.startsWith(`${x.id}-`))!;
      expect(brief, f).toContain('## Data policy: synthetic only');
      expect(brief, f).toContain('live bid prices before award');
      for (const risk of w.risks ?? []) expect(brief, f).toContain(risk);
      expect(brief, f).toContain('## Reply with exactly this YAML');
      expect(brief, f).toMatch(/A built-in example of the same kind\n\nFrom the built-in role "[A-Z]/);
    }
    expect(readFileSync(join(dir, 'drafts', 'bare', 'bid-comparison-solution.md'), 'utf8')).toContain(
      'every figure in the answer key must follow from the material; show the sums'.replace(/^e/, 'E'),
    );
    // Written like every other output: a manifest, so a hand edit is refused on the next run.
    expect(existsSync(join(dir, 'drafts', 'bare', '.cocoon-manifest.json'))).toBe(true);
    writeFileSync(join(dir, 'drafts', 'bare', written[0]!), 'my notes\n');
    expect((await cli(['draft', 'roles/bare.yaml'], { cwd: dir })).code).toBe(3);
  });

  it('--via: good YAML merged, garbage and a hang reported by piece, the draft validates, the role is byte-identical', async () => {
    const dir = project();
    const before = readFileSync(join(dir, 'roles', 'bare.yaml'));
    const r = await cli(['draft', 'roles/bare.yaml', '--workflow', 'rfq-drafting', '--via', VIA, '--timeout', '2'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rfq-drafting demo: the --via command failed: the command ran, but it printed no YAML mapping');
    expect(r.stderr).toContain('rfq-drafting diagnosis: the --via command failed: it did not finish within 2 s (--timeout) and was stopped');
    expect(readFileSync(join(dir, 'roles', 'bare.yaml')).equals(before)).toBe(true);

    const draftText = readFileSync(join(dir, 'roles', 'bare.draft.yaml'), 'utf8');
    const draft = parse(draftText) as Role;
    const role = parse(before.toString('utf8')) as Role;
    const rfq = draft.workflows.find((w) => w.id === 'rfq-drafting')!;
    // Exactly the good pieces: the brief (from a fenced block) and the answer key (bare YAML), nothing else.
    expect(rfq.exercise!.brief).toContain('"washroom checks twice a day"');
    expect(rfq.exercise!.solution).toContain('Conflict to raise');
    expect(rfq.demo).toBeUndefined();
    expect(rfq.prompts![0]!.weak_why).toBeUndefined();
    const strip = (x: Role) =>
      JSON.stringify({ ...x, workflows: x.workflows.map((w) => (w.id === 'rfq-drafting' ? { ...w, exercise: { ...w.exercise, brief: 0, solution: 0 } } : w)) });
    expect(strip(draft)).toBe(strip(role));
    // Everything but the new lines is the role's own text.
    const added = draftText.split('\n').filter((l) => !before.toString('utf8').split('\n').includes(l));
    expect(added[0]).toMatch(/^# Drafted by `cocoon draft`/);
    expect(added.length).toBe(7);
    expect(r.stdout).toContain('+      solution: |');
    expect(r.stdout).toContain('--- roles/bare.yaml');

    // It validates (warnings for what is still missing, no error), and the pieces drafted are no longer missing.
    const v = await cli(['validate', 'roles/bare.draft.yaml', '--format', 'json'], { cwd: dir });
    const diags = JSON.parse(v.stdout) as { rule: string; severity: string; message: string }[];
    expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diags.some((d) => d.rule === 'exercise/no-solution' && d.message.includes('RFQ'))).toBe(false);
    // A draft is not a role to plan from: the role's own id still plans the role.
    expect((await cli(['roles', '--json'], { cwd: dir })).stdout).not.toContain('bare.draft');
  }, 30_000);

  it('a role with errors, an unknown workflow and a missing file are clear errors', async () => {
    const dir = project();
    expect((await cli(['draft', 'roles/nope.yaml'], { cwd: dir })).code).toBe(2);
    const unknown = await cli(['draft', 'roles/bare.yaml', '--workflow', 'rfq-draftin'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean rfq-drafting?');
    writeFileSync(join(dir, 'roles', 'broken.yaml'), 'id: broken\nname: Broken\nworkflows: 7\n');
    const broken = await cli(['draft', 'roles/broken.yaml'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(existsSync(join(dir, 'drafts'))).toBe(false);
  });

  it('a built-in role needs nothing', async () => {
    const r = await cli(['draft', join(FIXTURES, '..', '..', 'roles', 'finance.yaml')], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing is missing');
  });
});
