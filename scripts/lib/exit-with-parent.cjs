// Preloaded into the mock server (`node --require`): when the process that started it dies without
// cleaning up (SIGKILL, a crash), the server notices it was re-parented and exits instead of lingering.
const startedBy = process.ppid;
setInterval(() => {
  if (process.ppid !== startedBy) process.exit(0);
}, 500).unref();
