import { describe, expect, it } from 'vitest';
import { addWorkingDays, clock, dur, exercise, expectWeekdaysRight, flat, fmt, grab, hm, loadRole, longDate, num, pct, rows, workflow } from './support.js';

/**
 * The executive-assistant role's answer keys, recomputed from the role's own materials: message counts,
 * revenue growth, flight durations and connections from the UTC offsets, agenda timings, papers dates,
 * remote directors' local times and the minutes' variances. Change a figure in a material or a key and
 * one of these fails.
 */
const role = loadRole('executive-assistant');

/** "UTC−4" / "UTC+8" → hours. */
const offset = (s: string): number => Number(s.replace('UTC', '').replace('−', '-'));

describe('executive-assistant answer keys', () => {
  it('inbox-triage: every message in exactly one group, counts that add up, the lookalike sender and the moved deadline', () => {
    const { materials, solution, key } = exercise(role, 'inbox-triage');
    const messages = rows(materials, /^\d+$/);
    const stated = num(grab(materials, /\((\d+) messages\)/)[0]!);
    expect(messages.map((m) => num(m[0]!))).toEqual(Array.from({ length: stated }, (_, i) => i + 1));

    // Group the key's lines by section and collect the message numbers each line starts with.
    const sections: Record<string, number[]> = {};
    let current = '';
    for (const line of key.split('\n')) {
      const head = line.match(/^(For Helen today|EA handles|FYI|Suspicious) \((\d+)/);
      if (head) current = head[1]!;
      const ids = line.match(/^\s*-\s*([\d, ]+) \|/) ?? (head && current === 'FYI' ? null : line.match(/^Suspicious \(\d+\): ([\d, ]+) —/));
      if (ids) (sections[current] ??= []).push(...ids[1]!.split(',').map((x) => num(x)));
    }
    sections.FYI = [...grab(solution, /FYI \(\d+\): (.*?) Suspicious/)[0]!.matchAll(/(\d+) [a-z]/g)].map((m) => num(m[1]!));
    const all = Object.values(sections)
      .flat()
      .sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: stated }, (_, i) => i + 1));
    const counts = ['For Helen today', 'EA handles', 'FYI', 'Suspicious'].map((s) => sections[s]!.length);
    expect(solution).toContain(`Counts: ${counts.join(' + ')} = ${stated} messages`);
    expect(solution).toContain(`For Helen today (${counts[0]} messages`);
    expect(solution).toContain(`EA handles (${counts[1]} messages`);
    expect(solution).toContain(`FYI (${counts[2]})`);
    expect(solution).toContain(`Suspicious (${counts[3]})`);

    // The one message "from Helen" on another domain is the suspicious one, with its amount.
    const domain = grab(materials, /Company domain: (\S+)\./)[0]!;
    const fromHelen = messages.filter((m) => m[2]!.startsWith('Helen Achebe'));
    const lookalike = fromHelen.filter((m) => !m[2]!.endsWith(`@${domain}>`));
    expect(lookalike.map((m) => num(m[0]!))).toEqual(sections.Suspicious);
    const amount = grab(lookalike[0]![4]!, /£([\d,]+)/)[0]!;
    expect(solution).toContain(`£${amount} same-day payment`);

    // The audit deadline is the later message's.
    const later = messages.find((m) => m[3]!.startsWith('Re: Audit committee'))!;
    const [newTime] = grab(later[4]!, /until (\d\d:\d\d)/);
    const [oldTime] = grab(messages.find((m) => m[3] === 'Audit committee papers')![4]!, /at (\d\d:\d\d) today/);
    expect(solution).toContain(`by ${newTime} today (message ${later[0]} moved it from ${oldTime})`);
    // The chair's vague note is joined to its follow-up, and the material says who the chair is.
    const chairName = grab(materials, /\(chair: ([^)]+)\)/)[0]!;
    const fromChair = messages.filter((m) => m[2]!.startsWith(chairName)).map((m) => m[0]);
    expect(solution).toContain(`${fromChair.join(', ')} | ${chairName} |`);
    const pages = grab(materials, /\((\d+) pages\)/)[0]!;
    expect(solution).toContain(`${pages}-page pack`);
  });

  it('briefing-pack: growth recomputed from the finance extract, not the account note', () => {
    const { materials, solution } = exercise(role, 'briefing-pack');
    const q = rows(materials, /^Q\d$/);
    const total = rows(materials, /^Total$/)[0]!;
    const fy26 = q.reduce((s, r) => s + num(r[1]!), 0);
    const fy27 = q.reduce((s, r) => s + num(r[2]!), 0);
    expect([fy26, fy27]).toEqual([num(total[1]!), num(total[2]!)]);
    expect(solution).toContain(`£${fmt(fy27)}k against £${fmt(fy26)}k, up ${fmt(fy27)} − ${fmt(fy26)} = £${fmt(fy27 - fy26)}k (${pct(fy27 - fy26, fy26, 1)})`);
    expect(solution).toContain(`Quarter by quarter: ${q.map((r) => `${r[0]} +${num(r[2]!) - num(r[1]!)}`).join(', ')}`);
    const noteGrowth = grab(materials, /Revenue up (\d+)% year on year/)[0]!;
    expect(pct(fy27 - fy26, fy26, 1)).not.toBe(`${noteGrowth}.0%`);
    expect(solution).toContain(`"up ${noteGrowth}%" in his note (extract shows ${pct(fy27 - fy26, fy26, 1)})`);
    const [otif, agreed] = grab(materials, /been (\d+)% for each of the last three months against the (\d+)%/).map(num);
    expect(solution).toContain(`${otif}% for each of the last three months against the ${agreed}% in the supply agreement (${agreed! - otif!} points short)`);
  });

  const flights = (text: string) =>
    [
      ...text.matchAll(
        /F(\d) \S+ \d+ (\w{3})(?: T\d)? dep \w{3} (\d\d)\/(\d\d) (\d\d:\d\d) \((UTC[+−]\d)\) → (\w{3})(?: T\d)? arr (?:\w{3} (\d\d)\/\d\d )?(\d\d:\d\d) \((UTC[+−]\d)\)/g,
      ),
    ].map((m) => {
      const depDay = num(m[3]!);
      const arrDay = m[8] ? num(m[8]) : depDay;
      const depUtc = depDay * 1440 + hm(m[5]!) - offset(m[6]!) * 60;
      const arrUtc = arrDay * 1440 + hm(m[9]!) - offset(m[10]!) * 60;
      return { n: m[1]!, from: m[2]!, to: m[7]!, depLocal: m[5]!, arrLocal: m[9]!, depUtc, arrUtc, minutes: arrUtc - depUtc };
    });

  it('travel-itinerary: durations, the JFK connection, both calls and the hotel nights, from the offsets given', () => {
    const { materials, solution } = exercise(role, 'travel-itinerary');
    const f = flights(materials);
    expect(f.map((x) => x.n)).toEqual(['1', '2', '3', '4']);
    const expected: Record<string, string> = {};
    for (const x of f) {
      expected[x.n] = `${clock(x.depUtc)} UTC`;
      expect(solution, `F${x.n}`).toMatch(new RegExp(`F${x.n} ${x.from}–${x.to}: ${clock(x.depUtc)} UTC[^=]*→ ${clock(x.arrUtc)} UTC[^=]*= ${dur(x.minutes)}`));
    }
    // The draft's durations subtract local times or use last week's offsets: F1 and F2 are wrong in it.
    expect(materials).not.toContain(`${dur(f[0]!.minutes)} flight`);
    const gap = hm(f[3]!.depLocal) - hm(f[2]!.arrLocal);
    expect(f[3]!.depUtc - f[2]!.arrUtc).toBe(gap); // same airport, same zone
    const rule = num(grab(materials, /minimum connection (\d+) minutes international on separate tickets/)[0]!);
    expect(gap).toBeLessThan(rule);
    expect(solution).toContain(`arr ${f[2]!.arrLocal}, dep ${f[3]!.depLocal} = ${gap} minutes`);
    expect(solution).toContain(`below the ${rule}-minute rule`);

    const ny = offset(grab(materials, /New York EDT (UTC[+−]\d)/)[0]!);
    const chi = offset(grab(materials, /Chicago CDT (UTC[+−]\d)/)[0]!);
    const exco = grab(materials, /Wed 17\/03 (\d\d:\d\d) London time, ExCo call/)[0]!;
    const [invFrom, invTo] = grab(materials, /Wed 17\/03 (\d\d:\d\d)–(\d\d:\d\d) New York, investor meeting/);
    const excoNy = hm(exco) + ny * 60;
    expect(excoNy).toBeGreaterThanOrEqual(hm(invFrom!));
    expect(excoNy).toBeLessThan(hm(invTo!));
    expect(solution).toContain(`ExCo call Wed ${exco} London = ${exco} UTC = ${clock(excoNy)} New York: clashes with the investor meeting ${invFrom}–${invTo}`);
    const pre = grab(materials, /Thu 18\/03 (\d\d:\d\d) London time, chair's call/)[0]!;
    const preChi = hm(pre) + chi * 60;
    const plant = grab(materials, /Thu 18\/03 (\d\d:\d\d)–\d\d:\d\d Chicago, plant visit/)[0]!;
    expect(preChi + 30).toBeLessThanOrEqual(hm(plant));
    expect(solution).toContain(`Chair's call Thu ${pre} London = ${pre} UTC = ${clock(preChi)} Chicago: fits before the ${plant} plant visit`);
    expect(solution).toContain(`New York UTC${ny} (${-ny} hours behind London), Chicago UTC${chi} (${-chi} hours)`.replace(/-/g, '−'));

    const [inDay, outDay] = grab(materials, /Lakeview Grand, Chicago: check-in Wed (\d\d)\/03, check-out Fri (\d\d)\/03/).map(num);
    const booked = outDay! - inDay!;
    const needed = Math.floor(f[2]!.depUtc / 1440) - inDay!; // arrives 17/03, flies out on 18/03
    expect(solution).toContain(`Chicago booked ${booked} nights`);
    expect(solution).toContain(`needed ${needed}`);
    const rate = grab(materials, /\$(\d+) a night/)[0]!;
    expect(solution).toContain(`($${rate})`);
    // The draft's chair's-call time is wrong even though its conclusion (before the visit) is right: it counts.
    const draftPre = grab(materials, /Thu: chair's call (\d\d:\d\d) Chicago/)[0]!;
    expect(hm(draftPre)).not.toBe(preChi);
    expect(grab(solution, /Wrong statements in the draft: ([^(]+)\(/)[0]).toContain("chair's call time");
    const wrongCount = num(grab(solution, /Wrong statements in the draft: ([^(]+)\((\d+)\)/)[1]!);
    expect(grab(solution, /Wrong statements in the draft: ([^(]+)\(/)[0]!.split(',').length).toBe(wrongCount);
  });

  it('travel-itinerary demo: the fallback output recomputes too', () => {
    const demo = workflow(role, 'travel-itinerary').demo!;
    const out = flat(demo.output);
    for (const x of flights(demo.material)) expect(out, `F${x.n}`).toContain(`= ${dur(x.minutes)}`);
    const f = flights(demo.material);
    expect(out).toContain(`arr ${f[0]!.arrLocal}, dep ${f[1]!.depLocal} = ${dur(hm(f[1]!.depLocal) - hm(f[0]!.arrLocal))}`);
  });

  it('board-logistics: papers dates, agenda total against the slot, item times and remote local times', () => {
    const { materials, solution } = exercise(role, 'board-logistics');
    const items = rows(materials, /^\d+ /);
    const minutes = items.map((r) => num(r[2]!));
    const total = minutes.reduce((a, b) => a + b, 0);
    expect(total).toBe(num(rows(materials, /^Total$/)[0]![2]!));
    const [start, end] = grab(materials, /Thursday 24 June 2027, (\d\d:\d\d)–(\d\d:\d\d)/).map(hm);
    const brk = num(grab(materials, /Break: (\d+) minutes after item (\d)/)[0]!);
    const after = num(grab(materials, /Break: \d+ minutes after item (\d)/)[0]!);
    const available = end! - start! - brk;
    expect(solution).toContain(`${minutes.join(' + ')} = ${total} minutes. Available ${end! - start!} − ${brk} = ${available}. Over by ${total - available}.`);

    // Item by item, with the break after the item the agenda says.
    let t = start!;
    const times: string[] = [];
    items.forEach((r, i) => {
      times.push(`${i + 1} ${clock(t)}–${clock(t + minutes[i]!)}`);
      t += minutes[i]!;
      if (i + 1 === after) {
        times.push(`break ${clock(t)}–${clock(t + brk)}`);
        t += brk;
      }
    });
    expect(solution).toContain(`Draft times: ${times.join('; ')}`);
    expect(solution).toContain(`finishes ${clock(t)}, ${t - end!} minutes late`);

    // Papers: calendar days, then working days, as the rules say.
    const meeting = new Date(Date.UTC(2027, 5, 24));
    const issued = new Date(meeting);
    issued.setUTCDate(meeting.getUTCDate() - num(grab(materials, /(\d+) calendar days before the meeting/)[0]!));
    const authors = addWorkingDays(issued, -num(grab(materials, /(\d+) working days before the papers are issued/)[0]!));
    const chair = addWorkingDays(authors, -num(grab(materials, /(\d+) working days before the author deadline/)[0]!));
    expect(solution).toContain(`issued ${longDate(issued)}`);
    expect(solution).toContain(
      `author deadline ${
        longDate(authors)
          .replace(/ (\d+ June)/, '\n$1')
          .split('\n')[0]
      }`,
    );
    expect(solution.replace(/\s+/g, ' ')).toContain(`${longDate(authors)} (5 working days before`);
    expect(solution).toContain(`sign-off ${longDate(chair)}`);

    // Remote directors, from London's offset that day.
    const london = offset(grab(materials, /BST \((UTC[+−]\d)\)/)[0]!);
    const sgt = offset(grab(materials, /SGT, (UTC[+−]\d)/)[0]!);
    const edt = offset(grab(materials, /EDT, (UTC[+−]\d)/)[0]!);
    const toZone = (bst: number, zone: number) => clock(bst - london * 60 + zone * 60);
    expect(solution).toContain(
      `Li Wei Tan ${clock(start!)} BST = ${clock(start! - london * 60)} UTC = ${toZone(start!, sgt)} SGT (${sgt - london} hours ahead of London)`,
    );
    expect(solution).toContain(`to ${clock(end!)} BST = ${toZone(end!, sgt)} SGT`);
    const item5 = times.find((x) => x.startsWith('5 '))!.slice(2, 7);
    const item7end = times.find((x) => x.startsWith('7 '))!.slice(8, 13);
    expect(solution).toContain(`${item5}–${item7end} BST = ${toZone(hm(item5), edt)}–${toZone(hm(item7end), edt)} EDT (${london - edt} hours behind London)`);

    const directors = num(grab(materials, /Directors \((\d+)\)/)[0]!);
    const onVideo = (materials.match(/joins by video/g) ?? []).length;
    expect(solution).toContain(`${directors - onVideo} directors in person (${directors} less the two on video)`);
    expect(solution).toContain(`Coffee for ${directors - onVideo + 3} in the room (${directors - onVideo} + 2 + Ravi)`);
  });

  it('board-logistics demo: the fallback output recomputes', () => {
    const demo = workflow(role, 'board-logistics').demo!;
    const m = rows(demo.material, /^\d+ /).map((r) => num(r[2]!));
    const out = flat(demo.output);
    const [s, e] = grab(demo.material, /(\d\d:\d\d)–(\d\d:\d\d), London HQ/).map(hm);
    const sum = m.reduce((a, b) => a + b, 0);
    expect(out).toContain(`${m.join(' + ')} = ${sum} minutes against ${e! - s!} available: fits with ${e! - s! - sum} minutes spare`);
    const issued = new Date(Date.UTC(2027, 2, 11 - 7));
    expect(out).toContain(`issued ${longDate(issued)}`);
    expect(out).toContain(longDate(addWorkingDays(issued, -5)));
    expect(out).toContain(longDate(addWorkingDays(addWorkingDays(issued, -5), -3)));
  });

  it('exco-minutes: the Q1 variances, and the draft percentage that is wrong', () => {
    const { materials, solution } = exercise(role, 'exco-minutes');
    const [rev, revBud, ebitda, ebitdaBud] = grab(materials, /revenue £([\d.]+)m v budget £([\d.]+)m; EBITDA £([\d.]+)m v £([\d.]+)m/).map(Number);
    const revGap = +(revBud! - rev!).toFixed(1);
    const ebitdaGap = +(ebitdaBud! - ebitda!).toFixed(1);
    expect(solution).toContain(`${revBud} − ${rev} = £${revGap}m below, ${pct(revGap, revBud!, 1)}`);
    expect(solution).toContain(`${ebitdaBud} − ${ebitda} = £${ebitdaGap}m below (${pct(ebitdaGap, ebitdaBud!, 1)})`);
    const draftPct = grab(materials, /£43\.1m, ([\d.]+%) below budget/)[0]!;
    expect(draftPct).not.toBe(pct(revGap, revBud!, 1));
    expect(solution).toContain(`(draft ${draftPct} — wrong)`);
    const [value, years] = grab(materials, /£([\d.]+)m over (\d) years/);
    expect(solution).toContain(`£${value}m over ${years} years`);
    const approvers = grab(materials, /Approved ([A-Z]{2}(?:, [A-Z]{2})*)\./)[0]!.split(', ');
    const declared = grab(materials, /Declarations: ([A-Z]{2}) —/)[0]!;
    expect(approvers).not.toContain(declared);
    expect(solution).toContain(`approved by ${approvers.slice(0, -1).join(', ')} and ${approvers.at(-1)}, ${declared} having left`);

    const demo = workflow(role, 'exco-minutes').demo!;
    const [r, rb] = grab(demo.material, /revenue £([\d.]+)m v budget £([\d.]+)m/).map(Number);
    expect(flat(demo.output)).toContain(`(£${(rb! - r!).toFixed(1)}m, ${pct(rb! - r!, rb!, 1)} below)`);
  });

  it('meeting-scheduling: no common normal hours, one window with the stretch, and the option in every zone', () => {
    const { materials, solution } = exercise(role, 'meeting-scheduling');
    const zone = (city: string) => offset(grab(materials, new RegExp(`${city} \\w+ (UTC[+−]\\d)`))[0]!);
    const [lon, ny, sg] = [zone('London'), zone('New York'), zone('Singapore')];
    const hours = (name: string) => grab(materials, new RegExp(`${name}[^|]*\\| [^|]+ \\| (\\d\\d:\\d\\d)–(\\d\\d:\\d\\d)`)).map(hm);
    const toUtc = (t: number, off: number) => t - off * 60;
    const [hs, he] = hours('Helen Achebe');
    const [cs, ce] = hours('Carla Mendes');
    const [ls, le] = hours('Li Wei Tan');
    expect(solution).toContain(`Helen ${clock(toUtc(hs!, lon))}–${clock(toUtc(he!, lon))}`);
    expect(solution).toContain(`Carla ${clock(toUtc(cs!, ny))}–${clock(toUtc(ce!, ny))}`);
    expect(solution).toContain(`Li Wei ${clock(toUtc(ls!, sg))}–${clock(toUtc(le!, sg))}`);
    // Singapore's day ends before New York's begins: no slot in normal hours.
    expect(toUtc(le!, sg)).toBeLessThanOrEqual(toUtc(cs!, ny));
    expect(solution).toContain(`Li Wei ends ${clock(toUtc(le!, sg))} UTC, Carla starts ${clock(toUtc(cs!, ny))} UTC`);
    const stretch = hm(grab(materials, /go to (\d\d:\d\d) my time/)[0]!);
    const winStart = toUtc(cs!, ny);
    const winEnd = toUtc(stretch, sg);
    expect(winEnd - winStart).toBe(60);
    expect(solution).toContain(`stretch to ${clock(winEnd)} UTC`);
    const local = (utc: number, off: number) => `${clock(utc + off * 60)}–${clock(utc + 60 + off * 60)}`;
    expect(solution).toContain(
      `Option: Thursday 22 April 2027 — ${local(winStart, lon)} London, ${local(winStart, ny)} New York, ${local(winStart, sg)} Singapore`,
    );
    // Thursday works: Helen's ExCo ends before the window, Carla's board call starts after it.
    const exco = hm(grab(materials, /Thu 22\/04 09:00–(\d\d:\d\d) ExCo/)[0]!);
    expect(toUtc(exco, lon)).toBeLessThanOrEqual(winStart);
    const board = hm(grab(materials, /Thu 22\/04 (\d\d:\d\d)–\d\d:\d\d board call/)[0]!);
    expect(toUtc(board, ny)).toBeGreaterThanOrEqual(winEnd);
    // Tuesday fails on Helen's private appointment, which falls exactly in the window.
    const priv = hm(grab(materials, /Tue 20\/04 (\d\d:\d\d)–\d\d:\d\d private appointment/)[0]!);
    expect(toUtc(priv, lon)).toBe(winStart);
    // The last attempt read London as GMT: Singapore comes out an hour late.
    const [weakLon, weakSg] = grab(materials, /Wed 21\/04 (\d\d:\d\d) London \(GMT\) = \d\d:\d\d New York = (\d\d:\d\d) Singapore/).map(hm);
    expect(clock(toUtc(weakLon!, lon) + sg * 60)).not.toBe(clock(weakSg!));
    expect(solution).toContain(`Singapore would be ${clock(toUtc(weakLon!, lon) + sg * 60)}, not ${clock(weakSg!)}`);
  });

  it('every weekday named beside a date is the right one', () => {
    for (const w of role.workflows) expectWeekdaysRight(`${w.exercise!.materials}\n${w.exercise!.solution}\n${w.demo!.output}`, w.id);
  });
});
