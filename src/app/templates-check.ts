import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv, TemplateError } from '../pipeline/render/handlebars.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { readUserTemplate } from '../pipeline/load/load.js';
import { templateDiagnostic } from './stages.js';

/** Compile every user template in templates_dir so a broken one is a positioned error, not a crash at render time. */
export function checkTemplates(dir: string, cwd: string): Diagnostic[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.hbs'))
      .sort();
  } catch {
    return [];
  }
  const env = createEnv();
  const out: Diagnostic[] = [];
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
