/**
 * Pool rejections with the messages users know from the Polygon zkEVM node (pool/errors.go). `rpcCode` is the
 * JSON-RPC error code the server answers with: -32602 for undecodable input, -32000 for every rule.
 */
export type PoolErrorCode =
  | "INVALID_TX_INPUT"
  | "INVALID_IP"
  | "INVALID_SENDER"
  | "INVALID_CHAIN_ID"
  | "TX_TYPE_NOT_SUPPORTED"
  | "OVERSIZED_DATA"
  | "BLOCKED_SENDER"
  | "NONCE_TOO_LOW"
  | "NONCE_TOO_HIGH"
  | "TXPOOL_FULL"
  | "GAS_PRICE_TOO_LOW"
  | "INSUFFICIENT_FUNDS"
  | "INTRINSIC_GAS_TOO_LOW"
  | "ALREADY_KNOWN"
  | "REPLACEMENT_UNDERPRICED"
  | "DATA_TOO_BIG"
  | "GAS_LIMIT_EXCEEDED"
  | "NO_STATE"
  | "TX_NOT_FOUND";

export const poolMessages = {
  INVALID_TX_INPUT: "invalid tx input",
  INVALID_IP: "invalid IP address",
  INVALID_SENDER: "invalid sender",
  INVALID_CHAIN_ID: "invalid chain id",
  TX_TYPE_NOT_SUPPORTED: "transaction type not supported",
  OVERSIZED_DATA: "oversized data",
  BLOCKED_SENDER: "blocked sender",
  NONCE_TOO_LOW: "nonce too low",
  NONCE_TOO_HIGH: "nonce too high",
  TXPOOL_FULL: "txpool is full",
  GAS_PRICE_TOO_LOW: "gas price too low",
  INSUFFICIENT_FUNDS: "insufficient funds for gas * price + value",
  INTRINSIC_GAS_TOO_LOW: "intrinsic gas too low",
  ALREADY_KNOWN: "already known",
  REPLACEMENT_UNDERPRICED: "replacement transaction underpriced",
  GAS_LIMIT_EXCEEDED: "exceeds block gas limit",
  NO_STATE: "the node has no L2 state yet (genesis not stored)",
} as const;

export class PoolError extends Error {
  readonly rpcCode: number;
  constructor(
    readonly code: PoolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PoolError";
    this.rpcCode = code === "INVALID_TX_INPUT" ? -32602 : -32000;
  }

  static of(code: keyof typeof poolMessages): PoolError {
    return new PoolError(code, poolMessages[code]);
  }
}
