import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, tempDir } from '../helpers.js';

/**
 * Common YAML mistakes and exactly what cocoon answers: the line and column of the real mistake (where
 * the bracket was opened, the over-indented key — not where the parser gave up), a message in plain
 * words and a hint that is a concrete fix. Each row: name, file text, line, column, message, hint.
 */
const SYNTAX: [string, string, number, number, string, string][] = [
  [
    'missing-space',
    'id: x\nname:Priya\nsummary: s\n',
    2,
    6,
    'Missing space after the colon in `name:Priya`',
    'Write `name: Priya` — YAML needs a space after the colon.',
  ],
  [
    'missing-space-nested',
    'id: x\nowner:\n  name:Priya\n  team: Finance\n',
    3,
    8,
    'Missing space after the colon in `name:Priya`',
    'Write `name: Priya` — YAML needs a space after the colon.',
  ],
  [
    'colon-in-sentence',
    'id: x\ntext: Sam shows: a brief\n',
    2,
    16,
    'The value of `text` contains ": ", which YAML reads as the start of another key',
    'Put the value in quotes: `text: "Sam shows: a brief"`.',
  ],
  [
    'tab-indent',
    'id: x\nowner:\n\tname: Priya\n',
    3,
    1,
    'A tab is used for indentation; YAML indents with spaces only',
    'Replace the tab at the start of line 3 with spaces (two per level), and set your editor to insert spaces for Tab.',
  ],
  [
    'unclosed-seq',
    'id: x\naudience: [analyst, accountant\nname: y\n',
    2,
    11,
    'The list opened with `[` here is not closed',
    'Add the closing `]` at the end of line 2: `audience: [analyst, accountant]`.',
  ],
  [
    'unclosed-map',
    'id: x\nowner: { name: Priya\nname: y\n',
    2,
    8,
    'The mapping opened with `{` here is not closed',
    'Add the closing `}` at the end of line 2: `owner: { name: Priya }`.',
  ],
  [
    'unclosed-dquote',
    'id: x\ntitle: "AI for Finance\nname: y\n',
    2,
    8,
    'The double quote opened here is never closed',
    'End the text with " on the same line: `title: "AI for Finance"`.',
  ],
  [
    'unclosed-squote',
    "id: x\ntitle: 'AI for Finance\nname: y\n",
    2,
    8,
    'The single quote opened here is never closed',
    "End the text with ' on the same line: `title: 'AI for Finance'`.",
  ],
  [
    'bad-indent-more',
    'id: x\nowner:\n  name: Priya\n    team: Finance\n',
    4,
    5,
    '`team:` is indented further than `name:` above it',
    'Line it up with `name:`: indent `team:` by 2 spaces.',
  ],
  [
    'bad-indent-less',
    'id: x\nowner:\n    name: Priya\n  team: Finance\n',
    4,
    3,
    '`team` does not line up with the keys above it',
    'Indent `team:` by 4 spaces, like `name:` on line 3.',
  ],
  [
    'sibling-indented',
    'id: x\n  name: y\n',
    2,
    3,
    '`name:` is indented further than `id:` above it',
    'Start `name:` at the beginning of the line, like `id:`.',
  ],
  [
    'nested-compact',
    'steps:\n  - do: Export: the actuals\n    ai: human\n',
    2,
    15,
    'The value of `do` contains ": ", which YAML reads as the start of another key',
    'Put the value in quotes: `- do: "Export: the actuals"`.',
  ],
  [
    'block-in-flow',
    'audience: [a,\n  - b]\n',
    2,
    3,
    'A `- ` list item inside `[ … ]` brackets: the two list styles are mixed',
    'Use one style: `audience: [analyst, accountant]` on one line, or one `- item` per line under the key with no brackets.',
  ],
  [
    'implicit-key-multiline',
    'id: x\n"name\n  more": y\n',
    2,
    1,
    '`"name` is text where a `key: value` line is expected',
    'Add the key it belongs to (`summary: …`), or indent it under the key whose text it continues; if it belongs to a list, start it with `- `.',
  ],
  [
    'duplicate-key',
    'id: x\nname: a\nname: b\n',
    3,
    1,
    '`name` appears twice in the same mapping (first on line 2)',
    'Keep one `name:` and delete the other, or merge their values into one.',
  ],
  [
    'seq-misaligned',
    'workflows:\n  - id: a\n    title: b\n   - id: c\n',
    4,
    4,
    'This `- ` item does not line up with the items above it',
    'Indent it by 2 spaces, like the item on line 2.',
  ],
  [
    'at-sign',
    'id: x\nsummary: @finance team\n',
    2,
    10,
    'A value cannot start with `@`: YAML reserves it',
    'Put the value in quotes: `summary: "@finance team"`.',
  ],
  [
    'backtick',
    'id: x\nsummary: `code` here\n',
    2,
    10,
    'A value cannot start with a backtick: YAML reserves it',
    'Put the value in quotes: `summary: "`code` here"`.',
  ],
  [
    'alias-not-found',
    'id: x\nsummary: *bold* claims\n',
    2,
    10,
    'A value that starts with `*` is YAML syntax (an alias), not text',
    'Put the value in quotes: `summary: "*bold* claims"`.',
  ],
  [
    'template-braces',
    'id: x\ntemplate: {{cost_centre}} variance\n',
    2,
    11,
    'A value that starts with `{{` is read as a YAML mapping, not as a template',
    'Put it in quotes (`template: "{{cost_centre}} variance"`), or write `template: |` and the template on the lines below, indented.',
  ],
  [
    'bracket-start',
    'id: x\ntitle: [Draft] variance commentary\n',
    2,
    8,
    'A value that starts with `[` is read as a list, and text follows it',
    'Put the whole value in quotes: `title: "[Draft] variance commentary"`.',
  ],
  [
    'block-scalar-same-line',
    'id: x\ntemplate: | You are an accountant\n',
    2,
    11,
    'Text follows `|` on the same line',
    'Start the text on the next line, indented two spaces more than `template:` — `template: |` alone on its line.',
  ],
  [
    'block-scalar-unindented',
    'id: x\ntemplate: |\nYou are an accountant\nname: y\n',
    3,
    1,
    'The text under `template` must be indented below it',
    'Indent every line of the text by 2 spaces (two more than `template`).',
  ],
  [
    'quote-inside-dquote',
    'id: x\ntitle: "The "best" prompt"\n',
    2,
    8,
    'A double quote ends the text early: there is more after the closing quote',
    'Put text that holds double quotes in single quotes: `title: \'The "best" prompt\'`.',
  ],
  [
    'apostrophe-squote',
    "id: x\ntitle: 'Priya's draft'\n",
    2,
    8,
    'An apostrophe inside single quotes ends the text early',
    "Write the apostrophe twice (`'Priya''s draft'`) or use double quotes: `title: \"Priya's draft\"`.",
  ],
  [
    'bad-escape',
    'id: x\npath: "C:\\data\\files"\n',
    2,
    10,
    '`\\d` is not a valid escape inside double quotes (a backslash starts an escape there)',
    "Use single quotes for text with backslashes: `path: 'C:\\data\\files'`, or write each backslash twice.",
  ],
  [
    'two-documents',
    'id: x\n---\nid: y\n',
    2,
    1,
    'The file holds more than one YAML document (a `---` line splits it)',
    'cocoon reads one document per file: delete the `---` line, or move the second part into a file of its own.',
  ],
  [
    'item-key-misaligned',
    'steps:\n  - do: a\n     ai: human\n',
    3,
    6,
    '`ai:` is indented further than `do:` above it',
    'Line it up with `do:`: indent `ai:` by 4 spaces.',
  ],
  [
    'nbsp-after-colon',
    'id: x\nname: Priya\n',
    2,
    6,
    'A non-breaking space (often pasted from a word processor) is where YAML needs a normal space',
    'Replace it with an ordinary space: `name: Priya`.',
  ],
  ['equals', 'id: x\nname = Priya\n', 2, 6, '`name = …` is not YAML: keys and values are joined by a colon', 'Write `name: Priya`.'],
  [
    'text-after-dquote',
    'id: x\ntitle: "AI" for finance\n',
    2,
    8,
    'A double quote ends the text early: there is more after the closing quote',
    'Put text that holds double quotes in single quotes: `title: \'"AI" for finance\'`.',
  ],
  [
    'list-then-map',
    'outcomes:\n  - a\n  b: c\n',
    3,
    3,
    '`b` follows a list but is not one of its items',
    'Start it with `- ` like the items above, or move it left to line up with the key that holds the list.',
  ],
  [
    'percent-start',
    'id: x\nsummary: %50 faster\n',
    2,
    10,
    'A value cannot start with `%`: YAML reserves it',
    'Put the value in quotes: `summary: "%50 faster"`.',
  ],
  [
    'dash-in-map',
    'id: x\n- name: y\n',
    2,
    1,
    'A `- ` list item where a key is expected',
    'Remove the `- `, or put the list under a key of its own: `outcomes:` alone on its line, then `  - …` indented below it.',
  ],
  [
    'unclosed-seq-last',
    'id: x\naudience: [analyst, accountant\n',
    2,
    11,
    'The list opened with `[` here is not closed',
    'Add the closing `]` at the end of line 2: `audience: [analyst, accountant]`.',
  ],
];

/** The parser's own words: each must be translated before a person sees it. */
const JARGON =
  /implicit (map )?key|compact mapping|flow (sequence|map|collection)|block collection|scalar|node end|map values|block-seq-ind|parseAllDocuments/i;

interface Row {
  file: string;
  severity: string;
  line: number;
  column: number;
  rule: string;
  message: string;
  hint: string;
}

async function validate(text: string, name = 'mistake.yaml'): Promise<{ rows: Row[]; text: string }> {
  const cwd = tempDir();
  writeFileSync(join(cwd, name), text);
  const json = await cli(['validate', name, '--format', 'json'], { cwd });
  const plain = await cli(['validate', name], { cwd });
  return { rows: JSON.parse(json.stdout) as Row[], text: plain.stdout };
}

describe(`${SYNTAX.length} common YAML mistakes: the line of the mistake, plain words, a concrete fix`, () => {
  it('the table holds at least 30 mistakes', () => expect(SYNTAX.length).toBeGreaterThanOrEqual(30));

  it.each(SYNTAX)('%s', async (_name, text, line, column, message, hint) => {
    const { rows, text: shown } = await validate(text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rule: 'yaml/syntax', line, column, message, hint });
    expect(message).not.toMatch(JARGON);
    expect(hint).not.toMatch(JARGON);
    // Text output shows the source line and a caret under the column, like a compiler.
    const source = text.split('\n')[line - 1]!.replace(/\t/g, ' ');
    const lines = shown.split('\n');
    const at = lines.findIndex((l) => l.endsWith(`${line} | ${source}`));
    expect(at, shown).toBeGreaterThan(0);
    const caret = lines[at + 1]!;
    expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(column - 1);
  });
});

describe('mistakes YAML accepts but the file format does not: plain words, the shape to write', () => {
  const programme = (replace: [string | RegExp, string]): string =>
    readFileSync(join(FIXTURES, 'rules/base-programme.yaml'), 'utf8')
      .replace(replace[0], replace[1])
      .replace(/\$schema=\.\.\/\.\.\/\.\.\/\.\.\//, '$schema=../');

  const CASES: [string, [string | RegExp, string], number, string, string][] = [
    [
      'owner written the way the flag takes it',
      ['owner: { name: Priya Shah, team: Procurement Operations }', 'owner: Priya Shah, Procurement Operations'],
      5,
      '`owner` must be a mapping, not the text "Priya Shah, Procurement Operations"',
      'Write `owner: { name: Priya Shah, team: Procurement Operations }`.',
    ],
    [
      'sponsor written the way the flag takes it',
      ['sponsor: { name: Dana Lee, title: CPO }', 'sponsor: Dana Lee, CPO'],
      6,
      '`sponsor` must be a mapping, not the text "Dana Lee, CPO"',
      'Write `sponsor: { name: Dana Lee, title: CPO }`.',
    ],
    [
      'a workflow id with a typo',
      ['      - { kind: demo, minutes: 10, workflow: rfq-drafting }', '      - { kind: demo, minutes: 10, workflow: rfq-drafing }'],
      19,
      'Workflow `rfq-drafing` is not in role `procurement`; did you mean `rfq-drafting`?',
      'Workflows of `procurement`: rfq-drafting, supplier-review, bid-comparison.',
    ],
    [
      'a role that does not exist',
      ['role: procurement', 'role: procurment'],
      3,
      'Role `procurment` does not exist; did you mean `procurement`?',
      'Roles here: ',
    ],
    ['a number out of range', ['group_size: 8', 'group_size: 0'], 8, '`group_size` is 0; it must be at least 1', 'Use a number from 1 to '],
  ];

  it.each(CASES)('%s', async (_name, replace, line, message, hint) => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'roles'));
    copyFileSync(join(FIXTURES, 'rules/roles/procurement.yaml'), join(cwd, 'roles/procurement.yaml'));
    writeFileSync(join(cwd, 'q1.yaml'), programme(replace));
    const r = await cli(['validate', 'q1.yaml', '--format', 'json'], { cwd });
    const rows = (JSON.parse(r.stdout) as Row[]).filter((d) => d.file === 'q1.yaml' && d.severity !== 'warning');
    const row = rows.find((d) => d.line === line);
    expect(row, JSON.stringify(rows, null, 2)).toBeDefined();
    expect(row!.message).toBe(message);
    expect(row!.hint.startsWith(hint)).toBe(true);
    expect(row!.hint).not.toMatch(/See `cocoon schema`|Change the number|or define it/);
  });

  it('a list item with a colon inside is read as a mapping: the hint gives the quoted text', async () => {
    const { rows } = await validate('id: x\nname: X\noutcomes:\n  - Draft: a report in half the time\n', 'x.yaml');
    expect(rows.find((d) => d.line === 4)).toMatchObject({
      message: '`outcomes` entry 1 must be text, not a mapping',
      hint: 'A colon followed by a space made this a key and a value: put the whole text in quotes, "Draft: a report in half the time".',
    });
  });

  it('a dash without a space is not a list item', async () => {
    const { rows } = await validate('id: x\nname: X\naudience:\n  -analyst\n  -accountant\n', 'x.yaml');
    expect(rows.find((d) => d.line === 4)).toMatchObject({
      message: '`audience` must be a list, not the text "-analyst -accountant"',
      hint: 'A dash needs a space after it to start a list item: write `- analyst`, one item per line.',
    });
  });
});
