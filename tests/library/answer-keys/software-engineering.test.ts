import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/**
 * The software-engineering answer keys, recomputed from the role's own materials: the code in each
 * material is read for its constants and run here by hand (pagination, fees, retries, dates), and the
 * metrics and logs are summed, so changing a figure in either the material or the key fails a test.
 */

const role = parse(readFileSync(join(ROOT, 'roles', 'software-engineering.yaml'), 'utf8')) as Role;
const workflow = (id: string) => {
  const w = role.workflows.find((x) => x.id === id);
  if (!w?.exercise?.materials || !w.exercise.solution) throw new Error(`${id}: no exercise`);
  return { materials: w.exercise.materials, solution: w.exercise.solution, brief: w.exercise.brief ?? '' };
};
const num = (s: string) => Number(s.replace(/,/g, ''));
const fmt = (n: number) => n.toLocaleString('en-GB');
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
const constant = (text: string, name: string) => Number(text.match(new RegExp(`${name} = ([\\d._]+)`))![1]!.replace(/_/g, ''));

describe('software-engineering answer keys', () => {
  it('code-review: line numbers and rows returned follow from the diff', () => {
    const { materials, solution, brief } = workflow('code-review');
    const hunk = materials.match(/@@ -0,0 \+1,(\d+) @@\n((?:\+.*\n?)+)/)!;
    const added = hunk[2]!.trimEnd().split('\n');
    expect(added.length).toBe(Number(hunk[1]));
    const lineOf = (re: RegExp) => added.findIndex((l) => re.test(l)) + 1;
    expect(solution).toContain(`billing/export.py:${lineOf(/LEDGER_TOKEN = "/)} — a ledger token is committed`);
    expect(solution).toContain(`billing/export.py:${lineOf(/return total_rows \/\/ PAGE_SIZE/)} and :${lineOf(/for page in range\(1, page_count/)}`);
    expect(solution).toContain(`billing/export.py:${lineOf(/rows\.extend\(resp\.json\(\)/)} — no resp.raise_for_status()`);

    const pageSize = constant(materials, 'PAGE_SIZE');
    // The code as written: pages = floor(rows / size), fetched with range(1, pages), each page full.
    const returned = (total: number) => {
      const pages = Math.floor(total / pageSize);
      let got = 0;
      for (let page = 1; page < pages; page++) got += Math.min(pageSize, total - (page - 1) * pageSize);
      return got;
    };
    expect(solution).toContain(`99 invoices: 99 // ${pageSize} = 0 pages, range(1, 0) is empty, ${returned(99)} rows.`);
    expect(solution).toContain(`100 invoices: 1 page, range(1, 1) is empty, ${returned(100)} rows.`);
    expect(solution).toContain(`250 invoices: 250 // ${pageSize} = 2, range(1, 2) is page 1 only, ${returned(250)} rows of 250.`);
    expect(solution).toContain(
      `1,000 invoices: 10, range(1, 10) is pages 1-9, ${fmt(returned(1000))} rows of 1,000 (1,000 - ${pageSize} = ${fmt(returned(1000))}).`,
    );
    expect(solution).toContain(`With 250: ${Math.ceil(250 / pageSize)} pages, 250 rows.`);
    expect(brief).toContain(`250 invoices yield one page (${returned(250)} rows)`);
    expect(brief).toContain(`1,000 yield ${returned(1000)}`);
    expect(returned(99)).toBe(0);
    // The description the reviewer is checking against.
    expect(materials).toContain(`Ledger API returns ${pageSize} invoices per page`);
    // Six AI comments are graded.
    expect((materials.match(/^[1-6]\. /gm) ?? []).length).toBe(6);
  });

  it('test-writing: every fee in the key recomputes from the ticket constants', () => {
    const { materials, solution } = workflow('test-writing');
    const grace = constant(materials, 'GRACE_DAYS');
    const rate = constant(materials, 'DAILY_RATE');
    const cap = constant(materials, 'CAP_RATE');
    const daysLate = (due: string, paid: string) => Math.max(0, Math.floor((Date.parse(paid) - Date.parse(due)) / 86_400_000));
    const lateFee = (amount: number, due: string, paid: string) => {
      const late = daysLate(due, paid);
      if (late <= grace) return 0;
      return Math.min(Math.round(amount * rate * (late - grace)), Math.round(amount * cap));
    };
    // The AI tests' literal expectations: exactly one disagrees with the code, and it is the boundary test.
    const literal = [...materials.matchAll(/lateFee\((\d+), "([\d-]+)", "([\d-]+)"\)\)\.toBe\((\d+)\)/g)];
    expect(literal.length).toBe(2);
    const failing = literal.filter((m) => lateFee(Number(m[1]), m[2]!, m[3]!) !== Number(m[4]));
    expect(failing.map((m) => m[3])).toEqual(['2027-03-15']);
    expect(daysLate('2027-03-01', '2027-03-15')).toBe(grace);

    expect(daysLate('2027-03-01', '2027-03-10')).toBe(9);
    expect(solution).toContain('paid 10 Mar: 9 days late, inside grace, fee 0');
    const d31 = daysLate('2027-03-01', '2027-03-31');
    expect(solution).toContain(
      `paid 31 Mar: ${d31} days late, ${d31} - ${grace} = ${d31 - grace} chargeable days, 100000 x ${rate} x ${d31 - grace} = ${lateFee(100000, '2027-03-01', '2027-03-31')} pence.`,
    );
    const dDec = daysLate('2027-01-01', '2027-12-31');
    const uncapped = Math.round(100000 * rate * (dDec - grace));
    expect(solution).toContain(`= ${dDec} days late, ${dDec} - ${grace} = ${dDec - grace} days, 100000 x ${rate} x ${dDec - grace} = ${fmt(uncapped)}`);
    expect(solution).toContain(`capped at 100000 x ${cap} = ${fmt(lateFee(100000, '2027-01-01', '2027-12-31'))}`);
    expect(solution).toContain(`paid 16 Mar: 15 days late, 1 chargeable day: 100000 x ${rate} x 1 = ${lateFee(100000, '2027-03-01', '2027-03-16')} pence.`);
    const dApr = daysLate('2027-03-01', '2027-04-01');
    expect(solution).toContain(
      `amount 5000, paid 1 Apr: ${dApr} days late, ${dApr - grace} days: 5000 x ${rate} x ${dApr - grace} = ${5000 * rate * (dApr - grace)}, rounds to ${lateFee(5000, '2027-03-01', '2027-04-01')} pence.`,
    );
    // The month sums the key shows are the real day counts.
    expect(31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 30).toBe(dDec);
    const dAug3 = daysLate('2027-01-01', '2027-08-03');
    expect(31 + 28 + 31 + 30 + 31 + 30 + 31 + 2).toBe(dAug3);
    expect(solution).toContain(
      `${dAug3} - ${grace} = ${dAug3 - grace} chargeable, 100000 x ${rate} x ${dAug3 - grace} = ${fmt(lateFee(100000, '2027-01-01', '2027-08-03'))} (on the cap)`,
    );
    expect(lateFee(100000, '2027-01-01', '2027-08-03')).toBe(Math.round(100000 * cap));
    const dAug2 = daysLate('2027-01-01', '2027-08-02');
    expect(solution).toContain(
      `${dAug2} - ${grace} = ${dAug2 - grace} chargeable, 100000 x ${rate} x ${dAug2 - grace} = ${fmt(lateFee(100000, '2027-01-01', '2027-08-02'))} (just under)`,
    );
    expect(lateFee(100000, '2027-01-01', '2027-08-02')).toBeLessThan(Math.round(100000 * cap));
    expect(lateFee(100000, '2027-03-01', '2027-02-20')).toBe(0);
    const literals = solution.match(/Rewritten tests \(literals\): (.+);/)![1]!;
    expect(literals).toContain(
      `16 Mar -> ${lateFee(100000, '2027-03-01', '2027-03-16')}; 31 Mar -> ${lateFee(100000, '2027-03-01', '2027-03-31')}; 31 Dec -> ${lateFee(100000, '2027-01-01', '2027-12-31')}`,
    );
    // Mutation GRACE_DAYS = 13 on the two boundary dates, as the key states.
    const mutant = (paid: string) => Math.round(100000 * rate * (daysLate('2027-03-01', paid) - (grace - 1)));
    expect(solution).toContain(`15 Mar test (1 chargeable day, ${mutant('2027-03-15')} instead of 0)`);
    expect(solution).toContain(`16 Mar test (2 days, ${mutant('2027-03-16')} instead of ${lateFee(100000, '2027-03-01', '2027-03-16')})`);
    expect(solution).toContain(`31 Dec test (${fmt(uncapped)} instead of ${fmt(lateFee(100000, '2027-01-01', '2027-12-31'))})`);
  });

  it('unfamiliar-code: sends, sleeps and blocked worker time follow from the module', () => {
    const { materials, solution, brief } = workflow('unfamiliar-code');
    const maxRetries = constant(materials, 'MAX_RETRIES');
    const base = constant(materials, 'BASE_DELAY');
    expect(materials).toContain('while attempt <= MAX_RETRIES:');
    // Run deliver() with send always failing, as the code is written.
    let attempt = 0;
    let sends = 0;
    const sleeps: number[] = [];
    while (attempt <= maxRetries) {
      sends++;
      attempt++;
      sleeps.push(base ** attempt);
    }
    const slept = sleeps.reduce((a, b) => a + b);
    expect(solution).toContain(`— ${sends} sends, not the "3 times in total" of line 2`);
    expect(solution).toContain(`${sleeps.slice(0, -1).join(', ')} and ${sleeps.at(-1)} seconds; ${sleeps.join(' + ')} = ${slept} s`);
    expect(solution).toContain(`including ${sleeps.at(-1)} s after the last failure`);
    const events = Number(materials.match(/and (\d+) queued events/)![1]);
    expect(solution).toContain(`${events} events x ${slept} s = ${fmt(events * slept)} s = ${(events * slept) / 60} minutes`);
    expect(brief).toContain(`${sleeps.join(' + ')} = ${slept} seconds`);
    expect(brief).toContain(`${events} events at ${slept} s each is ${(events * slept) / 60} minutes`);
    expect(solution).toContain(`${sends} sends and ${slept} s of sleep per failing event`);
    // Line numbers the key cites are where the material has them.
    const line = (n: number) => materials.split('\n').find((l) => l.startsWith(`${n} `))!;
    expect(line(16)).toContain('while attempt <= MAX_RETRIES');
    expect(line(28)).toContain('_sent.pop(event_id, None)');
    expect(line(27)).toContain('read-only');
    expect(line(7)).toContain('/tmp/dead.jsonl');
  });

  it('incident-writeup: impact sums and durations follow from the metrics and the machine sources', () => {
    const { materials, solution, brief } = workflow('incident-writeup');
    const table = [...materials.matchAll(/^(\d\d:\d\d)-(\d\d:\d\d) \| ([\d,]+) \| ([\d,]+)$/gm)].map((m) => ({
      from: m[1]!,
      to: m[2]!,
      requests: num(m[3]!),
      errors: num(m[4]!),
    }));
    const total = materials.match(/^Total \| ([\d,]+) \| ([\d,]+)$/m)!;
    expect(table.reduce((a, r) => a + r.requests, 0)).toBe(num(total[1]!));
    expect(table.reduce((a, r) => a + r.errors, 0)).toBe(num(total[2]!));

    const back = materials.match(/error rate back to normal since (\d\d:\d\d)/)![1]!;
    const inWindow = table.filter((r) => minutes(r.from) >= minutes('13:55') && minutes(r.to) <= minutes(back));
    expect(inWindow.length).toBe(10);
    const errs = inWindow.reduce((a, r) => a + r.errors, 0);
    const reqs = inWindow.reduce((a, r) => a + r.requests, 0);
    expect(solution).toContain(`13:55-${back} = ${inWindow.map((r) => fmt(r.errors)).join(' + ')} = ${fmt(errs)},`);
    expect(solution).toContain(`of ${inWindow.map((r) => fmt(r.requests)).join(' + ')} = ${fmt(reqs)} requests (${((errs / reqs) * 100).toFixed(1)}%)`);
    const normal = table.filter((r) => !inWindow.includes(r));
    expect(solution).toContain(
      `Whole table: ${total[2]} errors of ${total[1]} requests, of which ${normal.map((r) => r.errors).join(' + ')} = ${normal.reduce((a, r) => a + r.errors, 0)} in the two normal windows.`,
    );
    expect(num(total[2]!) - errs).toBe(normal.reduce((a, r) => a + r.errors, 0));
    expect(brief).toContain(`${fmt(errs)} in the ten windows from 13:55 to ${back} out of ${fmt(reqs)}`);

    const rolloutDone = materials.match(/rollout started; (\d\d:\d\d) rollout complete/)![1]!;
    const alert = materials.match(/\[ALERT\] (\d\d:\d\d) "checkout p95/)![1]!;
    const ack = materials.match(/\[ALERT\] (\d\d:\d\d) acknowledged/)![1]!;
    const rb = materials.match(/\[DEPLOY\] (\d\d:\d\d) rollback to [\d.]+ started; (\d\d:\d\d) rollback complete/)!;
    const d = (a: string, b: string) => minutes(b) - minutes(a);
    expect(solution).toContain(`impact start to alert ${alert} - ${rolloutDone} = ${d(rolloutDone, alert)} min`);
    expect(solution).toContain(`alert to ack ${ack} - ${alert} = ${d(alert, ack)} min`);
    expect(solution).toContain(`impact start to mitigation complete ${rb[2]} - ${rolloutDone} = ${d(rolloutDone, rb[2]!)} min`);
    expect(solution).toContain(`to baseline ${back} - ${rolloutDone} = ${d(rolloutDone, back)} min`);
    expect(solution).toContain(`${d(rb[1]!, rb[2]!)}-minute rollback (${rb[2]} - ${rb[1]})`);
    expect(brief).toContain(`Durations: ${d(rolloutDone, alert)} minutes to alert, ${d(alert, ack)} to acknowledge, ${d(rolloutDone, rb[2]!)} to mitigation.`);
    // The chat's remembered time is not the alert's.
    const chat = materials.match(/started around (\d\d:\d\d) when the alert came in/)![1]!;
    expect(chat).not.toBe(alert);
    expect(solution).toContain(`chat says about ${chat}`);
    const files = materials.match(/\((\d+) files; includes/)![1]!;
    expect(solution).toContain(`${files} files, includes db.pool_size 50 -> 5`);
  });

  it('ci-failure-triage: the dates and counts follow from the log and the code', () => {
    const { materials, solution } = workflow('ci-failure-triage');
    const started = materials.match(/started (\d\d:\d\d:\d\d) UTC/)![1]!;
    const runDate = '2027-05-31';
    expect(materials).toContain('Monday 31 May 2027');
    const retry = materials.match(/started (\d\d:\d\d:\d\d) UTC on 1 June/)![1]!;
    const london = (iso: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
    const londonTime = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(
        new Date(iso),
      );
    const plus = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
    const days = Number(materials.match(/timedelta\(days=(\d+)\)/)![1]);

    const redIso = `${runDate}T${started}Z`;
    const codeIssued = london(redIso);
    const codeDue = plus(codeIssued, days);
    const testDue = plus(runDate, days);
    expect(codeIssued).toBe('2027-06-01');
    const asDate = (iso: string) => `datetime.date(${iso.slice(0, 4)}, ${Number(iso.slice(5, 7))}, ${Number(iso.slice(8, 10))})`;
    expect(materials).toContain(`assert ${asDate(codeDue)} == ${asDate(testDue)}`);
    expect(solution).toContain(`${started} UTC on 31 May = ${londonTime(redIso)} BST on 1 June (UTC+1).`);
    expect(solution).toContain(`${codeDue} == ${testDue} fails`);
    const retryIso = `2027-06-01T${retry}Z`;
    expect(london(retryIso)).toBe('2027-06-01');
    expect(solution).toContain(`Retry ${retry} UTC on 1 June = ${londonTime(retryIso)} BST on 1 June: both 1 June, due 1 July; passes.`);
    expect(plus('2027-06-01', days)).toBe('2027-07-01');
    expect(`freeze the clock in the test (for example at ${redIso})`).toBe(solution.match(/freeze the clock in the test \(for example at [^)]+\)/)![0]);

    const red = materials.match(/(\d+) failed, (\d+) passed/)!;
    const green = Number(materials.match(/: (\d+) passed$/m)![1]);
    expect(Number(red[1]) + Number(red[2])).toBe(green);
    expect(solution).toContain(`Counts: ${green} tests collected; ${green} - ${red[1]} = ${red[2]} passed in the red run; ${green} passed on retry.`);
    // The two secrets the key tells people to redact are both in the raw log.
    expect(materials).toMatch(/^23:31:08 DATABASE_URL=postgres:\/\/orders_app:[^@]+@db-staging\.internal\.example:5432\/orders$/m);
    expect(materials).toMatch(/^23:31:08 PAYMENTS_SANDBOX_KEY=/m);
    expect(solution).toContain('DATABASE_URL (user orders_app, password, host db-staging.internal.example, port 5432)');
  });
  it('dependency-upgrades: every usage count and the timeout arithmetic follow from the grep table', () => {
    const { materials, solution, brief } = workflow('dependency-upgrades');
    const table = [...materials.matchAll(/^orders\/([\w/]+\.py) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+)$/gm)].map((m) => ({
      file: m[1]!,
      calls: Number(m[2]),
      fetch: Number(m[3]),
      timeout: Number(m[4]),
      verify: Number(m[5]),
      json: Number(m[6]),
    }));
    expect(table.length).toBe(4);
    const total = materials
      .match(/^Total \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+)$/m)!
      .slice(1)
      .map(Number);
    const cols = ['calls', 'fetch', 'timeout', 'verify', 'json'] as const;
    cols.forEach((c, i) =>
      expect(
        table.reduce((a, r) => a + r[c], 0),
        c,
      ).toBe(total[i]),
    );
    const short = (f: string) => f;
    const perFile = (c: (typeof cols)[number]) =>
      table
        .filter((r) => r[c] > 0)
        .map((r) => `${short(r.file)} ${r[c]}`)
        .join(', ');
    const [calls, fetch, timeouts, verify, json] = total as [number, number, number, number, number];
    expect(solution).toContain(`Client.fetch() removed — ${fetch} calls (${perFile('fetch')})`);
    expect(solution).toContain(`verify_ssl removed — ${verify} (${perFile('verify')})`);
    expect(solution).toContain(`${json} call sites (${perFile('json')})`);
    const noTimeout = table
      .filter((r) => r.calls - r.timeout > 0)
      .map((r) => `${r.file} ${r.calls - r.timeout}`)
      .join(', ');
    expect(solution).toContain(`${calls} - ${timeouts} = ${calls - timeouts} calls pass no timeout\n  (${noTimeout})`);
    expect(solution).toContain(`${table.map((r) => r.calls).join(' + ')} = ${calls} calls; ${table.map((r) => r.fetch).join(' + ')} = ${fetch} fetch;`);
    expect(solution).toContain(`${table.map((r) => r.timeout).join(' + ')} = ${timeouts} timeouts;`);
    expect(solution).toContain(`${table.map((r) => r.json).join(' + ')} = ${json} json sites`);
    // The export calls run longer than the new default, so the nightly report fails.
    const def = Number(materials.match(/default timeout is now (\d+) s/)![1]);
    const [lo, hi] = materials
      .match(/take (\d+)-(\d+) s each/)!
      .slice(1)
      .map(Number) as [number, number];
    const exp = table.find((r) => r.file === 'reports/export.py')!;
    expect(exp.timeout).toBe(0);
    expect(lo).toBeGreaterThan(def);
    expect(solution).toContain(`the two export calls take ${lo}-${hi} s and would fail:\n  set an explicit timeout above ${hi} s there`);
    expect(brief).toContain(`only ${timeouts} of the ${calls} calls set a timeout`);
    expect(brief).toContain(`${fetch === 5 ? 'five' : fetch} fetch calls in two files and two verify_ssl arguments`);
    expect(brief).toContain(`touches ${json === 10 ? 'ten' : json} call sites`);
    expect(materials).toContain('Runtime: orders-api runs on Python 3.12');
    expect(solution).toContain('Python 3.9 dropped (we run 3.12)');
    expect(materials).toContain('move orders-api from tidewater-http 3.4.1 to 4.1.0');
    expect(solution).toContain('TW-SA-2026-04 cookie fix from 3.4.2 (we are on 3.4.1)');
  });
});
