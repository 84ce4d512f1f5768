import { defineRule } from '../types.js';

/** Reported by core/project.ts, which resolves every programme's `out` against the project directory. */
export default defineRule({
  meta: {
    id: 'project/duplicate-out',
    severity: 'error',
    failureMode: 'input',
    description: "Two programmes write to the same `out` directory, or one writes inside the other's.",
    hint: 'Give each programme its own directory, e.g. `out: programmes/<programme-id>` (the default when `out` is left out).',
    explanation:
      "A pack directory belongs to one programme: its manifest lists that programme's files. Two programmes sharing one (or one nested in another) overwrite each other on every build, so `cocoon build --check` can never pass and one pack is always the wrong one.",
    example:
      'programmes:\n  - { id: finance-q1, role: finance, out: programmes/finance-q1 }\n  - { id: finance-q2, role: finance, out: programmes/finance-q2 }',
    messages: {
      same: 'Programme `{id}` writes to {out}, which programme `{other}` writes to as well',
      nested: 'Programme `{id}` writes to {out}, inside {otherOut} of programme `{other}`',
    },
  },
});
