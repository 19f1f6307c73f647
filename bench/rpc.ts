/**
 * `npm run bench -- rpc [seconds] [concurrency] [case filter]`: JSON-RPC requests/s (median of 3 rounds that alternate
 * between the two servers) for eth_getBalance, eth_call and eth_getTransactionReceipt against our server (PGlite,
 * real SMT + executor, a few blocks written through the repository) and against anvil on a loopback port, with the
 * same client and the same requests. Our server runs in its own process (`rpc --serve`), as anvil does, so the load
 * generator never shares its event loop.
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { Wallet } from "ethers";
import { openPgliteWorker } from "../node-services/db/pgliteWorkerDb.js";
import { migrate } from "../node-services/db/migrate.js";
import { Executor, DbProgramStore, buildGenesis, useWasmKeccak } from "../node-services/executor/index.js";
import { startAnvil } from "../node-services/l1/anvil.js";
import * as mt from "../node-services/merkletree/index.js";
import { JsonRpcServer } from "../node-services/jsonrpc/index.js";
import type { Hex } from "../node-services/state/hex.js";
import { executorCallFn, smtStateReader } from "../node-services/state/stateReader.js";
import { StateRepository } from "../node-services/state/stateRepository.js";
import { TEST_CHAIN_ID, testWallets, writeSampleChain } from "../node-services/state/testFixtures.js";
import { compileContract } from "../node-services/testing/solidity.js";
import { medianBy } from "./lib/median.js";
import { report } from "./report.js";

const READER: Hex = "0x00000000000000000000000000000000000000aa";
/** SLOAD(0), returned as one word. */
const READER_CODE = "0x60005460005260206000f3";
const SLOT0 = `0x${"00".repeat(31)}2a`;
const TOKEN: Hex = "0x00000000000000000000000000000000000000bb";
/** A token's view functions as solc compiles them: a mapping read through keccak, ABI decoding and encoding. */
const TOKEN_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
contract Token { mapping(address => uint256) public balanceOf; uint256 public totalSupply; }`;
const TOKEN_RUNTIME = compileContract(TOKEN_SOURCE, "Token", { optimize: true }).runtime;
/** balanceOf(address) with a different holder per request. */
const balanceOfCall = (i: number): string => `0x70a08231${i.toString(16).padStart(64, "0")}`;

interface Target {
  url: string;
  /** Our server with its read caches off (same database); anvil: the same url. */
  coldUrl: string;
  balanceOf: Hex;
  receiptHash: Hex;
}

/** `i` numbers the request, so a case can make every request distinct. */
type Case = { name: string; cold: boolean; body: (t: Target, i: number) => string };

const cases: Case[] = [
  { name: "eth_getBalance", cold: false, body: (t) => rpcBody("eth_getBalance", [t.balanceOf, "latest"]) },
  { name: "eth_call (same call repeated: served from the call cache)", cold: false, body: () => rpcBody("eth_call", [{ to: READER, data: "0x" }, "latest"]) },
  {
    name: "eth_call (distinct calldata per request: executed every time)",
    cold: false,
    body: (_t, i) => rpcBody("eth_call", [{ to: READER, data: `0x${i.toString(16).padStart(8, "0")}` }, "latest"]),
  },
  {
    name: "eth_call ERC-20 balanceOf (compiled Solidity, distinct holder per request)",
    cold: false,
    body: (_t, i) => rpcBody("eth_call", [{ to: TOKEN, data: balanceOfCall(i + 1) }, "latest"]),
  },
  { name: "eth_getTransactionReceipt (receipt cache on)", cold: false, body: (t) => rpcBody("eth_getTransactionReceipt", [t.receiptHash]) },
  { name: "eth_getTransactionReceipt (caches off: PGlite read per request)", cold: true, body: (t) => rpcBody("eth_getTransactionReceipt", [t.receiptHash]) },
];

const ROUNDS = 3;

function rpcBody(method: string, params: unknown[]): string {
  return JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
}

function post(agent: Agent, url: URL, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: "POST", path: "/", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks).toString()));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Requests/s with `concurrency` requests in flight over keep-alive connections for `seconds`. */
async function measure(urlText: string, bodyOf: (i: number) => string, seconds: number, concurrency: number): Promise<number> {
  const url = new URL(urlText);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let seq = 0;
  const firstBody = bodyOf(seq++);
  const first = JSON.parse(await post(agent, url, firstBody)) as { result?: unknown; error?: unknown };
  if (first.error !== undefined || first.result === undefined || first.result === null) {
    throw new Error(`${urlText} answered ${JSON.stringify(first)} to ${firstBody}`);
  }
  const warmEnd = Date.now() + 1000;
  let done = 0;
  let counting = false;
  let end = 0;
  const worker = async () => {
    for (;;) {
      const now = Date.now();
      if (!counting && now >= warmEnd) {
        counting = true;
        end = now + seconds * 1000;
        done = 0;
      }
      if (counting && now >= end) return;
      const text = await post(agent, url, bodyOf(seq++));
      if (!text.includes('"result"')) throw new Error(`error answer: ${text}`);
      done++;
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  const elapsed = (Date.now() - Math.max(t0, warmEnd)) / 1000;
  return done / Math.max(elapsed, seconds);
}

async function ourNode(): Promise<{ target: Target; stop(): Promise<void> }> {
  // the hashes as a node runs them (startNode plugs in the same)
  await mt.useWasmPoseidon();
  await useWasmKeccak();
  const db = await openPgliteWorker(undefined);
  await migrate(db);
  const store = new mt.DbNodeStore(db);
  const smt = new mt.Smt(store);
  const programs = new DbProgramStore(db);
  const [w0, w1] = testWallets(2) as [Wallet, Wallet];
  const root = await buildGenesis(smt, programs, [
    { address: w0.address, balance: 10n ** 20n },
    { address: w1.address, balance: 10n ** 20n },
    { address: READER, balance: 0n, code: Buffer.from(READER_CODE.slice(2), "hex"), storage: new Map([[0n, 42n]]) },
    { address: TOKEN, balance: 0n, code: Buffer.from(TOKEN_RUNTIME.slice(2), "hex") },
  ]);
  await store.flush();
  const repo = new StateRepository(db);
  const chain = await writeSampleChain(repo, { blocks: 5, stateRoot: mt.h4ToHex(root) as Hex });
  const executor = new Executor({ smt, programs, chainId: TEST_CHAIN_ID, forkId: 8 });
  const backend = { repo, state: smtStateReader(smt, mt, db, executorCallFn(executor)), chainId: TEST_CHAIN_ID };
  const server = new JsonRpcServer(backend, { port: 0 });
  const cold = new JsonRpcServer(backend, { port: 0, callCacheEntries: 0, receiptCacheEntries: 0 });
  const { url } = await server.start();
  const { url: coldUrl } = await cold.start();
  return {
    target: { url, coldUrl, balanceOf: w0.address.toLowerCase() as Hex, receiptHash: chain.txsByBlock.get(3)![1]! },
    async stop() {
      await server.stop();
      await cold.stop();
      await db.close();
    },
  };
}

async function anvilNode(): Promise<{ target: Target; stop(): Promise<void> }> {
  const anvil = await startAnvil();
  const call = async (method: string, params: unknown[]) => {
    const res = await fetch(anvil.url, { method: "POST", headers: { "content-type": "application/json" }, body: rpcBody(method, params) });
    const j = (await res.json()) as { result?: unknown; error?: unknown };
    if (j.error) throw new Error(`anvil ${method}: ${JSON.stringify(j.error)}`);
    return j.result;
  };
  await call("anvil_setCode", [READER, READER_CODE]);
  await call("anvil_setStorageAt", [READER, "0x0", SLOT0]);
  await call("anvil_setCode", [TOKEN, TOKEN_RUNTIME]);
  const [from] = (await call("eth_accounts", [])) as Hex[];
  const hash = (await call("eth_sendTransaction", [{ from, to: READER, value: "0x1" }])) as Hex;
  return { target: { url: anvil.url, coldUrl: anvil.url, balanceOf: from!, receiptHash: hash }, stop: () => anvil.stop() };
}

/** Child mode: start our node, print its target as one JSON line, serve until stdin closes. */
async function serve(): Promise<void> {
  const node = await ourNode();
  console.log(`TARGET ${JSON.stringify(node.target)}`);
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.on("end", () => resolve()));
  await node.stop();
}

async function ourNodeProcess(): Promise<{ target: Target; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "rpc", "--serve"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const target = await new Promise<Target>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`our RPC server process exited with ${code}`)));
    lines.on("line", (l) => {
      if (l.startsWith("TARGET ")) resolve(JSON.parse(l.slice(7)) as Target);
    });
  });
  return {
    target,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.stdin!.end();
      await exited;
    },
  };
}

export async function run(args: string[]): Promise<void> {
  if (args[0] === "--serve") return serve();
  const seconds = Number(args[0] ?? 3);
  const concurrency = Number(args[1] ?? 16);
  const only = args[2];
  const ours = await ourNodeProcess();
  const peer = await anvilNode();
  try {
    for (const c of cases.filter((x) => only === undefined || x.name.includes(only))) {
      // Alternating rounds, median of each side: one slow second of this shared machine moves one round, not the result.
      const oursRounds: number[] = [];
      const peerRounds: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        oursRounds.push(await measure(c.cold ? ours.target.coldUrl : ours.target.url, (i) => c.body(ours.target, i), seconds, concurrency));
        peerRounds.push(await measure(peer.target.url, (i) => c.body(peer.target, i), seconds, concurrency));
      }
      const [o, p] = [medianBy(oursRounds, (x) => x), medianBy(peerRounds, (x) => x)];
      report({
        bench: "rpc",
        case: `${c.name}, ${concurrency} in flight, keep-alive HTTP`,
        ours: Math.round(o),
        peer: Math.round(p),
        unit: "req/s",
        ratio: Number((o / p).toFixed(3)),
        rounds: oursRounds.map((x, i) => `${Math.round(x)}/${Math.round(peerRounds[i]!)}`).join(" "),
      });
    }
  } finally {
    await ours.stop();
    await peer.stop();
  }
}
