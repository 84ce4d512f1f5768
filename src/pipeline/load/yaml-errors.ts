/**
 * The YAML parser's errors in the words of the person who wrote the file. The parser says "Nested
 * mappings are not allowed in compact mappings"; a trainer who wrote `text: Sam shows: a brief` needs
 * "the value contains ': '" and the line to write instead. Each translation looks at the parser's code
 * and the source around it, points at the line of the real mistake (an unclosed bracket is reported
 * where it was opened, not where the parser gave up), and gives a concrete fix. What is not recognised
 * still gets plain words, with the parser's own text in brackets.
 */

export interface YamlProblem {
  line: number;
  column: number;
  message: string;
  hint: string;
}

interface ParserError {
  code: string;
  message: string;
  line: number;
  column: number;
}

const INDICATORS: Record<string, string> = {
  '@': '`@`',
  '`': 'a backtick',
  '%': '`%`',
  '*': '`*`',
  '&': '`&`',
  '!': '`!`',
  '|': '`|`',
  '>': '`>`',
};

/** `key: value` split, when the line is one (with an optional list dash). */
function keyValue(line: string): { indent: number; dash: boolean; key: string; value: string; valueColumn: number } | undefined {
  const m = /^(\s*)(- +)?([^\s:#"'][^:#]*?|"[^"]*"|'[^']*'):(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return undefined;
  const value = m[4] ?? '';
  return { indent: m[1]!.length + (m[2]?.length ?? 0), dash: Boolean(m[2]), key: m[3]!.trim(), value, valueColumn: line.length - value.length + 1 };
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Quote a value for YAML: double quotes unless it holds some, then single quotes. */
function quoted(value: string): string {
  const v = value.trim();
  if (!v.includes('"')) return `"${v.replace(/\\/g, '\\\\')}"`;
  return `'${v.replace(/'/g, "''")}'`;
}

/** The nearest non-blank, non-comment line before `index` (0-based), or -1. */
function previousContent(lines: readonly string[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (lines[i]!.trim() && !lines[i]!.trim().startsWith('#')) return i;
  return -1;
}

function nextContent(lines: readonly string[], index: number): number {
  for (let i = index + 1; i < lines.length; i++) if (lines[i]!.trim() && !lines[i]!.trim().startsWith('#')) return i;
  return -1;
}

/** The last place at or before `upTo` (0-based line) where `open` is opened and not closed, outside quotes. */
function unclosed(lines: readonly string[], upTo: number, open: string, close: string): { line: number; column: number } | undefined {
  const stack: { line: number; column: number }[] = [];
  for (let n = 0; n <= upTo && n < lines.length; n++) {
    const l = lines[n]!;
    let quote = '';
    for (let i = 0; i < l.length; i++) {
      const c = l[i]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(l[i - 1]!))) quote = c;
      else if (c === '#' && (i === 0 || l[i - 1] === ' ')) break;
      else if (c === open) stack.push({ line: n, column: i });
      else if (c === close) stack.pop();
    }
  }
  return stack.pop();
}

/** The line (0-based) and column where a quote is opened and never closed, scanning from the top. */
function unclosedQuote(lines: readonly string[], quote: string): { line: number; column: number } | undefined {
  let open: { line: number; column: number } | undefined;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!;
    for (let i = 0; i < l.length; i++) {
      const c = l[i]!;
      if (open) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && l[i + 1] === "'") i++;
          else open = undefined;
        }
      } else if (c === '#' && (i === 0 || l[i - 1] === ' ')) break;
      else if (c === quote && (i === 0 || /[\s[{,:]/.test(l[i - 1]!))) open = { line: n, column: i };
    }
  }
  return open;
}

const at = (lineIndex: number, column: number, message: string, hint: string): YamlProblem => ({ line: lineIndex + 1, column: column + 1, message, hint });

const GENERIC_HINT =
  'Each line is `key: value` with a space after the colon, indented with spaces under its parent; put text that contains ": ", " #" or starts with a special character in quotes.';

export function explainYamlError(err: ParserError, text: string): YamlProblem {
  const lines = text.split('\n');
  const li = Math.min(Math.max(err.line - 1, 0), lines.length - 1);
  const line = lines[li] ?? '';
  const kv = keyValue(line);
  const parser = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');

  switch (err.code) {
    case 'TAB_AS_INDENT':
      return at(
        li,
        0,
        'A tab is used for indentation; YAML indents with spaces only',
        `Replace the tab at the start of line ${li + 1} with spaces (two per level), and set your editor to insert spaces for Tab.`,
      );

    case 'DUPLICATE_KEY': {
      const key = kv?.key ?? line.trim().split(':')[0]!;
      const first = lines.findIndex((l, i) => i < li && keyValue(l)?.key === key && indentOf(l) === indentOf(line));
      return at(
        li,
        indentOf(line),
        `\`${key}\` appears twice in the same mapping${first >= 0 ? ` (first on line ${first + 1})` : ''}`,
        `Keep one \`${key}:\` and delete the other, or merge their values into one.`,
      );
    }

    case 'MULTIPLE_DOCS': {
      const sep = lines.findIndex((l) => /^---\s*$/.test(l));
      return at(
        sep >= 0 ? sep : li,
        0,
        'The file holds more than one YAML document (a `---` line splits it)',
        'cocoon reads one document per file: delete the `---` line, or move the second part into a file of its own.',
      );
    }

    case 'BAD_DQ_ESCAPE': {
      const esc = /\\./.exec(err.message)?.[0] ?? '\\';
      return at(
        li,
        err.column - 1,
        `\`${esc}\` is not a valid escape inside double quotes (a backslash starts an escape there)`,
        kv
          ? `Use single quotes for text with backslashes: \`${kv.key}: '${kv.value.replace(/^"|"$/g, '')}'\`, or write each backslash twice.`
          : 'Use single quotes for text with backslashes, or write each backslash twice.',
      );
    }

    case 'BAD_SCALAR_START': {
      const ch = (kv?.value ?? line.trim())[0] ?? '';
      const what = INDICATORS[ch] ?? `\`${ch}\``;
      return at(
        li,
        kv ? kv.valueColumn - 1 : err.column - 1,
        `A value cannot start with ${what}: YAML reserves it`,
        kv ? `Put the value in quotes: \`${kv.key}: ${quoted(kv.value)}\`.` : 'Put the value in quotes.',
      );
    }

    case 'BLOCK_IN_FLOW':
      return at(
        li,
        indentOf(line),
        'A `- ` list item inside `[ … ]` brackets: the two list styles are mixed',
        'Use one style: `audience: [analyst, accountant]` on one line, or one `- item` per line under the key with no brackets.',
      );

    case 'MISSING_CHAR': {
      const q = /closing (["'])/.exec(err.message)?.[1];
      if (q) {
        const open = unclosedQuote(lines, q);
        const o = open ?? { line: li, column: 0 };
        const ol = lines[o.line] ?? '';
        const okv = keyValue(ol);
        return at(
          o.line,
          o.column,
          `The ${q === '"' ? 'double' : 'single'} quote opened here is never closed`,
          okv
            ? `End the text with ${q} on the same line: \`${okv.key}: ${q}${okv.value.replace(new RegExp(`^${q}`), '').replace(new RegExp(`${q}$`), '')}${q}\`.`
            : `End the text with ${q}.`,
        );
      }
      return keyLine(err, lines, li, parser);
    }

    case 'MULTILINE_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      if (err.code === 'UNEXPECTED_TOKEN' && !/block-seq-ind/.test(err.message)) return unexpected(err, lines, li, parser);
      return keyLine(err, lines, li, parser);

    case 'BLOCK_AS_IMPLICIT_KEY':
      return nestedMapping(err, lines, li);

    case 'BAD_INDENT': {
      const flow = /Flow (sequence|map) in block collection/.exec(err.message);
      if (flow) {
        const [open, close] = flow[1] === 'sequence' ? ['[', ']'] : ['{', '}'];
        const o = unclosed(lines, li, open, close) ?? { line: previousContent(lines, li), column: 0 };
        const ol = lines[o.line] ?? '';
        return at(
          o.line,
          o.column,
          `The ${flow[1] === 'sequence' ? 'list' : 'mapping'} opened with \`${open}\` here is not closed`,
          `Add the closing \`${close}\` at the end of line ${o.line + 1}: \`${ol.trim()}${open === '{' ? ' ' : ''}${close}\`.`,
        );
      }
      if (/sequence items/.test(err.message)) {
        const ref = siblingAbove(lines, li, (l) => l.trimStart().startsWith('- '));
        return at(
          li,
          indentOf(line),
          'This `- ` item does not line up with the items above it',
          ref >= 0
            ? `Indent it by ${indentOf(lines[ref]!)} spaces, like the item on line ${ref + 1}.`
            : 'Indent every item of a list by the same number of spaces.',
        );
      }
      if (/mapping items/.test(err.message)) {
        const prev = previousContent(lines, li);
        const prevLine = lines[prev] ?? '';
        if (prevLine.trimStart().startsWith('- ') && indentOf(prevLine) === indentOf(line)) {
          return at(
            li,
            indentOf(line),
            `\`${kv?.key ?? line.trim()}\` follows a list but is not one of its items`,
            `Start it with \`- \` like the items above, or move it ${indentOf(line) ? 'left to line up with the key that holds the list' : 'to its own key'}.`,
          );
        }
        const ref = siblingAbove(lines, li, (l) => Boolean(keyValue(l)) && !l.trimStart().startsWith('- '));
        const want = ref >= 0 ? indentOf(lines[ref]!) : 0;
        return at(
          li,
          indentOf(line),
          `\`${kv?.key ?? line.trim()}\` does not line up with the keys above it`,
          ref >= 0
            ? `Indent \`${kv?.key ?? line.trim()}:\` by ${want} spaces, like \`${keyValue(lines[ref]!)?.key}:\` on line ${ref + 1}.`
            : 'Keys of one mapping start at the same column.',
        );
      }
      return generic(li, line, parser);
    }
  }
  return generic(li, line, parser);
}

/** The nearest line above with the same indentation as `li` would need: the first earlier line at a smaller-or-equal indent that passes `test`. */
function siblingAbove(lines: readonly string[], li: number, test: (l: string) => boolean): number {
  for (let i = li - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (!l.trim() || l.trim().startsWith('#')) continue;
    if (test(l) && indentOf(l) <= indentOf(lines[li]!) + 4) return i;
  }
  return -1;
}

/** A line YAML could not read as `key: value`. */
function keyLine(err: ParserError, lines: readonly string[], li: number, parser: string): YamlProblem {
  const line = lines[li] ?? '';
  const body = line.trim();
  const indent = indentOf(line);
  const noSpace = /^(- +)?([A-Za-z_][\w-]*):([^\s:/].*)$/.exec(body);
  if (/\u00a0/.test(line)) {
    const col = line.indexOf('\u00a0');
    return at(
      li,
      col,
      'A non-breaking space (often pasted from a word processor) is where YAML needs a normal space',
      `Replace it with an ordinary space: \`${body.replace(/\u00a0/g, ' ')}\`.`,
    );
  }
  if (noSpace)
    return at(
      li,
      indent + (noSpace[1]?.length ?? 0) + noSpace[2]!.length + 1,
      `Missing space after the colon in \`${body}\``,
      `Write \`${noSpace[1] ?? ''}${noSpace[2]}: ${noSpace[3]}\` — YAML needs a space after the colon.`,
    );
  const equals = /^([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(body);
  if (equals)
    return at(
      li,
      indent + body.indexOf('='),
      `\`${equals[1]} = …\` is not YAML: keys and values are joined by a colon`,
      `Write \`${equals[1]}: ${equals[2]}\`.`,
    );
  const prev = previousContent(lines, li);
  const prevLine = lines[prev] ?? '';
  if (/(^|\s)[|>][+-]?\d*\s*(#.*)?$/.test(prevLine) && indent <= indentOf(prevLine)) {
    const pkv = keyValue(prevLine);
    return at(
      li,
      indent,
      `The text under \`${pkv?.key ?? prevLine.trim()}\` must be indented below it`,
      `Indent every line of the text by ${indentOf(prevLine) + 2} spaces (two more than \`${pkv?.key ?? prevLine.trim()}\`).`,
    );
  }
  if (body.startsWith('- '))
    return at(
      li,
      indent,
      'A `- ` list item where a key is expected',
      'Remove the `- `, or put the list under a key of its own: `outcomes:` alone on its line, then `  - …` indented below it.',
    );
  if (!body.includes(':'))
    return at(
      li,
      indent,
      `\`${body.length > 40 ? `${body.slice(0, 37)}…` : body}\` is text where a \`key: value\` line is expected`,
      'Add the key it belongs to (`summary: …`), or indent it under the key whose text it continues; if it belongs to a list, start it with `- `.',
    );
  return generic(li, line, parser);
}

/** "Nested mappings are not allowed in compact mappings": a colon in a value, or a key indented too far. */
function nestedMapping(err: ParserError, lines: readonly string[], li: number): YamlProblem {
  const line = lines[li] ?? '';
  const kv = keyValue(line);
  const next = nextContent(lines, li);
  const nextLine = lines[next] ?? '';
  // A key on the next line indented past this one's (a list item's keys start after its dash) makes this
  // value a key too: the mistake is the indentation of the next line. A ": " inside this value is the other cause.
  const overIndented = Boolean(kv && next >= 0 && indentOf(nextLine) > kv.indent && keyValue(nextLine));
  if (kv && !kv.value.includes(': ') && overIndented) {
    const nkv = keyValue(nextLine)!;
    const want = kv.indent;
    return at(
      next,
      indentOf(nextLine),
      `\`${nkv.key}:\` is indented further than \`${kv.key}:\` above it`,
      want
        ? `Line it up with \`${kv.key}:\`: indent \`${nkv.key}:\` by ${want} spaces.`
        : `Start \`${nkv.key}:\` at the beginning of the line, like \`${kv.key}:\`.`,
    );
  }
  if (kv && kv.value.includes(': ')) {
    return at(
      li,
      kv.valueColumn - 1 + kv.value.indexOf(': '),
      `The value of \`${kv.key}\` contains ": ", which YAML reads as the start of another key`,
      `Put the value in quotes: \`${kv.dash ? '- ' : ''}${kv.key}: ${quoted(kv.value)}\`.`,
    );
  }
  return generic(li, line, err.message.split('\n')[0]!);
}

/** "Unexpected scalar at node end" and friends: a value that YAML read as something other than text. */
function unexpected(err: ParserError, lines: readonly string[], li: number, parser: string): YamlProblem {
  const line = lines[li] ?? '';
  const kv = keyValue(line);
  const value = kv?.value.trim() ?? '';
  const col = kv ? kv.valueColumn - 1 : indentOf(line);
  const fix = kv ? `\`${kv.dash ? '- ' : ''}${kv.key}: ${quoted(value)}\`` : '';
  if (/Not a YAML token/.test(parser) && /^[|>]/.test(value))
    return at(
      li,
      col,
      `Text follows \`${value[0]}\` on the same line`,
      `Start the text on the next line, indented two spaces more than \`${kv!.key}:\` — \`${kv!.key}: ${value[0]}\` alone on its line.`,
    );
  if (value.startsWith('{{'))
    return at(
      li,
      col,
      `A value that starts with \`{{\` is read as a YAML mapping, not as a template`,
      `Put it in quotes (${fix}), or write \`${kv!.key}: |\` and the template on the lines below, indented.`,
    );
  if (value.startsWith('[') || value.startsWith('{'))
    return at(
      li,
      col,
      `A value that starts with \`${value[0]}\` is read as a ${value[0] === '[' ? 'list' : 'mapping'}, and text follows it`,
      `Put the whole value in quotes: ${fix}.`,
    );
  if (value.startsWith('*') || value.startsWith('&') || value.startsWith('!'))
    return at(
      li,
      col,
      `A value that starts with \`${value[0]}\` is YAML syntax (an ${value[0] === '*' ? 'alias' : value[0] === '&' ? 'anchor' : 'tag'}), not text`,
      `Put the value in quotes: ${fix}.`,
    );
  if (value.startsWith('"')) {
    // "The "best" prompt" (quotes inside) or "AI" for finance (text after the quote): single quotes around the text as meant.
    const meant = value.length > 1 && value.endsWith('"') ? value.slice(1, -1) : value;
    return at(
      li,
      col,
      'A double quote ends the text early: there is more after the closing quote',
      `Put text that holds double quotes in single quotes: \`${kv!.key}: '${meant.replace(/'/g, "''")}'\`.`,
    );
  }
  if (value.startsWith("'")) {
    const inner = value.slice(1, value.endsWith("'") ? -1 : undefined);
    return at(
      li,
      col,
      'An apostrophe inside single quotes ends the text early',
      `Write the apostrophe twice (\`'${inner.replace(/'/g, "''")}'\`) or use double quotes: \`${kv!.key}: "${inner}"\`.`,
    );
  }
  return generic(li, line, parser);
}

function generic(li: number, line: string, parser: string): YamlProblem {
  return at(li, indentOf(line), `YAML cannot read this line (the parser says: ${parser.charAt(0).toLowerCase()}${parser.slice(1)})`, GENERIC_HINT);
}
