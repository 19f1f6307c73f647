/** One result line per measurement, so scripts can read benchmarks: `BENCH {"bench":..., "ratio":...}`. */
export interface BenchResult {
  bench: string;
  case: string;
  ours: number;
  peer?: number;
  unit: string;
  /** ours/peer for throughputs, peer/ours for times: above 1 means we are faster. */
  ratio?: number;
  [extra: string]: unknown;
}

export function report(r: BenchResult): void {
  console.log(`BENCH ${JSON.stringify(r)}`);
}
