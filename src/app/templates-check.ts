import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_ROLES_DIR } from '../assets/paths.js';
import { prebuilt } from '../assets/prebuilt.js';
import { createEnv, templateFieldNames, TemplateError } from '../pipeline/render/handlebars.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Programme } from '../model/model.js';
import { displayPath, readUserTemplate } from '../pipeline/load/load.js';
import { virtualSource } from '../model/loc.js';
import { templateSources, viewFieldNames } from '../pipeline/render/markdown.js';
import { loadBlueprint, loadRole, templateDiagnostic } from './stages.js';
import { plainMessages, missingMessages } from '../pipeline/render/messages.js';
import { reportAt } from '../pipeline/lint/lint.js';
import { planProgramme } from '../pipeline/plan/plan.js';
import type { Workspace } from './workspace.js';

/**
 * The field names a page template may read: every name the built-in templates read, and every key of
 * the view of a full sample programme (the built-in finance role, with dates, people and sponsor events,
 * so the optional parts of the view are there too).
 */
function knownFields(ws: Pick<Workspace, 'perRun' | 'cwd' | 'parseCacheDir'>): Set<string> {
  const builtIn = templateSources();
  let names: Set<string> | undefined;
  try {
    // Parsing every built-in template takes most of a second: the build records their field names.
    const built = prebuilt('templates') as { hash?: string; fields?: string[] };
    if (built.hash === builtIn.hash && Array.isArray(built.fields)) names = new Set(built.fields);
  } catch {
    /* not built (running from source) */
  }
  names ??= templateFieldNames([...builtIn.partials, ...builtIn.pages]);
  const loaded = loadRole(join(BUILTIN_ROLES_DIR, 'finance.yaml'), { cwd: BUILTIN_ROLES_DIR });
  if (loaded.role && loaded.at) {
    const programme: Programme = {
      id: 'sample',
      role: 'finance',
      owner: { name: 'A', team: 'Finance' },
      sponsor: { name: 'B', title: 'CFO' },
      facilitators: [{ name: 'C', team: 'FP&A' }],
      schedule: { start: '2027-01-12', timezone: 'Europe/London' },
      formats: ['md', 'html', 'ics'],
      sponsor_events: true,
    };
    const blueprint = ws.perRun(loadBlueprint);
    const planned = planProgramme({ role: loaded.role, roleAt: loaded.at, programme, at: { source: virtualSource('sample'), path: [] }, blueprint });
    for (const n of viewFieldNames(planned, blueprint, plainMessages())) names.add(n);
  }
  return names;
}

/**
 * Compile every user template in templates_dir so a broken one is a positioned error, not a crash at
 * render time, and one that reads a field the pack's view does not have is one too (B17); read its
 * message catalogues (messages/<lang>.yaml) and say which messages they lack.
 */
export function checkTemplates(dir: string, cwd: string, ws: Pick<Workspace, 'perRun' | 'cwd' | 'parseCacheDir'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  try {
    for (const m of missingMessages(dir)) {
      const file = displayPath(m.file, cwd);
      const text = m.text.length > 80 ? `${m.text.slice(0, 77)}…` : m.text;
      out.push(
        reportAt(
          'lang/missing-message',
          { messageId: 'missing', data: { key: m.key, file, lang: m.lang, fallback: m.fallback, text } },
          { file, line: m.line, column: m.column },
        ),
      );
    }
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    out.push(templateDiagnostic(e, cwd));
  }
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.hbs'))
      .sort();
  } catch {
    return out;
  }
  if (!names.length) return out;
  const env = createEnv();
  const known = knownFields(ws);
  // Pages rendered from a view of their own (cocoon draft's briefs, cocoon evidence's record) are checked
  // for syntax and escaping here, and for their fields when they render.
  const OWN_VIEW: ReadonlySet<string> = new Set(['draft-brief.md.hbs', 'evidence.md.hbs', 'evidence-register.md.hbs']);
  for (const name of names) {
    const file = join(dir, name);
    try {
      const text = readUserTemplate(file, dir);
      if (text !== undefined) env.compile(file, text, OWN_VIEW.has(name) ? {} : { knownFields: known });
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      out.push(templateDiagnostic(e, cwd));
    }
  }
  return out;
}
