/** `PROM_BENCH_CPU_PROFILE=<file>`: a V8 CPU profile of a benchmark's timed part only (setup left out). */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

/** Starts the V8 profiler when a file is given; the returned function stops it and writes the profile. */
export async function startProfile(file: string | undefined): Promise<(() => Promise<void>) | undefined> {
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
