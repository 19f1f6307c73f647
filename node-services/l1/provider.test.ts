import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, freePort, type Anvil } from "./anvil.js";
import { l1Provider } from "./provider.js";

describe("l1Provider (native JSON transport)", () => {
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 31337 });
  });
  afterAll(() => anvil.stop());

  it("reads and writes through a real L1 node, and maps its JSON-RPC errors as ethers does", async () => {
    const p = l1Provider(anvil.url);
    const signer = await p.getSigner(0);
    const before = await p.getBlockNumber();
    const tx = await signer.sendTransaction({ to: "0x00000000000000000000000000000000000000aa", value: 7n });
    await tx.wait();
    expect(await p.getBlockNumber()).toBe(before + 1);
    expect(await p.getBalance("0x00000000000000000000000000000000000000aa")).toBe(7n);
    // JSON-RPC batches come back as arrays
    const [a, b] = await Promise.all([p.getBlockNumber(), p.getTransactionCount(await signer.getAddress())]);
    expect([a, b]).toEqual([before + 1, 1]);
    await expect(p.send("no_suchMethod", [])).rejects.toThrow(/no_suchMethod|not supported|Method not found/i);
    p.destroy();
  });

  it("says which L1 node did not answer, and why", async () => {
    const port = await freePort();
    const p = l1Provider(`http://127.0.0.1:${port}`);
    await expect(p.send("eth_blockNumber", [])).rejects.toThrow(`L1 node http://127.0.0.1:${port} did not answer: ECONNREFUSED`);
    p.destroy();
  });

  it("fails clearly on an answer that is not JSON", async () => {
    const server = createServer((_req, res) => res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const p = l1Provider(url);
    await expect(p.send("eth_blockNumber", [])).rejects.toThrow(`L1 node ${url} answered HTTP 502 with a body that is not JSON: <html>bad gateway</html>`);
    p.destroy();
    await new Promise((r) => server.close(r));
  });
});
