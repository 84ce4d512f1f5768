import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/**
 * The procurement role's answer keys, recomputed from its own materials: every figure the key states is
 * worked out here from the material's figures, so changing a figure in either makes this fail.
 */

const role = parse(readFileSync(join(ROOT, 'roles', 'procurement.yaml'), 'utf8')) as Role;
const workflow = (id: string) => {
  const w = role.workflows.find((x) => x.id === id);
  if (!w?.exercise?.materials || !w.exercise.solution) throw new Error(`procurement/${id}: no materials or solution`);
  return { materials: w.exercise.materials, solution: w.exercise.solution };
};
/** "£148,200" or "148,200" or "16.50" → number. */
const num = (s: string) => Number(s.replace(/[£,]/g, ''));
/** The first capture of a pattern, as a number; fails loudly when the pattern is not there. */
const grab = (text: string, re: RegExp): number => {
  const m = text.match(re);
  if (!m?.[1]) throw new Error(`not found: ${re}`);
  return num(m[1]);
};
const money = (n: number) => `£${Math.round(n).toLocaleString('en-GB')}`;
const plain = (n: number) => Math.round(n).toLocaleString('en-GB');
const round100 = (n: number) => Math.round(n / 100) * 100;

describe('procurement answer keys', () => {
  it('rfq-drafting: areas, weights and the count of issues', () => {
    const { materials, solution } = workflow('rfq-drafting');
    const leeds = grab(materials, /Leeds \(([\d,]+) m2/);
    const wakefield = grab(materials, /Wakefield\s+\(([\d,]+) m2/);
    const total = grab(materials, /([\d,]+) m2 in total/);
    expect(leeds + wakefield).toBe(total);
    expect(solution).toContain(`${plain(leeds)} m2`);
    expect(solution).toContain(`${plain(wakefield)} m2`);
    // Section 2.3: the draft's weights, one per line ending in a percentage.
    const section = materials.slice(materials.indexOf('2.3 Evaluation'), materials.indexOf('2.4 Instructions'));
    const weights = [...section.matchAll(/\s(\d+)%\s*$/gm)].map((m) => Number(m[1]));
    expect(weights).toHaveLength(5);
    const sum = weights.reduce((a, b) => a + b, 0);
    expect(solution).toContain(`Weights add up to ${sum}`);
    const model = solution.match(
      /Model weighting: Price (\d+), Quality of method statement (\d+)[^,]*, Mobilisation and TUPE transfer plan (\d+), Social value and\s+sustainability (\d+) = (\d+)/,
    );
    expect(model).not.toBeNull();
    const [a, b, c, d, e] = model!.slice(1).map(Number);
    expect(a! + b! + c! + d!).toBe(e);
    expect(e).toBe(100);
    const stated = grab(solution, /Issues in the draft \((\d+)\)/);
    const numbered = [...solution.matchAll(/^\s*(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(Math.max(...numbered)).toBe(stated);
    expect(numbered).toHaveLength(stated);
    const budget = grab(materials, /Budget: about (£[\d,]+)/);
    expect(solution).toContain(money(budget));
    expect(materials).toContain("current contractor's nine cleaning operatives");
    expect(solution).toContain('Nine operatives are expected to transfer');
  });

  it('bid-comparison: every exclusion cost and like-for-like total', () => {
    const { materials, solution } = workflow('bid-comparison');
    const a = grab(materials, /BID A — annual price (£[\d,]+)/);
    const b = grab(materials, /BID B — annual price (£[\d,]+)/);
    const c = grab(materials, /BID C — annual price (£[\d,]+)/);
    const consumables = grab(materials, /current spend about (£[\d,]+) a year/);
    const deepClean = grab(materials, /kitchen deep clean (£[\d,]+) per site visit/);
    const sites = 2;
    const quarters = 4;
    const aDeep = deepClean * sites * quarters;
    expect(solution).toContain(`${money(deepClean)} × 2 sites × 4 a year = ${money(aDeep)}`);
    const aTotal = a + consumables + aDeep;
    expect(solution).toContain(`Indicative total: about ${money(aTotal)}`);
    // B: second washroom visit, one hour a site a working day at the bid's own hourly rate.
    const rateB = grab(materials, /Additional daytime hours: £([\d.]+) per operative hour/);
    const days = grab(solution, /about (\d+)\s+working\s+days/);
    const bSecond = round100(sites * 1 * days * rateB);
    expect(solution).toContain(`£${rateB.toFixed(2)} = about ${money(bSecond)}`);
    expect(solution).toContain(`Indicative: about ${money(b + bSecond)}`);
    // C: mezzanine area left out, priced pro rata; daytime call-outs.
    const acme = grab(materials, /Acme Park, Wakefield, ([\d,]+) m2/);
    const acmeC = grab(materials, /Acme Park ([\d,]+) m2\./);
    const leeds = grab(materials, /Northwind House, Leeds, ([\d,]+) m2/);
    const gap = acme - acmeC;
    expect(solution).toContain(`the ${plain(gap)} m2 mezzanine`);
    const proRata = round100((c * gap) / (leeds + acmeC));
    expect(solution).toContain(`about ${money(proRata)} (${plain(c)} × ${plain(gap)} / ${plain(leeds + acmeC)})`);
    const hourly = grab(materials, /mobile team at £(\d+) per hour, minimum two hours/);
    const perMonth = 6; // "about six a month" in the requirement
    expect(materials).toContain('about six a month');
    const callouts = perMonth * 12;
    const callCost = round100(callouts * hourly * 2);
    expect(solution).toContain(`${callouts} × £${hourly * 2} = about ${money(callCost)}`);
    expect(solution).toContain(`Indicative total: about ${money(c + proRata + callCost)}`);
    // Orders: headline A, B, C; like for like B, A, C; all above the budget.
    expect([a, b, c].every((x, i, all) => i === 0 || x > all[i - 1]!)).toBe(true);
    expect(b + bSecond).toBeLessThan(aTotal);
    expect(aTotal).toBeLessThan(c + proRata + callCost);
    expect(solution).toContain('like for like it is B (plus the TUPE risk), A, C');
    for (const t of [aTotal, b + bSecond, c + proRata + callCost]) expect(t).toBeGreaterThan(160000);
  });

  it('supplier-review: KPI misses, the quarter averages and the service credit', () => {
    const { materials, solution } = workflow('supplier-review');
    const charge = grab(materials, /Quarterly charge: (£[\d,]+)/);
    const creditPct = grab(materials, /service\s+credit of (\d+)% of the quarterly charge/);
    const capPct = grab(materials, /\(cap (\d+)%\)/);
    const rows = [...materials.matchAll(/^(\d) \| ([^|]+)\| (≥|)([\d.]+)%?\s*\| ([\d.]+)%?\s*\| ([\d.]+)%?\s*\| ([\d.]+)%?\s*\| ([\d.]+)%?\s*\|/gm)];
    expect(rows).toHaveLength(6);
    let misses = 0;
    for (const r of rows) {
      const [, id, , ge, target, jan, feb, mar, q1] = r;
      const months = [jan, feb, mar].map(Number);
      const t = Number(target);
      // KPI 6 is a count (target 0): the quarter is the sum; the others are the mean of the months.
      const isCount = ge === '';
      const quarter = isCount ? months.reduce((x, y) => x + y, 0) : months.reduce((x, y) => x + y, 0) / 3;
      expect(Number(q1), `KPI ${id} quarter`).toBeCloseTo(quarter, 1);
      const met = isCount ? quarter <= t : Number(q1) >= t;
      const line = solution.split('\n').find((l) => l.startsWith(`${id}. `))!;
      expect(line, `KPI ${id}`).toContain(met ? '— met' : '— missed');
      expect(line).toContain(q1!);
      if (!met) misses++;
    }
    expect(misses).toBe(4);
    const credit = misses * (creditPct / 100) * charge;
    const cap = (capPct / 100) * charge;
    expect(credit).toBeLessThanOrEqual(cap);
    expect(solution).toContain(`${misses} misses × ${creditPct}% × ${money(charge)} = ${money(credit)} (under the ${capPct}% cap of ${money(cap)})`);
    expect(materials).toContain('Service credits applied to the April invoice: £0.00');
    for (const inc of materials.match(/INC-\d{4}/g)!) expect(solution).toContain(inc);
  });

  it('terms-triage: the cap, the day differences and the verdict counts', () => {
    const { materials, solution } = workflow('terms-triage');
    const spend = grab(materials, /Expected spend: (£[\d,]+) a year/);
    const orders = grab(materials, /about (\d+) orders a year/);
    const avg = grab(materials, /average order (£[\d,]+)/);
    expect(spend / orders).toBe(avg);
    expect(solution).toContain(`${money(spend)} / ${orders} = ${money(avg)} average order`);
    expect(solution).toContain(`(${((avg / spend) * 100).toFixed(1)}% of the annual`);
    const ours = grab(materials, /P1 Payment: (\d+) days/);
    const theirs = grab(materials, /5\.2 Payment is due (\d+) days/);
    expect(solution).toContain(`${ours} − ${theirs} = ${ours - theirs}`);
    const noticeOurs = grab(materials, /on (\d+) days' written notice\./);
    const noticeTheirs = grab(materials, /3\.4 The Seller may vary its prices on (\d+) days' notice/);
    expect(solution).toContain(`${noticeOurs} − ${noticeTheirs} = ${noticeOurs - noticeTheirs} days less notice`);
    // The first pass's £250,000 cap is in no clause of Part 2.
    const part2 = materials.slice(materials.indexOf('PART 2'), materials.indexOf('PART 3'));
    expect(part2).not.toContain('250,000');
    expect(materials.slice(materials.indexOf('PART 3'))).toContain('£250,000');
    // Verdicts: one row per position P1–P7 in the model, counted against the stated result.
    const positions = [...materials.matchAll(/^P(\d) /gm)].map((m) => m[1]);
    const verdicts = positions.map((p) => {
      const block = solution.slice(solution.indexOf(`P${p} `));
      return block.match(/\b(MEETS|DEVIATION|ESCALATE)\b/)![1];
    });
    const count = (v: string) => verdicts.filter((x) => x === v).length;
    expect(positions).toHaveLength(7);
    expect(solution).toContain(`Result: ${count('MEETS')} position met, ${count('DEVIATION')} deviations, ${count('ESCALATE')} to escalate`);
    const firstPass = [...materials.matchAll(/^\d \| P\d [^|]+\| [^|]+\| (\w+)/gm)].map((m) => m[1]);
    expect(firstPass).toHaveLength(6);
    expect(firstPass.every((v) => v === 'MEETS')).toBe(true);
    const wrong = firstPass.filter((v, i) => v !== verdicts[i]).length;
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
    const missing = positions.length - firstPass.length;
    expect(solution).toContain(`(${words[wrong]} of six verdicts in Part 3 are wrong, ${words[missing]} position${missing === 1 ? '' : 's'} missing)`);
  });

  it('contract-renewals: every notice deadline, day count and committed value', () => {
    const { materials, solution } = workflow('contract-renewals');
    const run = new Date(Date.UTC(2027, 2, 1));
    expect(materials).toContain('run 1 March 2027');
    const day = 86_400_000;
    const date = (s: string) => {
      const [d, m, y] = s.split('/').map(Number);
      return new Date(Date.UTC(y!, m! - 1, d!));
    };
    const fmt = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const rows = [
      ...materials.matchAll(
        /^(C-\d+)\s*\|[^|]+\|[^|]+\|\s*([\d,]+)\s*\|\s*[\d/]+\s*\|\s*([\d/]+)\s*\|\s*(Yes, 12 months|Yes, 24 months|No)\s*\|\s*(\d+ (?:days|months)|—)\s*\|/gm,
      ),
    ];
    expect(rows).toHaveLength(6);
    let total = 0;
    let committed = 0;
    const committedIds: string[] = [];
    for (const [, id, value, end, renews, notice] of rows) {
      total += num(value!);
      const line = solution.split('\n').find((l) => l.startsWith(`${id} `))!;
      expect(line, id).toBeDefined();
      const endDate = date(end!);
      if (renews === 'No') {
        const days = Math.round((endDate.getTime() - run.getTime()) / day);
        expect(line).toContain(`ENDS ${end}, ${days} days`);
        continue;
      }
      const [n, unit] = notice!.split(' ');
      const deadline = new Date(endDate);
      if (unit === 'months') deadline.setUTCMonth(deadline.getUTCMonth() - Number(n));
      else deadline.setTime(deadline.getTime() - Number(n) * day);
      expect(line).toContain(`${end} − ${notice} = ${fmt(deadline)}`);
      const days = Math.round((deadline.getTime() - run.getTime()) / day);
      if (days < 0) {
        expect(line).toContain(`${-days} days before the run date`);
        const renewed = new Date(endDate);
        renewed.setUTCFullYear(renewed.getUTCFullYear() + (renews === 'Yes, 24 months' ? 2 : 1));
        expect(line).toContain(`PASSED: renewed to ${fmt(renewed)}, ${money(num(value!))}`);
        committed += num(value!);
        committedIds.push(id!);
      } else {
        expect(line).toContain(`| ${days} days |`);
        expect(line).toContain(days <= 120 ? 'DUE' : 'LATER');
      }
    }
    expect(materials).toMatch(new RegExp(`Total\\s*\\|[\\s|]*${plain(total)}`));
    expect(solution).toContain(`Register total ${money(total)} across six contracts`);
    expect(committedIds).toEqual(['C-118', 'C-131']);
    expect(solution).toContain(`= ${money(committed)} (C-118 and C-131)`);
    const window = new Date(run.getTime() + 120 * day);
    expect(solution).toContain(`window 120 days (to ${fmt(window)})`);
  });

  it('requisition-triage: queue total, aggregation and every route from the thresholds', () => {
    const { materials, solution } = workflow('requisition-triage');
    const rows = [...materials.matchAll(/^(PR-\d+) \| ([^|]+?)\s*\| ([^|]+?)\s*\| ([^|]+?)\s*\| ([\d,]+)\s*\| (\d+)\s*$/gm)].map((r) => ({
      id: r[1]!,
      requester: r[2]!,
      supplier: r[3]!,
      description: r[4]!,
      value: num(r[5]!),
      quotes: Number(r[6]),
    }));
    expect(rows).toHaveLength(6);
    const total = rows.reduce((a, r) => a + r.value, 0);
    expect(materials).toMatch(new RegExp(`^Total\\s*\\|[\\s|]*${plain(total)}`, 'm'));
    expect(solution).toContain(`total ${money(total)} across six requisitions`);
    const low = grab(materials, /2\.2 (£[\d,]+) to/);
    const tender = grab(materials, /2\.3 (£[\d,]+) and above/);
    const by = (id: string) => rows.find((r) => r.id === id)!;
    // The tyres: same requester, supplier and goods, added together (3.1).
    const tyres = rows.filter((r) => /van tyres/.test(r.description));
    expect(tyres.map((r) => r.id)).toEqual(['PR-2232', 'PR-2233']);
    expect(new Set(tyres.map((r) => r.requester + r.supplier)).size).toBe(1);
    const tyreSum = tyres.reduce((a, r) => a + r.value, 0);
    for (const r of tyres) expect(r.value).toBeLessThan(low);
    expect(tyreSum).toBeGreaterThanOrEqual(low);
    expect(tyreSum).toBeLessThan(tender);
    expect(solution).toContain(
      `${money(tyres[0]!.value)} + ${money(tyres[1]!.value)} = ${money(tyreSum)}, same requirement (3.1) | three written quotes (2.2)`,
    );
    // The grounds stopgap: three months of a requirement the note values a year.
    const stopgap = by('PR-2231');
    const yearly = grab(materials, /PR-2231: "Stopgap: our contract C-124 with Lakeside \((£[\d,]+) a year\)/);
    expect(stopgap.description).toContain('April to June');
    expect(stopgap.value * 4).toBe(yearly);
    expect(yearly).toBeGreaterThanOrEqual(tender);
    expect(solution).toContain(`requirement ${money(stopgap.value)} × 4 = ${money(yearly)} a year (3.1), above ${money(tender)}`);
    // Training: over the tender threshold whatever the quotes.
    const training = by('PR-2235');
    expect(training.value).toBeGreaterThanOrEqual(tender);
    expect(solution).toContain(`PR-2235 | ${money(training.value)}, above ${money(tender)} | competitive tender`);
    // Stationery and cleaning are routed by what covers them, not by value.
    expect(by('PR-2234').description).toMatch(/stationery/);
    expect(solution).toContain(`PR-2234 | ${money(by('PR-2234').value)} | office supplies: call off from framework FW-OS-02`);
    expect(materials).toContain('PR-2236: Northwind Facilities Ltd already cleans both sites under contract C-140.');
    expect(solution).toContain(`PR-2236 | ${money(by('PR-2236').value)} | contract variation under C-140 (4.2)`);
    const routes = { tender: 2, quotes: 1, framework: 1, variation: 1 };
    expect(solution).toContain(
      `${routes.tender} go to tender, ${routes.quotes} needs more quotes (two requests\n  together), ${routes.framework} moves to the framework, ${routes.variation} becomes a variation`.replace(
        '\n  ',
        '\n',
      ),
    );
  });
});
