import { it } from 'vitest';
import { parseYaml, parseYamlPositional } from '../src/core/source.js';
it('dbg', () => {
  for (const s of ["key:\n   - ok\n   - #also ok\n  - wrong\n"]) {
  console.log(JSON.stringify(parseYaml(Buffer.from(s),'x').data), parseYaml(Buffer.from(s),'x').diagnostics.map(d=>d.message));
  console.log(JSON.stringify(parseYamlPositional(Buffer.from(s),'x').data), parseYamlPositional(Buffer.from(s),'x').diagnostics.map(d=>d.message)); }
});
