// A tiny web server: the kind of program drover keeps running.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8787);
const server = createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`hello from pid ${process.pid}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
// Stop accepting and let in-flight requests finish when drover asks us to stop.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
