import { JsonRpcProvider, type JsonRpcPayload, type JsonRpcResult } from "ethers";

/** An L1 request that got no answer this long is failed (the caller's loop retries it). */
const L1_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Sends JSON-RPC over the runtime's fetch and parses answers with its native JSON parser: ethers' own transport decodes
 * every response body through a JavaScript UTF-8 decoder, which was about 5% of a synchronizing node's CPU (large
 * eth_getLogs and calldata answers). Error answers still go through ethers, which maps them as before.
 */
class NativeJsonRpcProvider extends JsonRpcProvider {
  constructor(
    private readonly url: string,
    options: ConstructorParameters<typeof JsonRpcProvider>[2],
  ) {
    super(url, undefined, options);
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<(JsonRpcResult & { error?: unknown })[]> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(L1_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`L1 node ${this.url} did not answer: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`L1 node ${this.url} answered HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return (Array.isArray(body) ? body : [body]) as (JsonRpcResult & { error?: unknown })[];
  }
}

/**
 * An ethers provider for an L1 node. The chain id is taken as fixed (no network probe before each call), and
 * ethers' 250 ms reuse of identical calls is off: a nonce or block number read right after a tx must see it.
 * Requests go out on the next tick instead of after ethers' 10 ms batching stall: the synchronizer reads a range with
 * about ten dependent requests, and the stalls were most of its wait for L1. Requests made in the same tick (the
 * calldata of a range's sequences) still share one batch.
 */
export function l1Provider(url: string, pollingIntervalMs?: number): JsonRpcProvider {
  return new NativeJsonRpcProvider(url, {
    staticNetwork: true,
    cacheTimeout: -1,
    batchStallTime: 0,
    ...(pollingIntervalMs !== undefined ? { pollingInterval: pollingIntervalMs } : {}),
  });
}
