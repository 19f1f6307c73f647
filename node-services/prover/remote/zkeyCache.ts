/**
 * The prover's copy of the aggregator's proving key, found by its sha256: in the cache directory (downloaded once),
 * or at the aggregator's own path when the prover runs on the same machine (checked by hash, hashed once per file).
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ZkeyRef } from "./protocol.js";

export const defaultZkeyCacheDir = join(homedir(), ".prom", "prover-cache");

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export class ZkeyCache {
  /** Hashes of files already read, by path, size and mtime. */
  private readonly known = new Map<string, string>();

  constructor(private readonly dir: string) {}

  /** A local file holding the zkey, or null when it must be downloaded. */
  async find(ref: ZkeyRef): Promise<string | null> {
    for (const path of [this.pathFor(ref.hash), ref.path]) {
      if (path && (await this.holds(path, ref))) return path;
    }
    return null;
  }

  /** Stores downloaded bytes after checking their hash; returns the file. */
  store(ref: ZkeyRef, bytes: Uint8Array): string {
    const got = createHash("sha256").update(bytes).digest("hex");
    if (got !== ref.hash) throw new Error(`the zkey sent by the aggregator has sha256 ${got}, not ${ref.hash}`);
    mkdirSync(this.dir, { recursive: true });
    const path = this.pathFor(ref.hash);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    return path;
  }

  private pathFor(hash: string): string {
    return join(this.dir, `${hash}.zkey`);
  }

  private async holds(path: string, ref: ZkeyRef): Promise<boolean> {
    if (!existsSync(path)) return false;
    const st = statSync(path);
    if (st.size !== ref.size) return false;
    const key = `${path}:${st.size}:${st.mtimeMs}`;
    let hash = this.known.get(key);
    if (!hash) {
      hash = await sha256File(path);
      this.known.set(key, hash);
    }
    return hash === ref.hash;
  }
}
