import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  dmy,
  exercise,
  flat,
  expectWeekdaysRight,
  fmt,
  grab,
  loadRole,
  longDate,
  num,
  pct,
  rows,
  workflow,
  workingDaysBetween,
} from './support.js';

/**
 * The project-management role's answer keys, recomputed from the role's own materials: every total,
 * difference, percentage, score and date the key states follows from the figures the participants see.
 * Change a figure in a material or in a key and one of these fails.
 */
const role = loadRole('project-management');
/** England and Wales bank holidays inside the materials' windows (Easter and the two May holidays, 2027). */
const HOLIDAYS = ['2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31'];

describe('project-management answer keys', () => {
  it('status-report: budget against tolerance, test progress and the M3 slip', () => {
    const { materials, solution } = exercise(role, 'status-report');
    const [budget, spent, fac] = grab(materials, /Budget £([\d,]+) \| spent to date £([\d,]+) \| forecast at completion £([\d,]+)/).map(num);
    const [tolPct, tol] = grab(materials, /Tolerance: ±(\d+)% of budget \(£([\d,]+)\)/).map(num);
    const lastWeek = num(grab(materials, /Forecast last week: £([\d,]+)/)[0]!);
    const cr = num(grab(materials, /CR-014 [^\n]*£([\d,]+)\./)[0]!);

    expect(budget! * (tolPct! / 100)).toBe(tol);
    const over = fac! - budget!;
    expect(solution).toContain(`£${fmt(over)} over (${pct(over, budget!, 1)})`);
    expect(solution).toContain(`£${fmt(tol!)}`);
    expect(over).toBeGreaterThan(tol!); // outside tolerance: the point of the exercise
    expect(solution).toContain(`outside by ${fmt(over)} − ${fmt(tol!)} = £${fmt(over - tol!)}`);
    expect(fac! - cr).toBe(lastWeek);
    expect(solution).toContain(`${fmt(lastWeek)} − ${fmt(budget!)} = £${fmt(lastWeek - budget!)} over, inside`);
    expect(lastWeek - budget!).toBeLessThanOrEqual(tol!);
    expect(solution).toContain(`£${fmt(spent!)} spent (${pct(spent!, budget!)})`);

    const [executed, total, passed, failed, planned] = grab(materials, /(\d+) of (\d+) scripts executed, (\d+) passed, (\d+) failed\. Plan had (\d+)/).map(num);
    expect(passed! + failed!).toBe(executed);
    expect(solution).toContain(
      `${executed} of ${total} scripts executed (${pct(executed!, total!)}) against ${planned} planned — ${planned! - executed!} behind`,
    );
    expect(solution).toContain(`${passed} of ${executed} executed passed (${pct(passed!, executed!)}), ${failed} failed`);

    const [m3base, m3fc] = grab(materials, /M3 Data migration dry run signed off \| (\S+) \| (\S+)/);
    const [m4] = grab(materials, /M4 Cutover rehearsal \| (\S+) \|/);
    const slip = workingDaysBetween(dmy(m3base!), dmy(m3fc!), HOLIDAYS);
    expect(solution).toContain(`${slip} working days`);
    const weeks = (d1: string, d2: string) => (dmy(d2).getTime() - dmy(d1).getTime()) / (7 * 86_400_000);
    expect(solution).toContain(`planned ${weeks(m3base!, m4!)} weeks`);
    expect(solution).toContain(`now ${weeks(m3fc!, m4!)} weeks`);
    const rule = num(grab(materials, /at least (\d+) weeks before the rehearsal/)[0]!);
    expect(weeks(m3fc!, m4!)).toBeLessThan(rule);
    expect(solution).toContain(`against the ${rule} weeks`);

    const [briefed, depots] = grab(materials, /briefings done at (\d+) of (\d+) depots/).map(num);
    expect(solution).toContain(`${briefed} of ${depots} depots; ${depots! - briefed!} booked`);
  });

  it('raid-log: every score is P × I, the escalations follow the threshold, and the draft really is wrong', () => {
    const { materials, solution } = exercise(role, 'raid-log');
    const threshold = num(grab(materials, /escalate at (\d+)/)[0]!);
    const log = new Map(
      rows(materials, /^[RAID]-\d+$/)
        .filter((r) => r.length === 8)
        .map((r) => [r[0]!, r]),
    );
    // The current log's own scores are right.
    for (const [id, r] of log) if (r[3] !== '-') expect(num(r[3]!) * num(r[4]!), id).toBe(num(r[5]!));

    const r09 = grab(materials, /R-09: [^\n]*probability up to (\d), impact stays (\d)/).map(num);
    const r09Score = r09[0]! * r09[1]!;
    expect(solution).toContain(`P ${r09[0]} × I ${r09[1]} = ${r09Score}`);
    expect(r09Score).toBeGreaterThanOrEqual(threshold);
    expect(solution).toContain(`R-09 (${r09Score})`);

    const r11p = num(grab(materials, /R-11: [^\n]*lower probability to (\d)/)[0]!);
    const r11i = num(log.get('R-11')![4]!);
    expect(solution).toContain(`${r11p} × ${r11i} = ${r11p * r11i}`);
    const r04 = log.get('R-04')!;
    expect(solution).toContain(`${r04[3]} × ${r04[4]} = ${num(r04[3]!) * num(r04[4]!)}`);

    // The AI draft's lines: R-09 and R-07 shown at 12 although P × I is 16.
    const draft = materials.slice(materials.indexOf('AI-drafted update'));
    const draftRows = rows(draft, /^[RAID]-\d+$/);
    expect(solution).toContain(`of ${draftRows.length} lines wrong`);
    for (const id of ['R-07', 'R-09']) {
      const r = draftRows.find((x) => x[0] === id)!;
      expect(num(r[3]!) * num(r[4]!), `${id} draft`).not.toBe(num(r[5]!));
    }
    expect(solution).toContain('(draft shows 12)');
    const wrong = grab(solution, /(\d) of \d+ lines wrong \(([^)]+)\)/);
    expect(wrong[1]!.split(',').length).toBe(num(wrong[0]!));
    // R-12's owner and score are not in the notes: the new line is one of the wrong ones.
    const r12 = draftRows.find((x) => x[0] === 'R-12')!;
    expect(materials.slice(0, materials.indexOf('AI-drafted update'))).not.toContain(r12[6]!);
    expect(wrong[1]!.split(', ')).toContain('R-12');
  });

  it('meeting-actions: weekend cover, test progress, scanner shortfall and every dated action', () => {
    const { materials, solution, key } = exercise(role, 'meeting-actions');
    const [rate] = grab(materials, /£([\d,]+) per weekend day/).map(num);
    const [weekends, days] = grab(materials, /Need (\d) weekends x (\d) days/).map(num);
    const total = num(grab(materials, /Total £([\d,]+)/)[0]!);
    expect(rate! * weekends! * days!).toBe(total);
    expect(solution).toContain(`${fmt(rate!)} × ${weekends} weekends × ${days} days = £${fmt(total)}`);

    const [exec, of, passed] = grab(materials, /(\d+) of (\d+) executed, (\d+) passed/).map(num);
    expect(solution).toContain(`SIT ${exec} of ${of} executed (${pct(exec!, of!)}), ${passed} of ${exec} passed (${pct(passed!, exec!)})`);
    const [delivered, short, ordered] = grab(materials, /(\d+) delivered, (\d+) short of the (\d+) ordered/).map(num);
    expect(ordered! - delivered!).toBe(short);
    expect(solution).toContain(`(${delivered} of ${ordered} delivered)`);
    const [clean, depots] = grab(materials, /(\d+) of (\d+) depots migrated clean/).map(num);
    expect(solution).toContain(`${clean} of ${depots} depots migrated clean`);

    // "Next Friday" from the meeting date: both readings, and the later one after the Tuesday build.
    const meeting = grab(materials, /raw notes \(typed up by [^)]+\), (\w+ \d+ \w+ \d{4})/)[0]!;
    const m = new Date(`${meeting.split(' ').slice(1).join(' ')} UTC`);
    const fri1 = new Date(m);
    fri1.setUTCDate(m.getUTCDate() + ((5 - m.getUTCDay() + 7) % 7 || 7));
    const fri2 = new Date(fri1);
    fri2.setUTCDate(fri1.getUTCDate() + 7);
    expect(solution).toContain(`${longDate(fri1).replace(/ \d{4}$/, '')} or ${longDate(fri2)}`);

    const actions = key.split('\n').filter((l) => /^A\d+ \|/.test(l));
    expect(actions.map((l) => l.slice(0, 2))).toEqual(actions.map((_, i) => `A${i + 1}`));
    expect(actions).toHaveLength(7);
    expect(expectWeekdaysRight(solution, 'meeting-actions solution')).toBeGreaterThan(4);
  });

  it('change-request: each line is days × rate, the total and contingency add up, and M5 moves by extra less float', () => {
    const { materials, solution } = exercise(role, 'change-request');
    const lines = rows(materials, /^(Portal|Security|Internal|Business analyst)/);
    expect(lines).toHaveLength(4);
    let work = 0;
    for (const [, days, rate, cost] of lines) {
      expect(num(days!) * num(rate!)).toBe(num(cost!));
      expect(solution).toContain(`${days} × ${fmt(num(rate!))} = ${fmt(num(cost!))}`);
      work += num(cost!);
    }
    const contPct = num(grab(materials, /Contingency (\d+)% of the above/)[0]!);
    const contingency = num(rows(materials, /^Contingency/)[0]![3]!);
    const total = num(rows(materials, /^Total$/)[0]![3]!);
    expect(work * (contPct / 100)).toBe(contingency);
    expect(work + contingency).toBe(total);
    expect(solution).toContain(`Work subtotal ${fmt(work)}; contingency ${contPct}% = ${fmt(contingency)}; total £${fmt(total)}`);

    const claimed = num(grab(materials, /about £(\d+)k all in/)[0]!) * 1000;
    expect(claimed).not.toBe(total); // the requester's figure is the trap
    const [extra, float] = grab(materials, /adds (\d+) working days; total float (\d+) working days/).map(num);
    const golive = grab(materials, /feeds M5 Go-live, (\w+ \d+ \w+ \d{4})/)[0]!;
    const from = new Date(`${golive.split(' ').slice(1).join(' ')} UTC`);
    const slip = extra! - float!;
    const to = addWorkingDays(from, slip, ['2027-05-31']);
    expect(solution).toContain(`M5 slips ${extra} − ${float} = ${slip} working days, from ${golive} to ${longDate(to)}`);

    const remaining = num(grab(materials, /contingency remaining after CR-014: £([\d,]+)/)[0]!);
    expect(solution).toContain(
      `${fmt(total)} against contingency ${fmt(remaining)} — shortfall ${fmt(total)} − ${fmt(remaining)} = £${fmt(total - remaining)}`,
    );
    const sponsorLimit = num(grab(materials, /sponsor up to £([\d,]+)/)[0]!);
    expect(total).toBeGreaterThan(sponsorLimit);
    expect(solution).toContain(`above the sponsor's ${fmt(sponsorLimit)} — investment committee`);
  });

  it("highlight-report: the extract's totals, the variance by line, and the draft's transposed spend", () => {
    const { materials, solution } = exercise(role, 'highlight-report');
    const table = rows(materials, /^(Vendor|Internal project|Handheld|Training and|Contingency|Total)/);
    const body = table.filter((r) => r[0] !== 'Total');
    const total = table.find((r) => r[0] === 'Total')!;
    const col = (i: number) => body.reduce((s, r) => s + num(r[i]!), 0);
    for (const i of [1, 2, 3]) expect(col(i), `column ${i}`).toBe(num(total[i]!));
    const [budget, actual, fac] = [1, 2, 3].map((i) => num(total[i]!));
    expect(solution).toContain(`extract total £${fmt(actual!)} (${body.map((r) => fmt(num(r[2]!))).join(' + ')})`);
    const draftSpend = num(grab(materials, /spend to date is £([\d,]+)/)[0]!);
    expect(draftSpend).not.toBe(actual);
    expect(solution).toContain(`draft £${fmt(draftSpend)} — differs`);
    expect(solution).toContain(`over by ${fmt(fac!)} − ${fmt(budget!)} = £${fmt(fac! - budget!)} (${pct(fac! - budget!, budget!, 1)})`);
    // The draft's own variance is right, which is what makes the wrong spend easy to miss.
    expect(materials).toContain(`£${fmt(fac! - budget!)} (${pct(fac! - budget!, budget!, 1)}) over budget`);

    const variances = body.map((r) => num(r[3]!) - num(r[1]!));
    expect(variances.reduce((a, b) => a + b, 0)).toBe(fac! - budget!);
    for (const [i, r] of body.entries()) {
      if (variances[i] === 0) continue;
      const sign = variances[i]! > 0 ? '+' : '−';
      expect(solution).toContain(`${fmt(num(r[3]!))} − ${fmt(num(r[1]!))} = ${sign}${fmt(Math.abs(variances[i]!))}`);
    }
    const nonZero = variances.filter((v) => v !== 0);
    expect(solution).toContain(
      `Check: ${nonZero.map((v, i) => (i === 0 ? fmt(v) : `${v > 0 ? '+' : '−'} ${fmt(Math.abs(v))}`)).join(' ')} = ${fmt(fac! - budget!)}`,
    );

    const m3 = grab(materials, /M3 [^|]+\| baseline (\S+) \| actual (\S+)/);
    expect(solution).toContain(
      `M3 ${m3[0]!.slice(0, 5)} → ${m3[1]!.slice(0, 5)} (${(dmy(m3[1]!).getTime() - dmy(m3[0]!).getTime()) / (7 * 86_400_000)} weeks)`,
    );
    const cr019 = grab(materials, /CR-019 weekend cover \(£([\d,]+)\)/)[0]!;
    expect(solution).toContain(`CR-019 (£${cr019})`);
  });

  it('lessons-learned: every note in one theme, theme totals and shares, and what the change requests explain', () => {
    const { materials, solution } = exercise(role, 'lessons-learned');
    const notes = new Map(rows(materials, /^N\d+$/).map((r) => [r[0]!, num(r[2]!)]));
    const total = num(rows(materials, /^Total$/)[0]![2]!);
    expect([...notes.values()].reduce((a, b) => a + b, 0)).toBe(total);

    const themeLines = [...solution.matchAll(/([A-Z][a-z][^:()]*?): ((?:N\d+ \d+[^,=]*?, )*N\d+ \d+[^=]*?)= (\d+) \((\d+)%\)/g)];
    const seen: string[] = [];
    const totals: number[] = [];
    for (const m of themeLines) {
      const ids = [...m[2]!.matchAll(/(N\d+) (\d+)/g)];
      for (const [, id, votes] of ids) {
        expect(notes.get(id!), `${id} votes`).toBe(num(votes!));
        seen.push(id!);
      }
      const sum = ids.reduce((a, x) => a + num(x[2]!), 0);
      expect(sum, m[1]).toBe(num(m[3]!));
      expect(`${m[4]}%`, m[1]).toBe(pct(sum, total));
      totals.push(sum);
    }
    expect(seen.sort()).toEqual([...notes.keys()].sort());
    expect(solution).toContain(`Check: ${totals.join(' + ')} = ${total}.`);

    const [budget, outturn] = grab(materials, /Budget £([\d,]+) \| outturn £([\d,]+)/).map(num);
    const crs = [...grab(materials, /Change requests approved: ([^\n]+)/)[0]!.matchAll(/£([\d,]+)/g)].map((m) => num(m[1]!));
    const crTotal = crs.reduce((a, b) => a + b, 0);
    const over = outturn! - budget!;
    expect(solution).toContain(`outturn ${fmt(outturn!)} − budget ${fmt(budget!)} = £${fmt(over)} over (${pct(over, budget!, 1)})`);
    expect(solution).toContain(`Change requests ${crs.map(fmt).join(' + ')} = £${fmt(crTotal)}`);
    expect(solution).toContain(`${fmt(crTotal)} − ${fmt(over)} = £${fmt(crTotal - over)} under`);
    const [base, actual] = grab(materials, /Go-live: baseline (\w+ \d+ \w+ \d{4}), actual (\w+ \d+ \w+ \d{4})/);
    const late = workingDaysBetween(new Date(`${base!.split(' ').slice(1).join(' ')} UTC`), new Date(`${actual!.split(' ').slice(1).join(' ')} UTC`), HOLIDAYS);
    expect(solution).toContain(`${late} working days late`);
    // Hypercare starts at the actual go-live and is over before the retrospective that reports on it.
    const [hcFrom, hcTo] = grab(materials, /Hypercare \(4 weeks, (\S+) to (\S+)\)/).map(dmy);
    expect(hcFrom!.getTime()).toBe(new Date(`${actual!.split(' ').slice(1).join(' ')} UTC`).getTime());
    const retro = grab(materials, /closure retrospective, (\w+ \d+ \w+ \d{4})/)[0]!;
    expect(new Date(`${retro.split(' ').slice(1).join(' ')} UTC`).getTime()).toBeGreaterThan(hcTo!.getTime());
    const stepDate = grab((workflow(role, 'lessons-learned').exercise!.steps ?? []).join(' '), /closure retrospective (\d\d\/\d\d\/\d{4})/)[0]!;
    expect(dmy(stepDate).getTime()).toBe(new Date(`${retro.split(' ').slice(1).join(' ')} UTC`).getTime());
    expect(solution).not.toMatch(/Tomasz/);
  });

  it('demos: their fallback outputs follow from their own material', () => {
    const status = workflow(role, 'status-report').demo!;
    const [b, , f] = grab(status.material, /Budget £([\d,]+) \| spent to date £([\d,]+) \| forecast at completion £([\d,]+)/).map(num);
    expect(flat(status.output)).toContain(`£${fmt(b! - f!)} under budget (${pct(b! - f!, b!, 1)})`);

    const cr = workflow(role, 'change-request').demo!;
    const est = rows(cr.material, /^(Trailer|Fitting|Platform|Contingency|Total)/);
    const sum = est.filter((r) => r[0] !== 'Total').reduce((s, r) => s + num(r[3]!), 0);
    expect(sum).toBe(num(est.find((r) => r[0] === 'Total')![3]!));
    const left = num(grab(cr.material, /contingency remaining: £([\d,]+)/)[0]!);
    expect(flat(cr.output)).toContain(`£${fmt(sum - left)} short`);

    const hl = workflow(role, 'highlight-report').demo!;
    const t = rows(hl.material, /^(Units|Platform|Project team|Total)/);
    const spent = t.filter((r) => r[0] !== 'Total').reduce((s, r) => s + num(r[2]!), 0);
    expect(flat(hl.output)).toContain(`£${fmt(spent)} (`);
    for (const w of role.workflows) expectWeekdaysRight(`${w.demo!.output}\n${w.exercise!.solution}`, w.id);
  });
});
