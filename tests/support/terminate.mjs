// Stops a child process started by a Node.js test script (tests/schema, tests/browser).

// Sends SIGTERM to `child` and waits up to `timeoutMs` for `exited`, a promise of its
// `{code, signal}`; then sends SIGKILL and answers `{code: null, signal: "SIGKILL", forced: true}`.
export async function terminate(child, exited, timeoutMs) {
  child.kill("SIGTERM");
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs); });
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (result) return result;
  child.kill("SIGKILL");
  await exited;
  return { code: null, signal: "SIGKILL", forced: true };
}
