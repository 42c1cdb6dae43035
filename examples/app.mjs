// An app for drover's built-in prefork runtime (`app: examples/app.mjs`): export a
// request listener (a plain function like this, or an Express app) and drover
// serves it on N workers sharing one port.
let served = 0;
export default function app(req, res) {
  served += 1;
  res.setHeader('content-type', 'text/plain');
  res.end(`hello from worker ${process.pid} (request ${served} on this worker)\n`);
}
