// Crashes after a while, to show drover restarting it (see `restarts` and the log).
const lifetime = 5000 + Math.floor(Math.random() * 5000);
console.log(`flaky: up, will crash in ${lifetime}ms`);
setTimeout(() => {
  console.error('flaky: something went wrong, exiting with status 3');
  process.exit(3);
}, lifetime);
