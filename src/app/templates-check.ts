import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv, TemplateError } from '../pipeline/render/handlebars.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { readUserTemplate } from '../pipeline/load/load.js';
import { templateDiagnostic } from './stages.js';
import { missingMessages } from '../pipeline/render/messages.js';
import { reportAt } from '../pipeline/lint/lint.js';
import { displayPath } from '../pipeline/load/load.js';

/**
 * Compile every user template in templates_dir so a broken one is a positioned error, not a crash at
 * render time; read its message catalogues (messages/<lang>.yaml) and say which messages they lack.
 */
export function checkTemplates(dir: string, cwd: string): Diagnostic[] {
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
  const env = createEnv();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const text = readUserTemplate(file, dir);
      if (text !== undefined) env.compile(file, text);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      out.push(templateDiagnostic(e, cwd));
    }
  }
  return out;
}
