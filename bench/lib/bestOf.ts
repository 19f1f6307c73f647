/** The fastest of `runs` timed runs of `fn`, in ms: benchmarks of short kernels report their best run. */
export async function bestOf(runs: number, fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
