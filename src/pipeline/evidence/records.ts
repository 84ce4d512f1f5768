import type { Diagnostic } from '../../model/diagnostics.js';
import { reportAt } from '../lint/lint.js';
import { csvText } from '../load/csv.js';
import { FORM_HEADERS } from '../render/forms.js';
import { OPTION_LETTERS } from '../render/skills.js';
import { readFile, type ResponseFile } from '../report/report-data.js';
import type { RecordsInput } from './evidence-data.js';

/** forms/attendance.csv: one row per participant × session, attended yes or no. */
const ATTENDANCE_HEADER = ['participant', 'session', 'attended'] as const;

export interface RecordFiles {
  attendance?: ResponseFile;
  skillsPre?: ResponseFile;
  skillsPost?: ResponseFile;
}

/**
 * The records the evidence counts: who attended which session, and each participant's skills-check
 * score before and after. Read with the report's own checks (columns, pseudonymous ids, nothing that
 * looks like personal data), so a file `cocoon report` accepts is a file evidence accepts.
 */
export function readRecords(
  sessions: number,
  questions: readonly { id: string; correct: number }[],
  files: RecordFiles,
): { input: RecordsInput; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const input: RecordsInput = {};
  if (files.attendance) {
    const f = files.attendance;
    const parsed = readFile(f, ATTENDANCE_HEADER);
    diagnostics.push(...parsed.diagnostics);
    const attended = new Map<string, Set<number>>();
    for (const r of parsed.rows) {
      const who = r.get('participant')!.text;
      const s = r.get('session')!;
      const a = r.get('attended')!;
      const n = Number(s.text);
      if (!/^\d+$/.test(s.text) || n < 1 || n > sessions) {
        diagnostics.push(
          reportAt(
            'report/bad-number',
            { messageId: 'range', data: { value: s.text.slice(0, 30), what: 'session', min: 1, max: sessions, decimals: ', a whole number' } },
            { file: f.display, line: s.line, column: s.column },
          ),
        );
        continue;
      }
      const yes = a.text.toLowerCase();
      if (yes !== 'yes' && yes !== 'no' && yes !== '') {
        diagnostics.push(
          reportAt(
            'report/bad-number',
            { messageId: 'code', data: { value: a.text.slice(0, 30), what: 'attended', allowed: 'yes, no' } },
            { file: f.display, line: a.line, column: a.column },
          ),
        );
        continue;
      }
      const set = attended.get(who) ?? new Set<number>();
      if (yes === 'yes') set.add(n);
      attended.set(who, set);
    }
    input.attendance = attended;
  }
  const score = (f: ResponseFile | undefined): Map<string, number> | undefined => {
    if (!f) return undefined;
    const parsed = readFile(f, FORM_HEADERS.skills);
    diagnostics.push(...parsed.diagnostics);
    const scores = new Map<string, number>();
    for (const r of parsed.rows) {
      const q = questions.find((x) => x.id === r.get('question')!.text);
      const answer = r.get('answer')!.text.toLowerCase();
      if (!q || !OPTION_LETTERS.includes(answer)) continue; // cocoon report names these; evidence only counts
      const who = r.get('participant')!.text;
      scores.set(who, (scores.get(who) ?? 0) + (OPTION_LETTERS.indexOf(answer) === q.correct ? 1 : 0));
    }
    return scores;
  };
  input.skillsPre = score(files.skillsPre);
  input.skillsPost = score(files.skillsPost);
  if (!input.skillsPre) delete input.skillsPre;
  if (!input.skillsPost) delete input.skillsPost;
  return { input, diagnostics };
}

/**
 * The register's first line, from templates/md/register-notice.md.hbs (a project's templates_dir may word
 * it): one line, no control characters, and a `#` first, so no spreadsheet reads it as a formula.
 */
const noticeLine = (text: string): string =>
  `# ${
    text
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/^[#\s]+/, '')
      .trim()
      .slice(0, 500) || 'PERSONAL DATA'
  }`;

/**
 * evidence/register.csv: the one file with a row per person (participant id, sessions attended, skills
 * before and after). Personal data: its first line says so, and no page ever shows it.
 */
export function registerCsv(sessionCount: number, input: RecordsInput, notice: string): string {
  const people = [...new Set([...(input.attendance?.keys() ?? []), ...(input.skillsPre?.keys() ?? []), ...(input.skillsPost?.keys() ?? [])])].sort();
  const cell = (v: number | undefined) => (v === undefined ? '' : String(v));
  const rows = people.map((id) => {
    const sessions = [...(input.attendance?.get(id) ?? [])].sort((a, b) => a - b);
    return [id, sessions.join(' '), String(sessions.length), String(sessionCount), cell(input.skillsPre?.get(id)), cell(input.skillsPost?.get(id))];
  });
  // Every cell through the CSV escaper (quoting, no formula), like every other CSV cocoon writes.
  const table = csvText(['participant', 'sessions_attended', 'attended', 'of_sessions', 'skills_pre', 'skills_post'], rows);
  return `${noticeLine(notice)}\n${table}`;
}
