/** Tunables of the JSON-RPC server (defaults follow the zkevm-node where it has one; loopback unless told otherwise). */
export type Namespace = "eth" | "net" | "web3" | "txpool" | "zkevm";

export interface JsonRpcOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Namespaces served; methods of the others answer "does not exist/is not available". */
  namespaces: readonly Namespace[];
  /** Largest HTTP request body, in bytes (larger → HTTP 413 with a JSON-RPC error). */
  maxBodyBytes: number;
  batchRequestsEnabled: boolean;
  /** Most requests in one JSON-RPC batch. */
  batchRequestsLimit: number;
  /** Largest WebSocket message, in bytes. */
  wsMaxPayloadBytes: number;
  /** Value of Access-Control-Allow-Origin. */
  corsOrigin: string;
  /** Log filters not polled for this long are removed. */
  filterTimeoutMs: number;
  /** Most filters alive at once; most subscriptions per WebSocket connection. */
  maxFilters: number;
  maxSubscriptionsPerConnection: number;
  /** How long `latest` may be served from memory before re-reading it (notifyNewBlock refreshes it at once). */
  headCacheMs: number;
  /** Poll the database for new L2 blocks (RPC instances without an in-process sequencer); 0 = rely on notifyNewBlock. */
  newBlockPollMs: number;
  /** Upper bound of the eth_estimateGas search and the default eth_call gas. */
  rpcGasCap: bigint;
  clientVersion: string;
  /** eth_call results cached per (block hash, call); results of a block never change. 0 disables. */
  callCacheEntries: number;
  /** Receipts cached per tx hash for at most `receiptCacheMs` (a trusted reorg may move a tx). 0 entries disables. */
  receiptCacheEntries: number;
  receiptCacheMs: number;
}

export const jsonRpcOptions = {
  host: { default: "127.0.0.1", doc: "Interface the JSON-RPC server listens on (loopback by default)." },
  port: { default: 8545, doc: "Port of the HTTP and WebSocket JSON-RPC server." },
  namespaces: { default: ["eth", "net", "web3", "txpool", "zkevm"] as readonly Namespace[], doc: "Enabled method namespaces." },
  maxBodyBytes: { default: 5 * 1024 * 1024, doc: "Largest HTTP request body in bytes." },
  batchRequestsEnabled: { default: true, doc: "Accept JSON-RPC batches (arrays of requests)." },
  batchRequestsLimit: { default: 20, doc: "Most requests in one JSON-RPC batch." },
  wsMaxPayloadBytes: { default: 100 * 1024 * 1024, doc: "Largest WebSocket message in bytes." },
  corsOrigin: { default: "*", doc: "Access-Control-Allow-Origin header value." },
  filterTimeoutMs: { default: 5 * 60_000, doc: "Filters not polled for this long are removed." },
  maxFilters: { default: 10_000, doc: "Most installed filters." },
  maxSubscriptionsPerConnection: { default: 1_000, doc: "Most eth_subscribe subscriptions per WebSocket connection." },
  headCacheMs: { default: 100, doc: "How long the latest block may be served from memory." },
  newBlockPollMs: { default: 0, doc: "Poll the database for new L2 blocks every N ms (0: rely on the in-process sequencer)." },
  rpcGasCap: { default: 30_000_000n, doc: "Gas cap of eth_call and eth_estimateGas." },
  clientVersion: { default: "prom-zknode/0.1.0", doc: "web3_clientVersion answer." },
  callCacheEntries: { default: 10_000, doc: "eth_call results cached per (block hash, call); 0 disables." },
  receiptCacheEntries: { default: 10_000, doc: "Receipts cached per transaction hash; 0 disables." },
  receiptCacheMs: { default: 2_000, doc: "How long a cached receipt may be served (bounds staleness after a trusted reorg)." },
} as const;

type Defaults<T> = { -readonly [K in keyof T]: T[K] extends { default: infer D } ? D : never };
export const defaultJsonRpcOptions: JsonRpcOptions = Object.fromEntries(
  Object.entries(jsonRpcOptions).map(([k, v]) => [k, v.default]),
) as Defaults<typeof jsonRpcOptions>;
