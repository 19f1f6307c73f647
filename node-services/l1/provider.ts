import { JsonRpcProvider } from "ethers";

/**
 * An ethers provider for an L1 node. The chain id is taken as fixed (no network probe before each call), and
 * ethers' 250 ms reuse of identical calls is off: a nonce or block number read right after a tx must see it.
 */
export function l1Provider(url: string, pollingIntervalMs?: number): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    ...(pollingIntervalMs !== undefined ? { pollingInterval: pollingIntervalMs } : {}),
  });
}
