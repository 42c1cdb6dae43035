// A prefork worker as any Node server can be one: it serves on the socket the
// master (drover) passes as fd 3, instead of binding a port itself.
//   type: prefork, bind: 127.0.0.1:8788, workers: 2, command: node examples/fd-server.mjs
import http from 'node:http';

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`hello from worker ${process.pid}\n`);
});
server.listen({ fd: 3 }, () => console.log(`worker ${process.pid} ready on fd 3 (LISTEN_PID=${process.env.LISTEN_PID})`));
// Drain on TERM: stop accepting, let in-flight requests finish, then exit.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
