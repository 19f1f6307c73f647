/**
 * Runs the devnet L1: an anvil child process on a loopback port, optionally persisting its chain to a state file
 * (`--state`, dumped periodically and on exit) so a devnet restart resumes where it stopped.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join, dirname } from "node:path";

export interface StartAnvilOptions {
  /** Loopback port; 0 or absent picks a free one. */
  port?: number;
  /** Loads the chain from this file if it exists and dumps it there every `stateIntervalSec` and on exit. */
  stateFile?: string;
  stateIntervalSec?: number;
  /** Seconds between blocks; absent = a block per transaction (automine). */
  blockTime?: number;
  chainId?: number;
  host?: string;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
}

export interface Anvil {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops anvil (SIGTERM, which makes it dump its state) and waits for it to exit. */
  stop(): Promise<void>;
}

export class AnvilError extends Error {
  constructor(
    readonly code: "ANVIL_NOT_FOUND" | "ANVIL_START_FAILED",
    message: string,
  ) {
    super(message);
    this.name = "AnvilError";
  }
}

const archNames: Record<string, string> = { x64: "amd64", arm64: "arm64" };

/** The anvil binary shipped by the `@foundry-rs/anvil` npm package for this platform. */
export function anvilBinary(): string {
  const pkg = `@foundry-rs/anvil-${process.platform}-${archNames[process.arch] ?? process.arch}`;
  try {
    const dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
    const bin = join(dir, "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
    if (existsSync(bin)) return bin;
  } catch {
    // fall through to the error below
  }
  throw new AnvilError("ANVIL_NOT_FOUND", `no anvil binary for ${process.platform}-${process.arch}: install ${pkg} (npm install)`);
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** `sh -c` script: runs "$0" "$@" and SIGTERMs it when stdin reaches EOF, then exits with it. */
// A background job's stdin is /dev/null in sh, so the pipe is kept on fd 3 and handed to `cat` explicitly.
const TIED_TO_PARENT = 'exec 3<&0; "$0" "$@" </dev/null & pid=$!; (cat <&3 >/dev/null; kill -TERM $pid 2>/dev/null) & wait $pid';

export async function startAnvil(opts: StartAnvilOptions = {}): Promise<Anvil> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port || (await freePort(host));
  const args = ["--host", host, "--port", String(port)];
  if (opts.chainId !== undefined) args.push("--chain-id", String(opts.chainId));
  if (opts.blockTime !== undefined) args.push("--block-time", String(opts.blockTime));
  if (opts.stateFile) args.push("--state", opts.stateFile, "--state-interval", String(opts.stateIntervalSec ?? 5));

  // anvil runs under a small shell that stops it (SIGTERM, so it dumps its state) when our stdin pipe closes:
  // that happens on stop() and also when this process dies, even by SIGKILL, so no orphaned anvil keeps the port.
  const child: ChildProcess =
    process.platform === "win32"
      ? spawn(anvilBinary(), args, { stdio: ["pipe", "pipe", "pipe"] }) // no sh: a SIGKILLed node may leave anvil running
      : spawn("sh", ["-c", TIED_TO_PARENT, anvilBinary(), ...args], { stdio: ["pipe", "pipe", "pipe"] });
  child.stdin?.on("error", () => undefined); // EPIPE once the shell is gone
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  // Its own "Listening on" line, so another process already on the port never passes for this one.
  let stdout = "";
  let listening = false;
  child.stdout?.on("data", (d: Buffer) => {
    if (listening) return;
    stdout = (stdout + d.toString()).slice(-4000);
    listening = stdout.includes(`Listening on ${host}:${port}`);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const url = `http://${host}:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000);
  while (!(listening && !hasExited && (await answers(url)))) {
    if (hasExited || Date.now() > deadline) {
      child.stdin?.end();
      throw new AnvilError(
        "ANVIL_START_FAILED",
        `anvil did not start on ${url} (port in use or bad state file?): ${(stderr || stdout).trim().slice(-1000) || "no output"}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    pid: child.pid ?? -1,
    async stop() {
      if (hasExited) return;
      if (process.platform === "win32") child.kill("SIGTERM");
      else child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
