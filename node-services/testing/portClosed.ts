/** True once nothing answers on the loopback port (e.g. a stopped node's anvil has exited). */
export async function portClosed(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}`, { method: "POST", body: "{}", signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}
