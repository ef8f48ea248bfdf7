/**
 * The bench's round-robin proxy for the scale-out scenario (issue 12): a tiny node:http proxy
 * passing each request to the next of the app servers given, over keep-alive connections, as a
 * load balancer in front of several `secrel serve --no-worker` would. Run as a child of the bench:
 * `node --import tsx proxy-server.ts <port> <port> …`; it prints `listening <port>` once bound.
 */
import http from 'node:http';

const upstreams = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = http.createServer((request, response) => {
  const port = upstreams[next % upstreams.length];
  next += 1;
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port,
      method: request.method,
      path: request.url,
      headers: request.headers,
      agent,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.once('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  agent.destroy();
});
