/** Tunables of the state repository (wired to config by the config layer). */
export interface StateOptions {
  /** Largest `toBlock - fromBlock` an `eth_getLogs` query may span (zkevm-node `MaxLogsBlockRange`). */
  maxLogsBlockRange: number;
  /** Most logs one query may return before it is refused (zkevm-node `MaxLogsCount`). */
  maxLogsCount: number;
}

export const stateOptions = {
  maxLogsBlockRange: { default: 10_000, doc: "Largest block range one eth_getLogs query may span." },
  maxLogsCount: { default: 10_000, doc: "Most logs one eth_getLogs query may return; larger results are refused." },
} as const;

export const defaultStateOptions: StateOptions = {
  maxLogsBlockRange: stateOptions.maxLogsBlockRange.default,
  maxLogsCount: stateOptions.maxLogsCount.default,
};
