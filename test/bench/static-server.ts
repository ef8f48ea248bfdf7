/**
 * The static twin (issue 12): a plain node:http server answering each public page's bytes, read
 * into memory at start, as a static file server would. Run as a child of the bench:
 * `node --import tsx static-server.ts <dir>`; `<dir>` holds 0.html, 1.html, … served at /0, /1, …
 * It prints `listening <port>` once bound.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const dir = process.argv[2] ?? '';
const pages = new Map<string, Buffer>();
for (const name of fs.readdirSync(dir)) {
  if (name.endsWith('.html'))
    pages.set(`/${name.slice(0, -5)}`, fs.readFileSync(path.join(dir, name)));
}

const server = http.createServer((request, response) => {
  const body = pages.get(request.url ?? '');
  if (body === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
  });
  response.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
