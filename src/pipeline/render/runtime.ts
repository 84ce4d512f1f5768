import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { HELPERS, budgetEach, wrap, type Compiled } from './helpers.js';

/**
 * Run time without the compiler: templates precompiled by scripts/build-templates.mjs run on the
 * Handlebars runtime with the same helpers. Saves compiling every template on every run.
 */
export function createRuntimeEnv(specs: { partials: Record<string, object>; pages: Record<string, object> }): Record<string, Compiled> {
  const require = createRequire(import.meta.url);
  const runtime = (require('handlebars/runtime') as { default: typeof Handlebars }).default.create();
  for (const [name, fn] of Object.entries(HELPERS)) runtime.registerHelper(name, fn as Handlebars.HelperDelegate);
  const budget = budgetEach(runtime);
  for (const [name, spec] of Object.entries(specs.partials)) runtime.registerPartial(name, runtime.template(spec as TemplateSpecification));
  return Object.fromEntries(Object.entries(specs.pages).map(([name, spec]) => [name, wrap(runtime.template(spec as TemplateSpecification), name, budget)]));
}
