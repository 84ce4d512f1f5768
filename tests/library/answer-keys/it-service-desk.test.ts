import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/**
 * The it-service-desk answer keys, recomputed from the role's own materials: every count, sum, rate,
 * time and duration the key states is worked out here from the material, so changing a figure in either
 * the material or the key fails a test.
 */

const role = parse(readFileSync(join(ROOT, 'roles', 'it-service-desk.yaml'), 'utf8')) as Role;
const workflow = (id: string) => {
  const w = role.workflows.find((x) => x.id === id);
  if (!w?.exercise?.materials || !w.exercise.solution) throw new Error(`${id}: no exercise`);
  return { materials: w.exercise.materials, solution: w.exercise.solution, brief: w.exercise.brief ?? '' };
};
const num = (s: string) => Number(s.replace(/,/g, ''));
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
const rows = (text: string, re: RegExp) =>
  text
    .split('\n')
    .map((l) => l.match(re))
    .filter((m): m is RegExpMatchArray => m !== null);
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
const hm = (mins: number) => `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
const dur = (mins: number) => `${Math.floor(mins / 60)} h ${mins % 60} min`;

describe('it-service-desk answer keys', () => {
  it('ticket-triage: the matrix, the changed rows and the recount follow from the queue and the proposal', () => {
    const { materials, solution } = workflow('ticket-triage');
    const tickets = rows(materials, /^(INC-\d+) \| \d\d:\d\d \| /);
    expect(tickets.length).toBe(12);
    const ids = tickets.map((m) => m[1]!);

    // The proposal's own count table equals its rows, and its Total is the number of tickets.
    const proposal = new Map(rows(materials, /^(INC-\d+) \| (P[1-4]) \| /).map((m) => [m[1]!, m[2]!]));
    expect([...proposal.keys()]).toEqual(ids);
    const countTable = new Map(rows(materials, /^(P[1-4]|Total) \| (\d+)$/).map((m) => [m[1]!, Number(m[2])]));
    for (const p of ['P1', 'P2', 'P3', 'P4']) expect(countTable.get(p), p).toBe([...proposal.values()].filter((v) => v === p).length);
    expect(countTable.get('Total')).toBe(ids.length);
    expect(solution).toContain(
      `(P1 ${countTable.get('P1')}, P2 ${countTable.get('P2')}, P3 ${countTable.get('P3')}, P4 ${countTable.get('P4')}) also totals ${ids.length}`,
    );

    // The matrix from the material, applied to every row the key grades by impact x urgency.
    const matrix = (i: number, u: number) => {
      const line = materials.split('\n').find((l) => l.startsWith('I1xU1'))!;
      for (const part of line.split(';')) {
        const [cells, p] = part.split('=').map((x) => x.trim());
        if (p === 'P1' && cells === 'I1xU1' && i === 1 && u === 1) return 'P1';
        if (cells!.includes('anything else')) continue;
        if (cells!.split(/ or |, /).some((c) => c.trim() === `I${i}xU${u}`)) return p!;
      }
      return line.match(/anything else = (P\d)/)![1]!;
    };
    const key = rows(solution, /^(INC-\d+) \| ([^|]+) \| ([^|]+) \| (.+)$/).filter((m) => m[1] !== 'Ticket');
    expect(key.map((m) => m[1])).toEqual(ids);
    const corrected = new Map<string, string>();
    for (const m of key) {
      const [, id, iu, triage, verdict] = m;
      const graded = iu!.match(/^I(\d) x U(\d)$/);
      if (graded) expect(triage!.startsWith(matrix(Number(graded[1]), Number(graded[2]))), `${id}: ${iu} gives ${triage}`).toBe(true);
      const bucket = triage!.startsWith('LINK') ? 'linked' : triage!.startsWith('REQUEST') ? 'REQUEST' : triage!.match(/^P[1-4]/)![0];
      corrected.set(id!, bucket);
      // A row marked "agree" keeps the proposal's priority; a request the proposal gave a priority is a change.
      if (bucket === 'REQUEST') expect(verdict!.startsWith('change'), `${id} is a request`).toBe(true);
      if (verdict!.startsWith('agree') && bucket !== 'linked') expect(proposal.get(id!), `${id} agreed`).toBe(bucket);
    }
    // The security ticket goes to Security Operations at P2 under SEC-04.
    const phish = tickets.find((m) => /clicked the link and typed my password/.test(m.input!))![1]!;
    expect(corrected.get(phish)).toBe('P2');
    expect(solution).toMatch(new RegExp(`${phish} \\| SEC-04 \\| P2 Security Operations`));

    const changed = key.filter((m) => m[4]!.startsWith('change')).map((m) => m[1]!);
    expect(solution).toContain(`Rows changed: ${changed.length} (${changed.join(', ')}); rows agreed: ${ids.length - changed.length}.`);
    const c = (b: string) => [...corrected.values()].filter((v) => v === b).length;
    const parts = [c('P1'), c('P2'), c('P3'), c('P4'), c('REQUEST'), c('linked')];
    expect(parts.reduce((a, b) => a + b)).toBe(ids.length);
    expect(solution).toContain(
      `P1 ${parts[0]}, P2 ${parts[1]}, P3 ${parts[2]}, P4 ${parts[3]}, REQUEST ${parts[4]}, linked to MI-0093 ${parts[5]}; ${parts.join(' + ')} = ${ids.length}.`,
    );
  });

  it('knowledge-articles: the version counts and the minutes add up from the tickets', () => {
    const { materials, solution } = workflow('knowledge-articles');
    const tickets = rows(materials, /^(INC-\d+) \| [^|]+ \| [^|]+ \| client (\d+\.\d+\.\d+) \|/);
    const spent = rows(materials, /Time spent (\d+) min/).map((m) => Number(m[1]));
    expect(tickets.length).toBe(5);
    expect(spent.length).toBe(5);
    const total = spent.reduce((a, b) => a + b);
    expect(solution).toContain(`${spent.join(' + ')} = ${total} minutes`);
    const on521 = tickets.map((m, i) => ({ id: m[1]!, v: m[2]!, t: spent[i]! })).filter((x) => x.v === '5.2.1');
    expect(on521.length).toBe(4);
    expect(solution).toContain(`all four 5.2.1 tickets`);
    expect(solution).toContain(`the 5.2.1 tickets alone took ${on521.map((x) => x.t).join(' + ')} = ${on521.reduce((a, x) => a + x.t, 0)}`);
    // The one ticket on another version is the one the key keeps out of the resolution steps.
    const other = tickets.find((m) => m[2] !== '5.2.1')![1]!;
    expect(solution).toContain(`(Network, PRB-0412, as in ${other})`);
    // Every ticket the key says was fixed by the upgrade says 5.2.3 in its resolution code.
    for (const id of ['INC-49937', 'INC-49960']) {
      const block = materials.slice(materials.indexOf(`${id} |`)).split('\n\n')[0]!;
      expect(block, id).toMatch(/Resolution code: Fixed — upgraded to 5\.2\.3/);
    }
  });

  it('major-incident-updates: impact figures, cadence and durations follow from the bridge log', () => {
    const { materials, solution } = workflow('major-incident-updates');
    const sites = rows(materials, /^(Depot \d|Total) \| (\d+) \| (\d+)$/);
    const depots = sites.filter((m) => m[1] !== 'Total').map((m) => ({ name: m[1]!, staff: Number(m[2]), scanners: Number(m[3]) }));
    const total = sites.find((m) => m[1] === 'Total')!;
    const staff = depots.reduce((a, d) => a + d.staff, 0);
    const scanners = depots.reduce((a, d) => a + d.scanners, 0);
    expect(Number(total[2])).toBe(staff);
    expect(Number(total[3])).toBe(scanners);
    const d3 = depots.find((d) => d.name === 'Depot 3')!;
    const d5 = depots.find((d) => d.name === 'Depot 5')!;
    expect(solution).toContain(`${d3.staff} + ${d5.staff} = ${staff} staff and ${d3.scanners} + ${d5.scanners} = ${scanners} scanners`);
    expect(solution).toContain(`${staff} - ${d5.staff} = ${staff - d5.staff} staff and ${scanners} - ${d5.scanners} = ${scanners - d5.scanners} scanners`);
    expect(solution).toContain(`${d3.staff} staff on shift, ${d3.scanners} scanners`);

    // Cadence: updates every N minutes from the declaration; update 4 is due at declaration + 3N.
    const cadence = Number(materials.match(/every (\d+) minutes from declaration/)![1]);
    const declared = materials.match(/^(\d\d:\d\d) MIM \([^)]+\): P1 declared/m)![1]!;
    const due = materials.match(/Update 4 is due at (\d\d:\d\d)/)![1]!;
    expect(hm(minutes(declared) + 3 * cadence)).toBe(due);
    expect(solution).toContain(`Update 4 (due ${due}, from ${declared} + 3 x ${cadence} minutes)`);
    expect(solution).toContain(`Next update at ${hm(minutes(due) + cadence)}.`);
    // Updates 2 and 3 in the log are on the cadence too.
    expect(materials).toContain(`${hm(minutes(declared) + cadence)} MIM (C. Mensah): Update 2 sent`);
    expect(materials).toContain(`${hm(minutes(declared) + 2 * cadence)} MIM (C. Mensah): Update 3 sent`);

    const firstTicket = materials.match(/^(\d\d:\d\d) Service desk \([^)]+\): Depot 3/m)![1]!;
    const d5start = materials.match(/same error on our scanners since about (\d\d:\d\d)/)![1]!;
    const d5back = materials.match(/^(\d\d:\d\d) Depot 5 supervisor \([^)]+\): all scanners at Depot 5 connecting again/m)![1]!;
    expect(solution).toContain(`Depot 5 was down from about ${d5start} to ${d5back}\n  (${dur(minutes(d5back) - minutes(d5start))})`);
    expect(solution).toContain(`Depot 3 from ${firstTicket} to ${due} is ${dur(minutes(due) - minutes(firstTicket))} so far`);
    expect(solution).toContain(`since ${firstTicket}`);
    // The vendor time is a hope, and the key keeps it out of the update.
    expect(materials).toMatch(/hope to have a firmware image for GW-D3 by 11:00, no commitment yet/);
    expect(solution).toContain('No restoration time yet.');
  });

  it('shift-handover: the SLA order and the counts follow from the export', () => {
    const { materials, solution } = workflow('shift-handover');
    const exportTime = materials.match(/export (\d\d:\d\d)/)![1]!;
    const open = rows(materials, /^(INC-\d+) \| (P\d) \| ([^|]+) \| ([^|]+) \| (.+)$/).map((m) => ({
      id: m[1]!,
      status: m[3]!.trim(),
      due: m[4]!.trim(),
    }));
    expect(open.length).toBe(8);
    // Due before 00:00: a resolution time with no later day after it.
    const tonight = open
      .map((t) => ({ ...t, at: t.due.match(/resolution (\d\d:\d\d)$/)?.[1] }))
      .filter((t): t is typeof t & { at: string } => t.at !== undefined)
      .sort((a, b) => minutes(a.at) - minutes(b.at));
    expect(tonight.length).toBe(4);
    const section1 = solution.slice(solution.indexOf('1. SLA due'), solution.indexOf('2. Promised'));
    const listed = [...section1.matchAll(/^ {3}(INC-\d+) P\d resolution (\d\d:\d\d)/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(tonight.map((t) => [t.id, t.at]));
    // The earliest is due an hour after the export.
    expect(minutes(tonight[0]!.at) - minutes(exportTime)).toBe(60);

    const statuses = ['In progress', 'Assigned', 'Awaiting caller confirmation', 'Awaiting supplier', 'Awaiting caller'];
    const counts = statuses.map((s) => open.filter((t) => t.status === s).length);
    expect(counts.reduce((a, b) => a + b)).toBe(open.length);
    const inProgress = open.filter((t) => t.status === 'In progress').map((t) => t.id);
    expect(solution).toContain(`In progress ${counts[0]} (${inProgress.join(', ')}), Assigned ${counts[1]}, Awaiting caller confirmation ${counts[2]},`);
    expect(solution).toContain(`Awaiting supplier ${counts[3]}, Awaiting caller ${counts[4]}; ${counts.join(' + ')} = ${open.length}, equal to the export.`);
    expect(solution).toContain(`(${open.length} open tickets)`);

    // The draft's own count, and what the key says is wrong with it.
    const draft = materials.match(/Open tickets: (\d+) \(In progress (\d+), Assigned (\d+), Awaiting (\d+)\)/)!;
    expect(Number(draft[2]) + Number(draft[3]) + Number(draft[4])).toBe(Number(draft[1]));
    expect(solution).toContain(`count ${draft[1]} instead of ${open.length} (and "In progress ${draft[2]}" instead of ${counts[0]})`);
    // The ticket the draft dropped is the earliest due.
    expect(materials.slice(materials.indexOf('AI DRAFT'))).not.toContain(tonight[0]!.id);
    expect(solution).toContain(`${tonight[0]!.id} missing`);
  });

  it('sla-weekly-review: the table adds up and every rate in the key recomputes', () => {
    const { materials, solution, brief } = workflow('sla-weekly-review');
    const table = rows(materials, /^([A-Za-z&() ]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+)$/).map((m) => ({
      name: m[1]!.trim(),
      opened: num(m[2]!),
      resolved: num(m[3]!),
      met: num(m[4]!),
      breached: num(m[5]!),
      reopened: num(m[6]!),
    }));
    const total = table.find((r) => r.name === 'Total')!;
    const cats = table.filter((r) => r.name !== 'Total');
    expect(cats.length).toBe(6);
    for (const k of ['opened', 'resolved', 'met', 'breached', 'reopened'] as const)
      expect(
        cats.reduce((a, r) => a + r[k], 0),
        k,
      ).toBe(total[k]);
    for (const r of [...cats, total]) expect(r.met + r.breached, r.name).toBe(r.resolved);
    const cat = (prefix: string) => cats.find((r) => r.name.startsWith(prefix))!;

    expect(solution).toContain(`opened ${cats.map((r) => r.opened).join(' + ')} = ${total.opened}`);
    expect(solution).toContain(`resolved ${cats.map((r) => r.resolved).join(' + ')} = ${total.resolved}`);
    expect(solution).toContain(`met ${total.met} + breached ${total.breached} = ${total.resolved}`);
    expect(solution).toContain(`${total.met} of ${total.resolved} resolved tickets met SLA = ${pct(total.met, total.resolved)}`);
    const target = materials.match(/Resolution SLA target: (\d+)%/)![1]!;
    expect(total.met / total.resolved < Number(target) / 100).toBe(true);
    expect(solution).toContain(`below the ${target}% target`);
    const lastWeek = materials.match(/Last week \(week 19\): ([\d.]+%)/)![1]!;
    expect(solution).toContain(`(week 19: ${lastWeek})`);

    for (const [label, prefix] of [
      ['Access', 'Access'],
      ['Hardware', 'Hardware'],
      ['Software', 'Software'],
      ['Network', 'Network'],
      ['Requests', 'Requests'],
    ] as const) {
      const r = cat(prefix);
      expect(solution, label).toContain(`${label} ${r.met}/${r.resolved} = ${pct(r.met, r.resolved)}`);
    }
    const printing = cat('Printing');
    expect(printing.resolved).toBeLessThan(20);
    expect(solution).toContain(`Printing ${printing.breached} breaches of ${printing.resolved} (counts only)`);
    expect(brief).toContain(`on ${printing.resolved} tickets`);

    const outage = Number(materials.match(/\| (\d+) Access breaches on Tuesday/)![1]);
    const access = cat('Access');
    expect(solution).toContain(`${outage} of the ${access.breached} Access breaches`);
    expect(solution).toContain(
      `Access ${access.met} of ${access.resolved} - ${outage} = ${access.resolved - outage},\n  ${pct(access.met, access.resolved - outage)}`,
    );
    expect(solution).toContain(
      `overall ${total.met} of ${total.resolved} - ${outage} = ${total.resolved - outage}, ${pct(total.met, total.resolved - outage)}`,
    );
    const restAccess = Number(materials.match(/apart from Tuesday, (\d+) breaches/)![1]);
    expect(access.breached - outage).toBe(restAccess);
    expect(solution).toContain(`${access.breached} - ${outage} = ${restAccess}`);

    const sw = cat('Software');
    expect(solution).toContain(`Reopened: ${total.reopened} of ${total.resolved} = ${pct(total.reopened, total.resolved)}`);
    expect(solution).toContain(`Software ${sw.reopened} of ${sw.resolved} = ${pct(sw.reopened, sw.resolved)}`);
    const req = cat('Requests');
    expect(solution).toContain(`Backlog: ${total.opened} - ${total.resolved} = ${total.opened - total.resolved} more open tickets`);
    expect(solution).toContain(`Requests ${req.opened} - ${req.resolved} = ${req.opened - req.resolved}`);
    // The backlog growth per category, and the one that grew most.
    const growth = cats.map((r) => ({ label: r.name.split(/[ &(]/)[0]!, n: r.opened - r.resolved }));
    expect(solution).toContain(
      `${growth
        .map((g) => `${g.label} ${g.n}`)
        .join(', ')
        .replace('Printing 1, ', 'Printing 1,\n  ')} (${growth.map((g) => g.n).join(' + ')} = ${total.opened - total.resolved})`,
    );
    const most = growth.reduce((a, b) => (b.n > a.n ? b : a));
    expect(brief).toContain(`${most.label} grew most (${most.n})`);
    expect(solution).toContain(`${total.met} / ${total.opened} = ${pct(total.met, total.opened)} (opened)`);
    expect(solution).toContain(`Access ${access.met} / ${access.opened} = ${pct(access.met, access.opened)}`);
    expect(brief).toContain(`grew by ${total.opened - total.resolved} tickets (${total.opened} opened, ${total.resolved} resolved)`);
    expect(brief).toContain(`${total.met} of ${total.resolved} = ${pct(total.met, total.resolved)}`);
    expect(brief).toContain(`gives ${pct(total.met, total.resolved - outage)} without them`);
    expect(brief).toContain(`opened gives ${pct(total.met, total.opened)}`);
  });
  it('problem-records: scope, workaround counts, first seen and minutes follow from the export', () => {
    const { materials, solution, brief } = workflow('problem-records');
    const tickets = rows(materials, /^(INC-\d+) \| (\d\d \w+ \d\d:\d\d) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| (yes, \d\d \w+|no) \| (\d+)$/).map((m) => ({
      id: m[1]!,
      opened: m[2]!,
      symptom: m[4]!.trim(),
      fix: m[5]!.trim(),
      reopened: m[6] !== 'no',
      minutes: Number(m[7]),
    }));
    expect(tickets.length).toBe(8);
    const total = Number(materials.match(/^Total \|[ |]*\| (\d+)$/m)![1]);
    expect(tickets.reduce((a, t) => a + t.minutes, 0)).toBe(total);
    const inScope = tickets.filter((t) => /Submit/.test(t.symptom));
    const out = tickets.filter((t) => !inScope.includes(t));
    expect(solution).toContain(`Scope: ${inScope.length} tickets — ${inScope.map((t) => t.id).join(', ')}.`);
    expect(out.map((t) => t.id)).toEqual(['INC-50980']);
    expect(solution).toContain(`Left out: ${out[0]!.id}`);
    const held = inScope.filter((t) => !t.reopened);
    const fixes = new Set(held.map((t) => t.fix));
    expect(fixes.size).toBe(1);
    expect(solution).toContain(`held ${held.length} of ${inScope.filter((t) => t.fix === [...fixes][0]).length} (${held.map((t) => t.id).join(', ')})`);
    const cache = inScope.filter((t) => t.fix === 'Cleared browser cache');
    expect(cache.every((t) => t.reopened)).toBe(true);
    expect(solution).toContain(`applied ${cache.length} times, reopened ${cache.length} of ${cache.length}\n  (${cache.map((t) => t.id).join(', ')})`);
    expect(brief).toContain(`all ${['zero', 'one', 'two', 'three', 'four', 'five', 'six'][cache.length]} of those tickets were reopened`);
    const first = inScope[0]!;
    expect(solution).toContain(`First seen: ${first.opened} (${first.id}), the day after release 4.8 (CHG-2198, 2 May)`);
    expect(materials).toContain('deployed on 2 May 2027 (change CHG-2198)');
    const scopeMinutes = inScope.reduce((a, t) => a + t.minutes, 0);
    expect(solution).toContain(
      `Cost so far: ${inScope.map((t) => t.minutes).join(' + ')} = ${scopeMinutes} handling minutes in scope (${total} - ${out[0]!.minutes} = ${total - out[0]!.minutes}), at least.`,
    );
    expect(brief).toContain(`Cost: ${scopeMinutes} minutes`);

    // The week-20 SLA notes count the same fault's reopens: all since 3 May, and those in week 20 (17-23 May).
    const sla = workflow('sla-weekly-review').materials;
    const reopenDays = cache.map((t) => Number(materials.match(new RegExp(`${t.id} \\|[^\\n]*\\| yes, (\\d\\d) May`))![1]));
    const inWeek20 = reopenDays.filter((d) => d >= 17 && d <= 23).length;
    expect(sla).toContain(
      `${inWeek20} of the 9 reopens are the expense app "Submit greys out" fault, cleared cache again (${cache.length} reopens of it since 3 May)`,
    );
  });
});
