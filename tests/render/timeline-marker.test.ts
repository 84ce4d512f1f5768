import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, fixtureCopy } from '../helpers.js';

/** The overview's timeline goes where the README template's marker line is, whatever its headings say. */
async function overview(template: (builtIn: string) => string): Promise<{ html: string; md: string }> {
  const cwd = fixtureCopy('project-procurement');
  mkdirSync(join(cwd, 'templates'));
  writeFileSync(join(cwd, 'templates', 'readme.md.hbs'), template(readFileSync(join(ROOT, 'templates', 'md', 'readme.md.hbs'), 'utf8')));
  writeFileSync(
    join(cwd, 'cocoon.yaml'),
    'templates_dir: templates\nprogrammes:\n  - { id: pilot, role: procurement, sponsor: { name: Dana Lee, title: CPO }, schedule: { start: 2027-03-16 } }\n',
  );
  const r = await cli(['build'], { cwd });
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return { html: readFileSync(join(cwd, 'programmes/pilot/index.html'), 'utf8'), md: readFileSync(join(cwd, 'programmes/pilot/README.md'), 'utf8') };
}

describe('the timeline is placed by a marker the README template emits', () => {
  it('an overridden template that renames the heading keeps the timeline under the marker', async () => {
    const { html, md } = await overview((t) => t.replace('## Schedule', '## When we meet'));
    expect(html).toMatch(/<h2>When we meet<\/h2>\n<figure class="timeline"|<h2>When we meet<\/h2>\n<svg|<h2>When we meet<\/h2>\n<(figure|div)/);
    expect(html).not.toContain('COCOON_TIMELINE_SLOT');
    expect(md).toContain('<!-- cocoon:timeline -->');
  });

  it('an older template without the marker still gets it under "Schedule"; one with neither has none', async () => {
    const old = await overview((t) => t.replace('<!-- cocoon:timeline -->\n\n', ''));
    const withMarker = await overview((t) => t);
    const svg = (h: string) => (h.match(/<svg[\s\S]*?<\/svg>/) ?? [''])[0];
    expect(svg(withMarker.html).length).toBeGreaterThan(100);
    expect(svg(old.html)).toBe(svg(withMarker.html));
    const none = await overview((t) => t.replace('<!-- cocoon:timeline -->\n\n', '').replace('## Schedule', '## Dates'));
    expect(svg(none.html)).toBe('');
  });
});
