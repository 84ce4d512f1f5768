import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/** Every figure the product-management answer keys state, recomputed from the role's own materials. */
const role = parse(readFileSync(join(ROOT, 'roles', 'product-management.yaml'), 'utf8')) as Role;
const workflow = (id: string) => role.workflows.find((x) => x.id === id)!;
const wf = (id: string) => {
  const w = role.workflows.find((x) => x.id === id);
  if (!w?.exercise?.materials || !w.exercise.solution) throw new Error(`${id}: no exercise`);
  return { m: w.exercise.materials, s: w.exercise.solution.replace(/\s+/g, ' ') };
};
const num = (t: string) => Number(t.replace(/[£,%]/g, ''));
const int = (n: number) => n.toLocaleString('en-GB');
const rows = (text: string, first: RegExp) =>
  text
    .split('\n')
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((c) => c.length >= 2 && first.test(c[0]!));
const MONTHS: Record<string, number> = { Apr: 3, May: 4, Jun: 5, Jul: 6 };
const day = (t: string) => {
  const [d, mon] = t.trim().split(' ');
  return Date.UTC(2027, MONTHS[mon!]!, Number(d));
};

describe('product-management answer keys', () => {
  it('interview-synthesis: theme counts and minutes from the interviews', () => {
    const { m, s } = wf('interview-synthesis');
    const minutes = Object.fromEntries([...m.matchAll(/(I\d) (\d+) minutes/g)].map((x) => [x[1], Number(x[2])]));
    const exportThemes = ['I1', 'I2', 'I4'];
    // I1, I2 and I4 each describe the export; I5 says it has none.
    expect(m).toMatch(/I1[^]*Exports approved expenses to the ledger by hand/);
    expect(m).toMatch(/I2[^]*re-maps columns/);
    expect(m).toMatch(/I4[^]*Re-keys the export into the ledger/);
    expect(m).toMatch(/I5[^]*no export pain/);
    const total = exportThemes.reduce((a, i) => a + minutes[i]!, 0);
    expect(s).toContain(`I1, I2, I4 — 3 of 5; minutes a month ${exportThemes.map((i) => minutes[i]).join(' + ')} = ${total}`);
    expect(s).toContain(`3 of 5, ${total} minutes a month`);
    const phone = [...m.matchAll(/(I\d) —[^\n]*\n(?:(?!I\d —)[^\n]*\n)*?[^\n]*(?:approve on my phone|approve from his phone)/g)].map((x) => x[1]);
    expect(phone).toEqual(['I1', 'I3']);
    expect(s).toContain('I1, I3 — 2 of 5');
    expect(s).toContain(`about ${minutes.I3} minutes a month`);
    expect((m.match(/API/g) ?? []).length).toBe(3); // I2 twice, and the internal sales note
  });

  it('prd-draft: the baseline minutes and the decisions the draft contradicts', () => {
    const { m, s } = wf('prd-draft');
    const [a, b, c] = [...m.matchAll(/(\d+) minutes a month between them/g)].map((x) => Number(x[1]));
    expect(a).toBe(780);
    expect(b).toBeUndefined();
    expect(c).toBeUndefined();
    const interview = wf('interview-synthesis').m;
    const per = ['I1', 'I2', 'I4'].map((i) => Number(new RegExp(`${i} (\\d+) minutes`).exec(interview)![1]));
    expect(per.reduce((x, y) => x + y, 0)).toBe(a);
    expect(s).toContain(`baseline ${per.join(', ').replace(/, (\d+)$/, ' and $1')} minutes a month`);
    expect(s).toContain(`3 of 5 interviews (I1, I2, I4), ${a} minutes a month`);
    for (const d of ['D1', 'D2', 'D3']) expect(m).toContain(`${d} (9 Apr)`);
    expect(s).toMatch(/Numbrix": contradicts D1/);
    expect(s).toMatch(/R2: contradicts D3/);
  });

  it('release-notes: shipped, rolling out and left out add up to the ticket export', () => {
    const { m, s } = wf('release-notes');
    const tickets = rows(m, /^EXP-\d+$/).map((c) => ({ id: c[0]!, flag: c[3]!, status: c[4]! }));
    expect(tickets).toHaveLength(8);
    const all = tickets.filter((t) => t.status === 'shipped' && t.flag === '100%');
    const rolling = tickets.filter((t) => t.status === 'shipped' && /^\d+%$/.test(t.flag) && t.flag !== '100%' && t.flag !== '0%');
    const out = tickets.filter((t) => !all.includes(t) && !rolling.includes(t));
    expect(s).toContain(`Ship to everyone (${all.length}):`);
    for (const t of all) expect(s).toContain(t.id);
    expect(s).toContain(`Rolling out (${rolling.length}): ${rolling.map((t) => t.id).join(', ')}`);
    expect(s).toContain(`${rolling[0]!.flag} of accounts`);
    expect(s).toContain(`Leave out (${out.length}): ${out[0]!.id}`);
    expect(s).toContain(`${all.length} + ${rolling.length} = ${all.length + rolling.length} items, ${tickets.length} tickets − ${out.length} left out`);
  });

  it('prioritisation: every RICE score, the ranking and the cut line against capacity', () => {
    const { m, s } = wf('prioritisation');
    const items = rows(m, /^(Slack alerts|Approval workflow|Dark mode|Bulk CSV import|SSO for teams)$/).map((c) => ({
      name: c[0]!,
      reach: num(c[1]!),
      impact: num(c[2]!),
      conf: num(c[3]!) / 100,
      effort: num(c[4]!),
      sheet: num(c[5]!),
    }));
    expect(items).toHaveLength(5);
    const totalEffort = num(rows(m, /^Total effort$/)[0]![4]!);
    expect(items.reduce((a, i) => a + i.effort, 0)).toBe(totalEffort);
    const capacity = Number(/Capacity: (\d+) person-months/.exec(m)![1]);
    // The capacity's own arithmetic: engineers × the three months of a quarter, less on-call.
    const [eng, months, gross, less] = /\((\d+) engineers × (\d+) months = (\d+), less (\d+) for on-call/.exec(m)!.slice(1).map(Number);
    expect(months).toBe(3);
    expect(eng! * months!).toBe(gross);
    expect(gross! - less!).toBe(capacity);
    for (const i of items) {
      const score = (i.reach * i.impact * i.conf) / i.effort;
      expect(s).toContain(`${int(i.reach)} × ${i.impact} × ${i.conf === 1 ? '1.0' : i.conf} ÷ ${i.effort} = ${int(score)}`);
      if (i.name === 'Approval workflow') expect(i.sheet).not.toBe(score);
      else expect(i.sheet).toBe(score);
    }
    const ranked = [...items].sort((a, b) => (b.reach * b.impact * b.conf) / b.effort - (a.reach * a.impact * a.conf) / a.effort);
    const rankText = ranked.map((i) => `${i.name === 'SSO for teams' ? 'SSO' : i.name} ${int((i.reach * i.impact * i.conf) / i.effort)}`).join(', ');
    expect(s.toLowerCase()).toContain(`ranking: ${rankText.toLowerCase()}`);
    let run = 0;
    const running: number[] = [];
    for (const i of ranked) {
      if (run + i.effort > capacity) break;
      run += i.effort;
      running.push(run);
    }
    expect(s).toContain(`${items.map((i) => i.effort).join(' + ')} = ${totalEffort} against capacity ${capacity}`);
    expect(s).toContain(`Running total: ${running.join(', ')}; SSO would make ${run + ranked[ranked.length - 1]!.effort}`);
    expect(s).toContain(`${run} of ${capacity} person-months used`);
  });

  it('roadmap-update: slip in days and the status counts', () => {
    const { m, s } = wf('roadmap-update');
    const epics = rows(m, /^(Numbrix export|Mobile approvals|Receipt OCR v2 rollout|Slack alerts|Mileage 2027 rates)$/).map((c) => ({
      name: c[0]!,
      slip: (day(c[2]!) - day(c[1]!)) / 86_400_000,
      cut: c[3]!.startsWith('cut'),
      shipped: c[4]!.startsWith('shipped'),
    }));
    expect(epics).toHaveLength(5);
    const status = (e: (typeof epics)[number]) => (e.shipped ? 'shipped' : e.cut ? 're-planned' : e.slip <= 0 ? 'on track' : e.slip <= 14 ? 'at risk' : 'late');
    const ledgerly = epics.find((e) => e.name === 'Numbrix export')!;
    const ocr = epics.find((e) => e.name === 'Receipt OCR v2 rollout')!;
    expect(s).toContain(`= ${ledgerly.slip} days — ${status(ledgerly)}`);
    expect(s).toContain(`= ${ocr.slip} days — ${status(ocr)}`);
    const count = (k: string) => epics.filter((e) => status(e) === k).length;
    expect(s).toContain(
      `${count('shipped')} shipped, ${count('at risk')} at risk, ${count('late')} late, ${count('re-planned')} re-planned = ${epics.length} epics`,
    );
  });

  it('the roadmap epics agree with release 3.14: what shipped on 22 April is not a roadmap epic still to come', () => {
    const release = wf('release-notes').m;
    const roadmap = wf('roadmap-update').m;
    // Ledgerly export shipped at 100% in 3.14, so it cannot be forecast for July in the May export.
    expect(release).toMatch(/EXP-884 \| Ledgerly export[^\n]*\| 100% \| shipped/);
    expect(roadmap).not.toMatch(/^\s*Ledgerly export\s*\|/m);
    // Mobile approvals were 0% internal on 22 April; the roadmap has them shipping to customers on 15 May.
    expect(release).toMatch(/EXP-907 \| Mobile approvals \| feature \| 0% internal/);
    expect(roadmap).toMatch(/Mobile approvals\s*\| 15 May\s*\| 15 May[^\n]*shipped 15 May/);
    // OCR: the ticket's "rest by 20 May" is the roadmap's planned date.
    expect(release).toContain('rest by 20 May');
    expect(roadmap).toMatch(/Receipt OCR v2 rollout \| 20 May/);
  });

  it('demos: the fallback outputs recompute from the demo material', () => {
    const rice = workflow('prioritisation').demo!;
    const items = rows(rice.material!, /^(Swap approval|Overtime warnings|Rota templates)$/).map((c) => ({
      name: c[0]!,
      reach: num(c[1]!),
      impact: num(c[2]!),
      conf: num(c[3]!) / 100,
      effort: num(c[4]!),
      score: num(c[5]!),
    }));
    expect(items).toHaveLength(3);
    for (const i of items) expect((i.reach * i.impact * i.conf) / i.effort).toBe(i.score);
    const audited: Record<string, number> = { 'Swap approval': 0.5, 'Overtime warnings': 0.5, 'Rota templates': 1 };
    const out = rice.output!.replace(/\s+/g, ' ');
    for (const i of items) {
      const c = audited[i.name]!;
      expect(out).toContain(`${int(i.reach)} × ${i.impact} × ${c === 1 ? '1.0' : c} ÷ ${i.effort} = ${int((i.reach * i.impact * c) / i.effort)}`);
    }
    const road = workflow('roadmap-update').demo!;
    expect(road.output).toContain(`slip ${(day('21 Jun') - day('31 May')) / 86_400_000} days — late`);
    expect(road.material).toMatch(/Overtime warnings \| planned 31 May \| forecast 21 Jun/);
  });

  it('debrief answers: the figures they quote recompute from the materials', () => {
    const answers = (id: string) =>
      (workflow(id).exercise!.debrief ?? [])
        .map((d) => (typeof d === 'string' ? '' : (d.answer ?? '')))
        .join(' ')
        .replace(/\s+/g, ' ');
    // PRD: the draft's "4 hours" is the mean of the three interviewees' minutes, hiding the median.
    const per = ['I1', 'I2', 'I4'].map((i) => Number(new RegExp(`${i} (\\d+) minutes`).exec(wf('interview-synthesis').m)![1]));
    const sum = per.reduce((a, b) => a + b, 0);
    const median = [...per].sort((a, b) => a - b)[1]!;
    expect(answers('prd-draft')).toContain(`${sum} ÷ 3 = ${sum / 3} minutes`);
    expect(answers('prd-draft')).toContain(`the median is ${median}`);
    expect(wf('prd-draft').m).toContain('from 4 hours to 24 minutes'); // 240 × (1 − 0.9) = 24
    // Prioritisation: the SSO override's capacity trade, and dark mode at 20% confidence.
    const m = wf('prioritisation').m;
    const item = (name: string) => {
      const c = rows(m, new RegExp(`^${name}$`))[0]!;
      return { reach: num(c[1]!), impact: num(c[2]!), conf: num(c[3]!) / 100, effort: num(c[4]!) };
    };
    const dark = item('Dark mode');
    const a = answers('prioritisation');
    expect(a).toContain(`${int(dark.reach)} × ${dark.impact} × 0.2 ÷ ${dark.effort} = ${int((dark.reach * dark.impact * 0.2) / dark.effort)}`);
    const sso = item('SSO for teams');
    expect((dark.reach * dark.impact * 0.2) / dark.effort).toBeGreaterThan((sso.reach * sso.impact * sso.conf) / sso.effort);
    const slack = item('Slack alerts');
    const kept = slack.effort + dark.effort + sso.effort;
    expect(a).toContain(`${slack.effort} + ${dark.effort} + ${sso.effort} = ${kept} of 12`);
    const above = ['Slack alerts', 'Dark mode', 'Bulk CSV import', 'Approval workflow'].reduce((t, n) => t + item(n).effort, 0);
    expect(a).toContain(`use ${above} of 12`);
    expect(a).toContain(`freeing at least ${above + sso.effort - 12}`);
  });
});
