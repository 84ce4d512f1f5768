import type { Demo, Prompt, Workflow } from '../../model/model.js';
import { reflowPrompt } from '../../model/text.js';

/** A key's value only when the object holds it itself: a variable called `constructor` is no Object function. */
const own = <T>(o: Record<string, T> | undefined, key: string): T | undefined => (o && Object.hasOwn(o, key) ? o[key] : undefined);

/** The prompt a workflow's demo runs: the one it names, else the workflow's first. */
export const demoPromptOf = (w: Workflow): Prompt | undefined =>
  (w.demo?.prompt ? w.prompts?.find((p) => p.id === w.demo!.prompt) : undefined) ?? w.prompts?.[0];

/** The demo prompt filled in, ready to paste: each `{{name}}` takes the demo's value, else the variable's example. */
export function filledDemoPrompt(prompt: Prompt, demo: Demo): string {
  return reflowPrompt(prompt.template)
    .replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (raw, name: string) =>
      String(own(demo.values, name) ?? own(prompt.variables, name)?.example ?? raw).replace(/\n+$/, ''),
    )
    .trimEnd();
}
