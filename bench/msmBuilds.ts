/**
 * `npm run bench -- msm-builds [--a a.wasm] [--b b.wasm] [--group g1|g2] [--sizes 15] [--rounds 7]`: single-thread
 * MSM time of two prover WASM builds in one process, their calls alternating on the same points and scalars (the
 * results must be equal), median of `--rounds` each; `ours` is b, `peer` is a. Defaults: a is the vector build and
 * b the scalar-product build in prover-wasm/pkg, which shows in the MSM itself the choice the loader makes from a
 * chain of Fq products. To judge a change to the field or MSM code, build the crate to another target directory
 * (`cargo build --release --target wasm32-unknown-unknown [--features scalar-product] --target-dir DIR`) and pass
 * the kept build as --a and the changed one as --b, then once more the other way round: on a shared machine single
 * runs move by 10–20% within the hour, so only alternating calls in one process compare two builds.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadProverWasm, WASM_FILE, WASM_SCALAR_FILE, type ProverWasm } from "../prover-wasm/loader.js";
import { randomG2Points, randomPoints, randomScalars } from "./lib/curveInputs.js";
import { medianBy } from "./lib/median.js";
import { report } from "./report.js";

const pkgBuild = (file: string) => fileURLToPath(new URL(`../prover-wasm/pkg/${file}`, import.meta.url));

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { a: { type: "string" }, b: { type: "string" }, group: { type: "string" }, sizes: { type: "string" }, rounds: { type: "string" } },
  });
  const group = values.group ?? "g1";
  if (group !== "g1" && group !== "g2") throw new Error(`--group takes g1 or g2, got ${group}`);
  const rounds = Number(values.rounds ?? 7);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a positive integer, got ${values.rounds}`);
  const sizes = (values.sizes ?? "15").split(",").map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1 || v > 20) throw new Error(`--sizes takes log2 sizes 1..20, got ${s}`);
    return v;
  });
  const files = { a: values.a ?? pkgBuild(WASM_FILE), b: values.b ?? pkgBuild(WASM_SCALAR_FILE) };
  const a = await loadProverWasm(new Uint8Array(readFileSync(files.a)));
  const b = await loadProverWasm(new Uint8Array(readFileSync(files.b)));
  for (const log of sizes) {
    const n = 1 << log;
    const points = group === "g1" ? randomPoints(a, n) : randomG2Points(a, n);
    const scalars = randomScalars(n);
    const msm = (w: ProverWasm) => (group === "g1" ? w.msmG1(points, scalars) : w.msmG2(points, scalars));
    const timed = (w: ProverWasm): [number, Uint8Array] => {
      const t = performance.now();
      const r = msm(w);
      return [performance.now() - t, r];
    };
    // One untimed call each first: V8 runs a function's baseline code until its optimised code is ready.
    msm(a);
    msm(b);
    const runs = { a: [] as number[], b: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const [ta, ra] = timed(a);
      const [tb, rb] = timed(b);
      if (!ra.every((x, i) => x === rb[i])) throw new Error(`the two builds disagree on a ${group} MSM of 2^${log} points`);
      runs.a.push(ta);
      runs.b.push(tb);
    }
    const [peer, ours] = [medianBy(runs.a, (x) => x), medianBy(runs.b, (x) => x)];
    console.log(`${group} 2^${log}: b ${ours.toFixed(0)} ms, a ${peer.toFixed(0)} ms (medians of ${rounds}), a/b ${(peer / ours).toFixed(3)}`);
    report({
      bench: "msm-builds",
      case: `${group} 2^${log} single-thread`,
      ours: Math.round(ours),
      peer: Math.round(peer),
      unit: "ms",
      ratio: Number((peer / ours).toFixed(3)),
      oursRuns: runs.b.map(Math.round),
      peerRuns: runs.a.map(Math.round),
      oursBuild: files.b,
      peerBuild: files.a,
    });
  }
}
