import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/** Every figure the data-analytics answer keys state, recomputed from the role's own materials. */
const role = parse(readFileSync(join(ROOT, 'roles', 'data-analytics.yaml'), 'utf8')) as Role;
const wf = (id: string) => {
  const w = role.workflows.find((x) => x.id === id);
  if (!w?.exercise?.materials || !w.exercise.solution) throw new Error(`${id}: no exercise`);
  return { m: w.exercise.materials, s: w.exercise.solution.replace(/\s+/g, ' '), brief: w.exercise.brief ?? '' };
};
const num = (t: string) => Number(t.replace(/[£,%]/g, ''));
/** Rows of a pipe table whose first cell matches `first`. */
const rows = (text: string, first: RegExp) =>
  text
    .split('\n')
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((c) => c.length >= 2 && first.test(c[0]!));
const money = (n: number) => `£${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (n: number, d = 1) => `${(n * 100).toFixed(d)}%`;
const int = (n: number) => n.toLocaleString('en-GB');

describe('data-analytics answer keys', () => {
  it('sql-review: revenue and orders by region, and the fanned-out draft figures', () => {
    const { m, s } = wf('sql-review');
    const region = Object.fromEntries([...m.matchAll(/(C\d\d) (North|South)/g)].map((x) => [x[1], x[2]]));
    const orders = rows(m, /^\d{4}$/).map((c) => ({ id: c[0]!, cust: c[1]!, at: c[2]!, status: c[3]!, amount: num(c[4]!), items: num(c[5]!) }));
    expect(orders).toHaveLength(6);
    const done = orders.filter((o) => o.status === 'completed');
    const by = (r: string, draft: boolean) => {
      const os = done.filter((o) => region[o.cust] === r && (!draft || o.at < '2027-03-31 00:01'));
      return {
        revenue: os.reduce((a, o) => a + o.amount * (draft ? o.items : 1), 0),
        count: os.reduce((a, o) => a + (draft ? o.items : 1), 0),
      };
    };
    const n = by('North', false);
    const so = by('South', false);
    expect(s).toContain(`= ${money(n.revenue)}, ${n.count} orders`);
    expect(s).toContain(`= ${money(so.revenue)}, ${so.count} orders`);
    expect(s).toContain(`Total: ${money(n.revenue + so.revenue)} from ${n.count + so.count} orders`);
    // The draft's result table is what the fan-out and BETWEEN produce.
    const dn = by('North', true);
    const ds = by('South', true);
    expect(m).toMatch(new RegExp(`North\\s+\\| ${dn.revenue.toFixed(2)}\\s+\\| ${dn.count}`));
    expect(m).toMatch(new RegExp(`South\\s+\\| ${ds.revenue.toFixed(2)}\\s+\\| ${ds.count}`));
    expect(s).toContain(`£${dn.revenue}`);
    expect(s).toContain(`${dn.count} + ${ds.count} = ${dn.count + ds.count}`);
  });

  it('dashboard-change: blended and channel rates, shares and the mix-adjusted rate', () => {
    const { m, s } = wf('dashboard-change');
    const ch = rows(m, /^(Organic search|Email|Paid social|Total)$/).map((c) => ({
      name: c[0]!,
      sa: num(c[1]!),
      oa: num(c[2]!),
      sb: num(c[3]!),
      ob: num(c[4]!),
    }));
    const body = ch.filter((c) => c.name !== 'Total');
    const total = ch.find((c) => c.name === 'Total')!;
    for (const k of ['sa', 'oa', 'sb', 'ob'] as const) expect(body.reduce((a, c) => a + c[k], 0)).toBe(total[k]);
    const ra = total.oa / total.sa;
    const rb = total.ob / total.sb;
    expect(s).toContain(`W14 ${int(total.oa)} ÷ ${int(total.sa)} = ${pct(ra, 2)}`);
    expect(s).toContain(`W15 ${int(total.ob)} ÷ ${int(total.sb)} = ${pct(rb, 2)}`);
    const pp = (Math.round(rb * 10000) - Math.round(ra * 10000)) / 100;
    expect(s).toContain(`${pp.toFixed(2).replace('-', '−')} pp`);
    const rel = (Number((rb * 100).toFixed(2)) / Number((ra * 100).toFixed(2)) - 1) * 100;
    expect(s).toContain(`${rel.toFixed(1).replace('-', '−')}%`);
    expect(m).toContain(`▼ ${Math.abs(rel).toFixed(1)}% WoW`);
    expect(s).toContain(`+${((total.ob / total.oa - 1) * 100).toFixed(1)}%`);
    for (const c of body) {
      expect(s).toContain(`${int(c.oa)} ÷ ${int(c.sa)} = ${pct(c.oa / c.sa)}`);
      expect(s).toContain(`${int(c.ob)} ÷ ${int(c.sb)} = ${pct(c.ob / c.sb)}`);
    }
    const paid = body.find((c) => c.name === 'Paid social')!;
    expect(s).toContain(`${int(paid.sa)} ÷ ${int(total.sa)} = ${pct(paid.sa / total.sa)}`);
    expect(s).toContain(`${int(paid.sb)} ÷ ${int(total.sb)} = ${pct(paid.sb / total.sb)}`);
    const mixAdjusted = body.reduce((a, c) => a + (c.sa / total.sa) * (c.ob / c.sb), 0);
    expect(s).toContain(`= ${pct(mixAdjusted, 2)}, equal to W14`);
    expect(pct(mixAdjusted, 2)).toBe(pct(ra, 2));
    const funnel = rows(m, /^W1[45]$/).map((c) => ({ reached: num(c[1]!), orders: num(c[2]!), shown: c[3]! }));
    for (const f of funnel) {
      expect(f.shown).toBe(pct(f.orders / f.reached));
      expect(s).toContain(pct(f.orders / f.reached));
    }
  });

  it('dq-incident: reconciliation, NULLs by platform and the rows the tiles miss', () => {
    const { m, s } = wf('dq-incident');
    const get = (k: string) => num(new RegExp(`${k}\\s+([\\d,]+)`).exec(m)![1]!);
    const [src, loaded, rej, dup] = ['source_rows', 'loaded_rows', 'rejected_invalid_email', 'duplicates_removed'].map(get);
    expect(loaded! + rej! + dup!).toBe(src);
    expect(s).toContain(`${int(src!)} source = ${int(loaded!)} loaded + ${rej} rejected (invalid email) + ${dup} duplicates removed`);
    expect(s).toContain(`${rej} + ${dup} = ${rej! + dup!}`);
    const plat = rows(m, /^(web|ios|android)$/).map((c) => ({ p: c[0]!, rows: num(c[1]!), nulls: num(c[2]!) }));
    const nulls = plat.reduce((a, c) => a + c.nulls, 0);
    expect(plat.reduce((a, c) => a + c.rows, 0)).toBe(loaded);
    expect(s).toContain(`(${plat.map((c) => c.nulls).join(' + ')} = ${nulls})`);
    expect(s).toContain(`${nulls} of ${int(loaded!)} = ${pct(nulls / loaded!)}`);
    const mobile = plat.filter((c) => c.p !== 'web');
    expect(s).toContain(`${mobile.map((c) => c.nulls).join(' + ')} = ${mobile.reduce((a, c) => a + c.nulls, 0)} of the ${nulls}`);
    const uk = num(/country = 'GB' \(([\d,]+) rows\)/.exec(m)![1]!);
    const intl = num(/country <> 'GB' \(([\d,]+) rows\)/.exec(m)![1]!);
    expect(loaded! - (uk + intl)).toBe(nulls);
    expect(s).toContain(`${int(uk)} + International tile ${int(intl)} = ${int(uk + intl)} rows; ${int(loaded!)} − ${int(uk + intl)} = ${nulls} missing`);
  });

  it('stakeholder-summary: churn by plan, change in pp, pilot and survey shares', () => {
    const { m, s } = wf('stakeholder-summary');
    const plans = rows(m, /^(Basic|Plus|Pro|Total)$/).map((c) => ({ p: c[0]!, active: num(c[1]!), cancelled: num(c[2]!), shown: c[3]! }));
    const body = plans.filter((c) => c.p !== 'Total');
    const total = plans.find((c) => c.p === 'Total')!;
    expect(body.reduce((a, c) => a + c.active, 0)).toBe(total.active);
    expect(body.reduce((a, c) => a + c.cancelled, 0)).toBe(total.cancelled);
    for (const c of plans) {
      expect(c.shown).toBe(pct(c.cancelled / c.active));
      expect(s).toContain(`${int(c.cancelled)} ÷ ${int(c.active)} = ${pct(c.cancelled / c.active)}`);
    }
    const feb = /(\d+) cancelled of ([\d,]+) active on 1 Feb, churn ([\d.]+)%/.exec(m)!;
    const febRate = num(feb[1]!) / num(feb[2]!);
    expect(`${(febRate * 100).toFixed(1)}`).toBe(feb[3]);
    const change = Number(pct(total.cancelled / total.active).replace('%', '')) - Number(feb[3]);
    expect(s).toContain(`change +${change.toFixed(1)} pp`);
    const pilot = /(\d+) subscriptions, (\d+) cancelled \(([\d.]+)%\)/.exec(m)!;
    expect(pct(num(pilot[2]!) / num(pilot[1]!))).toBe(`${pilot[3]}%`);
    expect(s).toContain(`${pilot[2]} ÷ ${pilot[1]} = ${pilot[3]}%`);
    const survey =
      /(\d+) responses from (\d+) cancellers; (\d+) chose "price".*?\n\s*(\d+) "not using it enough", (\d+) "switching to another product", (\d+) other/s.exec(
        m,
      )!;
    const [resp, cancellers, price, a, b, c] = survey.slice(1).map(Number);
    expect(price! + a! + b! + c!).toBe(resp);
    expect(cancellers).toBe(total.cancelled);
    expect(s).toContain(`${price} ÷ ${resp} = ${Math.round((price! / resp!) * 100)}%`);
    expect(s).toContain(`${resp} ÷ ${cancellers} = ${Math.round((resp! / cancellers!) * 100)}% of cancellers`);
  });

  it('metric-bridge: both figures rebuilt from counted populations, and the plug explained', () => {
    const { m, s } = wf('metric-bridge');
    const pop = (label: RegExp) => num(rows(m, label)[0]![1]!);
    const finance = pop(/^Paid invoice in March/);
    const product = pop(/^Login in window/);
    const trials = pop(/^Trial accounts/);
    const free = pop(/^Free-tier/);
    const noLogin = pop(/^Paying accounts with a paid March invoice but no login/);
    const both = pop(/^Paying accounts with a login and a paid invoice/);
    expect(both + noLogin).toBe(finance);
    expect(both + trials + free).toBe(product);
    expect(finance + trials + free - noLogin).toBe(product);
    expect(s).toContain(`${int(both)} (login and paid invoice) + ${noLogin} (paid invoice, no login) = ${int(finance)}`);
    expect(s).toContain(`${int(both)} + ${int(trials)} (trials) + ${free} (free tier) = ${int(product)}`);
    expect(s).toContain(`${int(finance)} + ${int(trials)} trials + ${free} free tier − ${noLogin} paying without a login = ${int(product)}`);
    expect(s).toContain(`${int(product)} − ${int(finance)} = ${int(product - finance)} = ${int(trials)} + ${free} − ${noLogin}`);
    const plug = num(/\+ ([\d,]+) \(timing differences\) = /.exec(m)![1]!);
    expect(free - noLogin).toBe(plug);
    expect(finance + trials + plug).toBe(product);
    expect(s).toContain(`${free} − ${noLogin} = ${plug}`);
  });

  it('demos: the fallback outputs recompute from the demo material', () => {
    const demo = (id: string) => {
      const d = role.workflows.find((x) => x.id === id)!.demo!;
      return { m: d.material!, o: d.output!.replace(/\s+/g, ' ') };
    };
    // Dashboard: first-contact resolution by queue, blended and at week 9's mix.
    {
      const { m, o } = demo('dashboard-change');
      const q = rows(m, /^(Password & login|Billing|Integrations|Total)$/).map((c) => ({
        name: c[0]!,
        ta: num(c[1]!),
        ra: num(c[2]!),
        tb: num(c[3]!),
        rb: num(c[4]!),
      }));
      const body = q.filter((c) => c.name !== 'Total');
      const total = q.find((c) => c.name === 'Total')!;
      for (const k of ['ta', 'ra', 'tb', 'rb'] as const) expect(body.reduce((a, c) => a + c[k], 0)).toBe(total[k]);
      expect(o).toContain(`W9 ${int(total.ra)} ÷ ${int(total.ta)} = ${pct(total.ra / total.ta)}`);
      expect(o).toContain(`W10 ${int(total.rb)} ÷ ${int(total.tb)} = ${pct(total.rb / total.tb)}`);
      expect(o).toContain(`change −${((total.ra / total.ta - total.rb / total.tb) * 100).toFixed(1)} pp`);
      for (const c of body) expect(pct(c.ra / c.ta)).toBe(pct(c.rb / c.tb)); // no queue's rate moved
      const atMix = body.reduce((a, c) => a + (c.ta / total.ta) * (c.rb / c.tb), 0);
      expect(o).toContain(`= ${pct(atMix)}. So the whole`);
      const integ = body.find((c) => c.name === 'Integrations')!;
      expect(o).toContain(`${pct(integ.tb / total.tb)} in W10 (${int(integ.tb)} ÷ ${int(total.tb)})`);
    }
    // Data quality: the invoices load reconciles and the NULL rate is of loaded rows.
    {
      const { m, o } = demo('dq-incident');
      const g = (k: string) => num(new RegExp(`${k} ([\\d,]+)`).exec(m)![1]!);
      const [src, loaded, rej, dup] = ['source_rows', 'loaded', 'rejected_negative_amount', 'duplicates_removed'].map(g);
      expect(loaded! + rej! + dup!).toBe(src);
      expect(o).toContain(`${int(src!)} source = ${int(loaded!)} loaded + ${rej} rejected (negative amount) + ${dup} duplicates removed`);
      const nulls = num(/currency NULL: ([\d,]+) rows \(([\d.]+)%\)/.exec(m)![1]!);
      expect(pct(nulls / loaded!)).toBe(`${/currency NULL: [\d,]+ rows \(([\d.]+)%\)/.exec(m)![1]}%`);
      expect(o).toContain(`misses ${nulls} invoices`);
    }
    // Stakeholder summary: carrier on-time rates and the change from Q4.
    {
      const { m, o } = demo('stakeholder-summary');
      const c = rows(m, /^(Northline|Swiftpost|Bayfreight \(pilot\)|Total)$/).map((x) => ({ name: x[0]!, n: num(x[1]!), ok: num(x[2]!), shown: x[3]! }));
      const body = c.filter((x) => x.name !== 'Total');
      const total = c.find((x) => x.name === 'Total')!;
      expect(body.reduce((a, x) => a + x.n, 0)).toBe(total.n);
      expect(body.reduce((a, x) => a + x.ok, 0)).toBe(total.ok);
      for (const x of c) expect(pct(x.ok / x.n)).toBe(x.shown);
      const q4 = Number(/Q4 2026 on-time rate was ([\d.]+)%/.exec(m)![1]);
      expect(o).toContain(
        `${total.shown} (${int(total.ok)} of ${int(total.n)} parcels), down ${(q4 - Number(total.shown.replace('%', ''))).toFixed(1)} percentage points`,
      );
    }
    // SQL review: the demo's two counts are equal, which the output explains.
    {
      const { m, o } = demo('sql-review');
      expect(m).toMatch(/212\s+\| 212/);
      expect(o).toContain('212 is the number of April login rows');
    }
  });

  it('every weekday named with a date is the right one', () => {
    const text = JSON.stringify(role);
    const WD = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const MN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    const found = [...text.matchAll(new RegExp(`\\b(${WD.join('|')}) (\\d{1,2}) (${MN.join('|')}) (\\d{4})`, 'g'))];
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const x of found) expect(WD[new Date(Date.UTC(Number(x[4]), MN.indexOf(x[3]!), Number(x[2]))).getUTCDay()], x[0]).toBe(x[1]);
    // The bridge request asks for an answer "before Friday", so it cannot itself be sent on a Friday.
    const thread = /#bi-requests, (\w+) (\d+) April 2027/.exec(wf('metric-bridge').m)!;
    expect(wf('metric-bridge').m).toContain('before Friday');
    expect(['Monday', 'Tuesday', 'Wednesday', 'Thursday']).toContain(thread[1]);
  });
});
