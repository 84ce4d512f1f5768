import { defineRule } from '../types.js';

/** Reported by app/templates-check.ts for the message catalogues in a project's templates_dir/messages/. */
export default defineRule({
  meta: {
    id: 'lang/missing-message',
    severity: 'warning',
    failureMode: 'input',
    description: "A project's message catalogue lacks a message the default (en) catalogue has, so packs in that language print the fallback text.",
    hint: 'Add the key to the catalogue in your language, or delete the file to use the built-in catalogue.',
    explanation:
      'Every word a pack shows outside the role comes from a message catalogue, templates/messages/<lang>.yaml. A project may override single messages or add a language in templates_dir/messages/. A message the catalogue lacks falls back to the base language, then to English: a German pack with one English sentence in it reads as unfinished.',
    example: 'comms:\n  page:\n    subject: Betreff',
    messages: { missing: '`{key}` is missing from {file}; packs in {lang} use the {fallback} text: "{text}"' },
  },
});
