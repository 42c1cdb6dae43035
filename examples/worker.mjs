// A queue worker stand-in: does a unit of "work" every second and logs it.
const id = process.env.WORKER_ID ?? '0';
let jobs = 0;
const timer = setInterval(() => console.log(`worker ${id}: finished job ${++jobs}`), 1000);
process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log(`worker ${id}: stopping after ${jobs} jobs`);
  process.exit(0);
});
