/** Tunables of the transaction pool (defaults of the zkevm-node pool where it has one). */
export interface PoolOptions {
  /** Largest signed tx accepted, in bytes (`MaxTxBytesSize`). */
  maxTxBytesSize: number;
  /** Largest tx data field, in bytes (`MaxTxDataBytesSize`). */
  maxTxDataBytesSize: number;
  /** How far ahead of the account nonce a tx may be: nonce ≤ state nonce + accountQueue − 1 (`AccountQueue`). */
  accountQueue: number;
  /** Most pending txs in the pool (`GlobalQueue`). */
  globalQueue: number;
  /** Lowest gas price accepted, in wei, until a gas pricer sets one (`DefaultMinGasPriceAllowed`). */
  minGasPrice: bigint;
  /** A tx replacing one with the same sender and nonce must pay at least this many percent more gas price. */
  priceBumpPercent: number;
  /** Gas limit of an L2 block: a tx asking for more can never be included. */
  blockGasLimit: bigint;
}

export const poolOptions = {
  maxTxBytesSize: { default: 100_132, doc: "Largest signed transaction accepted, in bytes." },
  maxTxDataBytesSize: { default: 100_000, doc: "Largest transaction data field accepted, in bytes." },
  accountQueue: { default: 64, doc: "How many nonces ahead of the account nonce a transaction may be." },
  globalQueue: { default: 1024, doc: "Most pending transactions the pool holds." },
  minGasPrice: { default: 1_000_000_000n, doc: "Lowest gas price accepted, in wei (1 gwei)." },
  priceBumpPercent: { default: 10, doc: "Gas price increase, in percent, a replacement transaction must pay." },
  blockGasLimit: { default: 1_125_899_906_842_624n, doc: "Gas limit of an L2 block (2^50, the batch gas constraint)." },
} as const;

export const defaultPoolOptions: PoolOptions = {
  maxTxBytesSize: poolOptions.maxTxBytesSize.default,
  maxTxDataBytesSize: poolOptions.maxTxDataBytesSize.default,
  accountQueue: poolOptions.accountQueue.default,
  globalQueue: poolOptions.globalQueue.default,
  minGasPrice: poolOptions.minGasPrice.default,
  priceBumpPercent: poolOptions.priceBumpPercent.default,
  blockGasLimit: poolOptions.blockGasLimit.default,
};
