/** The middle element by `key` (the upper one of an even count): benchmarks report the median of repeated runs. */
export function medianBy<T>(xs: readonly T[], key: (x: T) => number): T {
  if (xs.length === 0) throw new Error("median of no runs");
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
}
