import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/**
 * The communications role's answer keys, recomputed from its own materials: headcounts, property counts,
 * outage hours, channel lengths and coverage counts, so changing a figure in a material or a key fails here.
 */

const role = parse(readFileSync(join(ROOT, 'roles', 'communications.yaml'), 'utf8')) as Role;
const workflow = (id: string) => {
  const w = role.workflows.find((x) => x.id === id);
  if (!w?.exercise?.materials || !w.exercise.solution) throw new Error(`communications/${id}: no materials or solution`);
  return { materials: w.exercise.materials, solution: w.exercise.solution };
};
const num = (s: string) => Number(s.replace(/[£,]/g, ''));
const grab = (text: string, re: RegExp): number => {
  const m = text.match(re);
  if (!m?.[1]) throw new Error(`not found: ${re}`);
  return num(m[1]);
};
const plain = (n: number) => Math.round(n).toLocaleString('en-GB');

describe('communications answer keys', () => {
  it('staff-announcement: headcount, sequence, agreed lines and what is left out', () => {
    const { materials, solution } = workflow('staff-announcement');
    const total = grab(materials, /company with (\d+) staff/);
    const hatton = grab(materials, /staff: (\d+) at the Hatton Cross depot/);
    const millbrook = grab(materials, /and (\d+) at Millbrook/);
    expect(hatton + millbrook).toBe(total);
    expect(solution).toContain(`${hatton} + ${millbrook} = ${total} Brookmere staff`);
    expect(solution).toContain(`with ${total} colleagues`);
    // The email goes after the market announcement, at the time the sequence gives.
    const market = materials.match(/^(\d\d:\d\d)\s+Regulatory announcement/m)![1]!;
    const email = materials.match(/^(\d\d:\d\d)\s+All-staff email/m)![1]!;
    expect(email > market).toBe(true);
    expect(solution).toContain(`sent at ${email} after the ${market} announcement`);
    // Both agreed lines word for word in the model announcement, which carries nothing not for staff.
    const model = solution.slice(0, solution.indexOf('Checks:'));
    for (const m of materials.matchAll(/Agreed line on \w+: "([^"]+)"/g)) expect(model.replace(/\s+/g, ' ')).toContain(m[1]!.replace(/\s+/g, ' '));
    const price = materials.match(/Consideration (£[\d.]+m)/)![1]!;
    expect(model).not.toContain(price);
    expect(model).not.toMatch(/no job losses|by the summer|depot option/i);
    expect(solution.slice(solution.indexOf('LEFT OUT'))).toContain(`the ${price} consideration`);
    expect(model).toContain('third quarter of\n2027');
    // The stated length of the model is its length (the body after the title and subject lines).
    const words = model.split('\n').slice(2).join(' ').split(/\s+/).filter(Boolean).length;
    const claimed = grab(solution, /Model announcement \(about (\d+) words\)/);
    expect(Math.abs(words - claimed)).toBeLessThanOrEqual(10);
    // A manager call before the market announcement is a finding the key must raise.
    const call = materials.match(/^(\d\d:\d\d)\s+Line-manager call/m)![1]!;
    if (call < market) expect(solution).toContain(`the ${call} line-manager call is before the ${market} market announcement`);
  });

  it('policy-faq: every figure against its clause, and the verdict count', () => {
    const { materials, solution } = workflow('policy-faq');
    const allowance = grab(materials, /allowance of £(\d+)/);
    const draftAllowance = grab(materials, /Yes: a £(\d+) allowance/);
    const abroad = grab(materials, /limited to (\d+) working days/);
    const draftAbroad = grab(materials, /for up to (\d+) working days/);
    expect(solution).toContain(`a one-off £${allowance} (not £${draftAllowance})`);
    expect(solution).toContain(`up to ${abroad} working days (not ${draftAbroad})`);
    expect(materials).toContain('at least two anchor days a week');
    expect(solution).toContain('at least two anchor days a week');
    const core = materials.match(/Core hours are (\d\d:\d\d) to (\d\d:\d\d)/)!;
    expect(solution).toContain(`core hours ${core[1]} to ${core[2]}`);
    // The draft's anchor days and start rule against the policy's: a draft that matched would be Right.
    const policyDays = materials.match(/spend at least (\w+) anchor days/)![1]!;
    const draftDays = materials.match(/^\s+(\w+) anchor days a week, agreed by your team/m)![1]!;
    expect(draftDays.toLowerCase()).not.toBe(policyDays.toLowerCase());
    expect(solution).toMatch(new RegExp(`^Q2 Wrong \\(4\\.1\\): at least ${policyDays} anchor days`, 'm'));
    const settling = materials.match(/after a (\w+)-month settling-in period/)![1]!;
    expect(materials).toContain('From your first day');
    expect(solution).toMatch(new RegExp(`^Q6 Wrong \\(3\\.2\\): after a ${settling}-month settling-in period`, 'm'));
    const trial = materials.match(/starts with a (\w+)-month trial/)![1]!;
    expect(solution).toMatch(new RegExp(`^Q7 Wrong \\(7\\.1\\): every arrangement starts with a ${trial}-month trial`, 'm'));
    const questions = [...materials.matchAll(/^Q(\d) /gm)].map((m) => m[1]);
    expect(questions).toHaveLength(8);
    const verdicts = questions.map((q) => solution.match(new RegExp(`^Q${q} (Right|Wrong|Not in the policy)`, 'm'))![1]);
    const n = (v: string) => verdicts.filter((x) => x === v).length;
    expect(solution).toContain(
      `Eight answers checked against HR-POL-031 v2: ${n('Right')} right, ${n('Wrong')} wrong, ${n('Not in the policy')} not in the policy`,
    );
  });

  it('media-statement: the property count, the help available and the count of errors', () => {
    const { materials, solution } = workflow('media-statement');
    const parts = materials.match(/Kelby ([\d,]+); Upper Kelby ([\d,]+); Marsh End ([\d,]+)\. Total ([\d,]+)/)!;
    const [kelby, upper, marsh, total] = parts.slice(1).map(num);
    expect(kelby! + upper! + marsh!).toBe(total);
    expect(solution).toContain(`${plain(kelby!)} + ${upper} + ${marsh} = ${plain(total!)}`);
    expect(solution).toContain(`left ${plain(total!)} properties`);
    const draftFigure = materials.match(/More than ([\d,]+) homes/)![1]!;
    expect(num(draftFigure)).not.toBe(total);
    expect(solution).toContain(`${draftFigure} (log ${plain(total!)})`);
    const priority = grab(materials, /CONFIRMED: (\d+) households on the priority services register/);
    expect(solution).toContain(`the ${priority} households`);
    const update = materials.match(/next public update at (\d\d:\d\d)/)![1]!;
    expect(solution).toContain(`Our next update is at ${update}`);
    // Nothing internal reaches the model statement.
    const statement = solution.slice(0, solution.indexOf('Answers:'));
    expect(statement).not.toMatch(/Dan Pryor|Kelby General|1968|18:00|£50/);
    const errors = solution.match(/Errors in v0\.1 \((\d+)\): ([\s\S]*?)\.\s*$/)!;
    expect(errors[2]!.split(';')).toHaveLength(Number(errors[1]));
  });

  it('channel-adaptation: outage hours and the limited versions', () => {
    const { materials, solution } = workflow('channel-adaptation');
    const m = materials.match(/from (\d\d):00 on Friday (\d+) April until\s+(\d\d):00 on Tuesday (\d+) May 2027/)!;
    const start = Date.UTC(2027, 3, Number(m[2]), Number(m[1]));
    const end = Date.UTC(2027, 4, Number(m[4]), Number(m[3]));
    expect(new Date(start).getUTCDay()).toBe(5);
    expect(new Date(end).getUTCDay()).toBe(2);
    const hours = (end - start) / 3_600_000;
    const stated = solution.match(/= ([\d +]+) = (\d+) hours/)!;
    expect(Number(stated[2])).toBe(hours);
    expect(stated[1]!.split('+').reduce((a, b) => a + Number(b), 0)).toBe(hours);
    const lines = solution.split('\n');
    const after = (label: string) => lines[lines.findIndex((l) => l.startsWith(label)) + 1]!.trim();
    const smsLimit = grab(materials, /SMS to customers who opted in: up to (\d+) characters/);
    const socialLimit = grab(materials, /Social post: up to (\d+) characters/);
    const sms = after('Model SMS');
    const social = after('Model social post');
    expect(sms.length).toBeLessThanOrEqual(smsLimit);
    expect(solution).toContain(`Model SMS (within ${smsLimit} characters)`);
    expect(social.length).toBeLessThanOrEqual(socialLimit);
    expect(solution).toContain(`Model social post (within ${socialLimit} characters)`);
    expect(sms.startsWith('Alder Valley Water:')).toBe(true);
    for (const v of [sms, social]) {
      expect(v).toContain(`${m[1]}:00`);
      expect(v).toContain(`${m[3]}:00`);
      expect(v).not.toMatch(/Keystone|35%|overtime|reverse/);
    }
    const advisers = grab(materials, /- (\d+) contact centre advisers/);
    expect(solution).toContain(`${advisers} advisers on overtime`);
  });

  it('coverage-report: items, potential reach, tone and messages recounted', () => {
    const { materials, solution } = workflow('coverage-report');
    const rows = [...materials.matchAll(/^(\d+)\s*\| (\d\d\/\d\d) \| ([^|]+?)\s*\|[^|]+\|\s*([\d,]+)\s*\| (\w+)\s*\| ([^|]+?)\s*\| (.+)$/gm)].map((r) => ({
      id: Number(r[1]),
      reach: num(r[4]!),
      tone: r[5]!,
      messages: r[6] === '—' ? [] : r[6]!.split(',').map((s) => s.trim()),
      headline: r[7]!,
    }));
    expect(rows).toHaveLength(12);
    // Every item falls inside the Monday-to-Sunday week the export and the key name.
    const week = materials.match(/Alder Valley Water, (\d+) to (\d+) March 2027/)!;
    const [from, to] = [Number(week[1]), Number(week[2])];
    expect(new Date(Date.UTC(2027, 2, from)).getUTCDay()).toBe(1);
    expect(to - from).toBe(6);
    for (const r of materials.matchAll(/^\d+\s*\| (\d\d)\/03 \|/gm)) {
      expect(Number(r[1])).toBeGreaterThanOrEqual(from);
      expect(Number(r[1])).toBeLessThanOrEqual(to);
    }
    expect(solution).toContain(`Cleaned counts — week ${from} to ${to} March 2027`);
    const total = grab(materials, /^Total\s*\|[\s|]*([\d,]+)/m);
    expect(rows.reduce((a, r) => a + r.reach, 0)).toBe(total);
    const out = rows.filter((r) => !/Alder Valley|Kelby|burst|water|priority/i.test(r.headline) || /Alder Vale Homes/.test(r.headline));
    expect(out.map((r) => r.id)).toEqual([9]);
    const counted = rows.filter((r) => !out.includes(r));
    expect(solution).toContain(`Items counted: ${rows.length} − ${out.length} = ${counted.length}`);
    const reach = counted.reduce((a, r) => a + r.reach, 0);
    expect(solution).toContain(`${plain(total)} − ${plain(out[0]!.reach)} = ${plain(reach)}`);
    const ids = (xs: typeof rows) => xs.map((r) => r.id).join(', ');
    const tone = (t: string) => counted.filter((r) => r.tone === t);
    const [neg, neu, pos] = [tone('negative'), tone('neutral'), tone('positive')];
    expect(solution).toContain(
      `negative ${neg.length} (${ids(neg)}); neutral ${neu.length} (${ids(neu)}); positive ${pos.length} (${ids(pos)}). ${neg.length} + ${neu.length} + ${pos.length} = ${counted.length}`,
    );
    expect(solution).toContain(`Negative share ${neg.length} of ${counted.length} = ${Math.round((neg.length / counted.length) * 100)}%`);
    const agencyNeg = rows.filter((r) => r.tone === 'negative').length;
    expect(materials).toContain(`sentiment ${Math.round((agencyNeg / rows.length) * 100)}% negative (${agencyNeg} of ${rows.length})`);
    for (const msg of ['M1', 'M2', 'M3']) {
      const carry = counted.filter((r) => r.messages.includes(msg));
      expect(solution).toContain(`${msg} in ${carry.length} items (${ids(carry)})`);
    }
    const none = counted.filter((r) => r.messages.length === 0);
    expect(solution).toContain(`No message in ${none.length} counted items (${ids(none)})`);
    const top = [...counted].sort((a, b) => b.reach - a.reach)[0]!;
    expect(solution).toContain(`Highest reach: Westshire Tonight, ${plain(top.reach)}, carried ${top.messages.join(', ')} only`);
    expect(solution).toContain(`potential reach ${plain(reach)}`);
  });
});

describe('communications answer keys: all-hands Q&A', () => {
  it('all-hands-qa: every question placed once, theme counts and upvotes, the first pass coverage and its figures', () => {
    const { materials, solution } = workflow('all-hands-qa');
    const flat = solution.replace(/\s+/g, ' ');
    const part2 = materials.slice(materials.indexOf('PART 2'), materials.indexOf('PART 3'));
    const part3 = materials.slice(materials.indexOf('PART 3'));
    const votes = new Map([...part2.matchAll(/^(\d+)\s*\| .+? \| (\d+)\s*$/gm)].map((r) => [Number(r[1]), Number(r[2])]));
    expect(votes.size).toBe(grab(part2, /anonymous; (\d+) questions/));
    const total = [...votes.values()].reduce((a, b) => a + b, 0);
    expect(part2).toContain(`Total upvotes: ${total}`);
    const sum = (ids: number[]) => ids.reduce((a, id) => a + votes.get(id)!, 0);
    const list = (s: string) => s.split(',').map((x) => Number(x.trim()));
    // The key's themes: every question exactly once, each count and upvote sum recomputed, ordered by upvotes.
    const themes = [...solution.matchAll(/^\d\. [^:]+: questions ([\d, ]+) \((\d+) questions?, (\d+) upvotes\)/gm)].map((r) => ({
      ids: list(r[1]!),
      count: Number(r[2]),
      up: Number(r[3]),
    }));
    expect(themes).toHaveLength(6);
    const placed = themes.flatMap((t) => t.ids).sort((a, b) => a - b);
    expect(placed).toEqual([...votes.keys()].sort((a, b) => a - b));
    for (const t of themes) {
      expect(t.count).toBe(t.ids.length);
      expect(t.up).toBe(sum(t.ids));
    }
    expect(themes.map((t) => t.up)).toEqual([...themes.map((t) => t.up)].sort((a, b) => b - a));
    expect(flat).toContain(
      `Check: ${themes.map((t) => t.count).join(' + ')} = ${votes.size} questions; ${themes.map((t) => t.up).join(' + ')} = ${total} upvotes`,
    );
    expect(flat).toContain(`(${votes.size} questions, ${total} upvotes)`);
    // The first pass: which questions it places, what it claims, what it leaves out.
    const first = [...part3.matchAll(/\(questions ([\d, ]+); (\d+) upvotes\)/g)].map((r) => ({ ids: list(r[1]!), up: Number(r[2]) }));
    expect(first).toHaveLength(5);
    for (const t of first) expect(t.up).toBe(sum(t.ids));
    const covered = first.flatMap((t) => t.ids);
    expect(part3).toContain(`All ${votes.size} questions are covered`);
    expect(flat).toContain(`Part 3 places ${covered.length} of ${votes.size} questions (${sum(covered)} of ${total} upvotes)`);
    const missing = [...votes.keys()].filter((id) => !covered.includes(id));
    expect(missing).toEqual([6, 10, 16, 17, 21, 24]);
    expect(flat).toContain(`questions 6 and 17 (${votes.get(6)} + ${votes.get(17)} = ${votes.get(6)! + votes.get(17)!} upvotes)`);
    const safety = [10, 16, 21, 24];
    expect(flat).toContain(`questions ${safety.join(', ')} (${safety.map((id) => votes.get(id)).join(' + ')} = ${sum(safety)} upvotes)`);
    // The two most-voted questions are the two the first pass dropped from Brookmere.
    const top2 = [...votes.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map((e) => e[0])
      .sort((a, b) => a - b);
    expect(top2).toEqual([6, 17]);
    const firstTop = grab(part3, /Most-voted theme: pay \((\d+) upvotes\)/);
    expect(firstTop).toBe(sum([1, 5, 9, 14, 20]));
    expect(themes[0]!.up).toBeGreaterThan(firstTop);
    expect(flat).toContain(`pay as the most-voted theme (Brookmere ${themes[0]!.up})`);
    // Figures against the facts pack.
    const part1 = materials.slice(materials.indexOf('PART 1'), materials.indexOf('PART 2'));
    const pay = part1.match(/Pay award: ([\d.]+)%/)![1]!;
    const draftPay = part3.match(/The ([\d.]+)% pay award/)![1]!;
    expect(draftPay).not.toBe(pay);
    expect(flat).toContain(`${draftPay}% pay award (pack ${pay}%)`);
    const leakage = part1.match(/down ([\d.]+)% on a year earlier/)![1]!;
    expect(part3).toContain('down by more than 10%');
    expect(Number(leakage)).toBeLessThan(10);
    expect(flat).toContain(`(published ${leakage}%)`);
    const [now, before] = [grab(part1, /complaints: ([\d,]+) in the half year/), grab(part1, /against ([\d,]+) a year earlier/)];
    expect(part3).toContain(`complaints are down from ${plain(before)} to ${plain(now)}`);
    expect(flat).toContain(`${plain(before)} − ${plain(now)} = ${before - now} fewer, ${(((before - now) / before) * 100).toFixed(1)}%`);
    const errors = flat.match(/Errors in Part 3 \((\d+)\): (.*?)\. Right in Part 3/)!;
    expect(errors[2]!.split(';')).toHaveLength(Number(errors[1]));
    // Nothing kept back reaches the corrected lines but the holding line.
    const corrected = flat.slice(flat.indexOf('Corrected lines'));
    expect(corrected).not.toMatch(/9 September|4\.5%|winter payment is being|only woman/);
  });

  it('all-hands-qa demo: the fallback output places and sums the demo questions', () => {
    const demo = role.workflows.find((w) => w.id === 'all-hands-qa')!.demo!;
    const votes = new Map([...demo.material!.matchAll(/^(\d+) \| .+? \| (\d+)\s*$/gm)].map((r) => [Number(r[1]), Number(r[2])]));
    expect(votes.size).toBe(grab(demo.material!, /\(anonymous\), (\d+) in total/));
    const total = [...votes.values()].reduce((a, b) => a + b, 0);
    expect(demo.material).toContain(`Total upvotes: ${total}`);
    const themes = [...demo.output!.matchAll(/^\d\. [^:]+: questions? ([\d, ]+) \((\d+) questions?, (?:[\d + ]+ = )?(\d+) upvotes\)/gm)];
    const ids = themes.flatMap((t) => t[1]!.split(',').map((x) => Number(x.trim())));
    expect(ids.sort((a, b) => a - b)).toEqual([...votes.keys()]);
    for (const t of themes) {
      const these = t[1]!.split(',').map((x) => Number(x.trim()));
      expect(Number(t[2])).toBe(these.length);
      expect(Number(t[3])).toBe(these.reduce((a, id) => a + votes.get(id)!, 0));
    }
    expect(demo.output).toContain(`= ${votes.size} questions;`);
    expect(demo.output).toContain(`= ${total} upvotes.`);
  });
});
