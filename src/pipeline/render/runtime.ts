import type Handlebars from 'handlebars';
// The runtime alone (no parser, no compiler), bundled into the chunk that renders packs.
import HandlebarsRuntime from 'handlebars/runtime.js';
import { budgetTemplates, templateHelpers, wrap, type Compiled } from './helpers.js';

/**
 * Run time without the compiler: templates precompiled by scripts/build-templates.mjs run on the
 * Handlebars runtime with the same helpers. Saves compiling every template on every run.
 */
export function createRuntimeEnv(specs: { partials: Record<string, object>; pages: Record<string, object> }): Record<string, Compiled> {
  const runtime = ((HandlebarsRuntime as unknown as { default?: typeof Handlebars }).default ?? (HandlebarsRuntime as unknown as typeof Handlebars)).create();
  runtime.unregisterHelper('log'); // as handlebars.ts: no template writes to the console
  for (const [name, fn] of Object.entries(templateHelpers())) runtime.registerHelper(name, fn as Handlebars.HelperDelegate);
  const budget = budgetTemplates(runtime);
  for (const [name, spec] of Object.entries(specs.partials)) runtime.registerPartial(name, runtime.template(spec));
  return Object.fromEntries(Object.entries(specs.pages).map(([name, spec]) => [name, wrap(runtime.template(spec as TemplateSpecification), name, budget)]));
}
