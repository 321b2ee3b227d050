// Preloaded into the Prism process (`node --require`): exit when the process that started us goes away,
// so a test runner killed with SIGKILL (no teardown) does not leave a mock server behind.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
