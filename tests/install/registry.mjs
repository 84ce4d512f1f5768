// A local npm registry for tests/install: serves one packed tarball under its package name and passes
// every other request through to the real registry. A process of its own, because the test waits on
// npm with spawnSync, which would block a server running in the test's own event loop.
// Usage: node registry.mjs <tarball> <its package.json> <upstream>; prints the port on stdout.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [tarball, manifestFile, upstream] = process.argv.slice(2);
const bytes = readFileSync(tarball);
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const { name, version } = manifest;

const server = createServer((req, res) => {
  const base = `http://127.0.0.1:${server.address().port}/`;
  const url = req.url ?? '/';
  if (url === `/${name}`) {
    const dist = {
      tarball: `${base}${name}/-/${name}-${version}.tgz`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, 'dist-tags': { latest: version }, versions: { [version]: { ...manifest, dist } } }));
    return;
  }
  if (url === `/${name}/-/${name}-${version}.tgz`) {
    res.end(bytes);
    return;
  }
  fetch(upstream + url.replace(/^\//, ''), { headers: { accept: String(req.headers.accept ?? 'application/json') } })
    .then(async (r) => {
      res.statusCode = r.status;
      res.setHeader('content-type', r.headers.get('content-type') ?? 'application/json');
      res.end(Buffer.from(await r.arrayBuffer()));
    })
    .catch((e) => {
      res.statusCode = 502;
      res.end(String(e));
    });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
