import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

const COMMANDS = [['plan'], ['build'], ['validate'], ['roles'], ['rules'], ['schema'], ['init'], ['report'], ['new'], ['new', 'role']];

describe('--help of every command shows two or three examples', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c] as const))('cocoon %s --help', async (_name, command) => {
    const r = await cli([...command, '--help']);
    expect(r.code).toBe(0);
    const after = r.stdout.split('\nExamples:\n')[1];
    expect(after, r.stdout).toBeDefined();
    const examples = after!.split('\n').filter((l) => l.startsWith('  cocoon '));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
    for (const e of examples) expect(e).toMatch(new RegExp(`^  cocoon ${command.join(' ')}\\b`));
  });

  it('a usage error names the command whose help to read, never a literal <command>', async () => {
    const r = await cli(['plan', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Run `cocoon plan --help` for usage.');
    const nested = await cli(['new', 'role', 'x', '--bogus']);
    expect(nested.stderr).toContain('Run `cocoon new role --help` for usage.');
    const unknown = await cli(['plam']);
    expect(unknown.stderr).toContain('Run `cocoon --help` for usage.');
    for (const out of [r.stderr, nested.stderr, unknown.stderr]) expect(out).not.toContain('<command>');
  });
});
