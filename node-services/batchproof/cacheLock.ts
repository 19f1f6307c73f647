/**
 * A lock between processes over one cache entry: building the batch circuit takes minutes and gigabytes, so two
 * processes that need the same one (a devnet and a test, two test files) build it once, one after the other.
 * The lock is a directory (mkdir is atomic) holding the owner's pid; a lock whose owner is gone is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

function ownerAlive(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lockDir, "pid"), "utf8"));
  } catch {
    return true; // just created, its pid not written yet
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function withCacheLock<T>(lockDir: string, onWait: () => void, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (!ownerAlive(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!told) onWait();
      told = true;
      await sleep(500);
    }
  }
  try {
    writeFileSync(join(lockDir, "pid"), String(process.pid));
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
