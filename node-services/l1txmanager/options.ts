/** Tunables of the L1 tx manager; the config layer maps them to TOML `[l1TxManager]`, `PROM_L1_TX_MANAGER_*` and flags. */
import { defineSection, type SectionValues } from "../config/option.js";

export const l1TxManagerSection = defineSection("l1TxManager", "L1 transaction manager: nonces, fees, resubmission, confirmations", {
  pollIntervalMs: { type: "number", default: 1000, min: 50, doc: "How often pending L1 txs are checked, in milliseconds." },
  confirmations: { type: "number", default: 1, min: 1, doc: "Blocks on top of (and including) the one holding a tx before it counts as confirmed." },
  resubmitAfterMs: { type: "number", default: 60_000, min: 100, doc: "A tx not mined after this long is re-signed with higher fees and sent again." },
  feeBumpPercent: { type: "number", default: 20, min: 10, max: 500, doc: "Fee increase per resubmission, in percent (nodes require at least 10)." },
  maxFeePerGasGwei: { type: "number", default: 0, min: 0, doc: "Never offer more than this per gas, in gwei; 0 = no cap." },
  gasLimitMarginPercent: { type: "number", default: 20, min: 0, max: 500, doc: "Margin added to eth_estimateGas, in percent." },
  feeMode: { type: "string", default: "auto", choices: ["auto", "eip1559", "legacy"], doc: "EIP-1559 fees, legacy gas price, or auto (EIP-1559 when the L1 has a base fee)." },
});

export type L1TxManagerOptions = SectionValues<(typeof l1TxManagerSection)["options"]>;

export const defaultL1TxManagerOptions: L1TxManagerOptions = Object.fromEntries(
  Object.entries(l1TxManagerSection.options).map(([k, v]) => [k, v.default]),
) as L1TxManagerOptions;
