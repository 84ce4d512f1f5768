import { defineRule } from '../types.js';

/** Reported by the loader (pipeline/load/source.ts); this module carries the metadata for `cocoon rules`. */
export default defineRule({
  meta: {
    id: 'yaml/syntax',
    severity: 'error',
    failureMode: 'input',
    description: 'The YAML does not parse, has duplicate keys, or is too large, too deep, binary or not UTF-8.',
    hint: 'Fix the YAML at the position shown.',
    explanation:
      'cocoon reads YAML 1.2 files of up to 1 MiB, UTF-8 text, nested at most 64 levels, with unique keys and at most 100 alias expansions. Anything else is refused before it is parsed further, so a hostile or corrupted file cannot hang or crash a CI job.',
    example: 'id: finance\nname: Finance          # spaces, not tabs; each key once',
    hints: {
      curly:
        "Type straight quotes (' or \") if you meant to quote it. If the curly quotes are part of the text, put the whole value in straight quotes: '“…”'.",
    },
    messages: { curly: 'The value is wrapped in curly quotes (‘ ’ or “ ”), as Word writes them: YAML keeps them as part of the text' },
  },
});
