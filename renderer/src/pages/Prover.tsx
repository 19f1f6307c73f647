/** Prover: the backends this node can prove with (WASM workers, WebGPU adapter) and an MSM benchmark run from here. */
import { useState } from "react";
import { type BenchmarkResult, type ProverBackendName } from "../../../node-services/api/nodeApi.js";
import { useApi } from "../api/context.js";
import { useQuery } from "../api/hooks.js";
import { Badge } from "../components/Badge.js";
import { formatMs } from "../components/format.js";
import { LineChart } from "../components/LineChart.js";
import { Async, Empty, ErrorBox } from "../components/states.js";

const sizes = [8, 10, 12, 14, 16];

export function Prover() {
  const api = useApi();
  const q = useQuery((a) => a.proverInfo(), []);
  const [backend, setBackend] = useState<ProverBackendName>("wasm");
  const [chosen, setChosen] = useState<number[]>([8, 10, 12]);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<BenchmarkResult[]>([]);
  const [error, setError] = useState<Error>();

  const run = () => {
    setRunning(true);
    setError(undefined);
    api
      .runBenchmark({ backend, log2Sizes: [...chosen].sort((a, b) => a - b) })
      .then(
        (r) => setResults((prev) => [...prev.filter((p) => p.backend !== r.backend), r]),
        (e: Error) => setError(e),
      )
      .finally(() => setRunning(false));
  };

  return (
    <section aria-labelledby="h-prover">
      <h1 id="h-prover">Prover</h1>
      <Async q={q} what="prover backends">
        {(info) =>
          info.backends.length === 0 ? (
            <Empty title="No prover in this node">This node runs no local prover; its aggregator (if any) uses remote provers.</Empty>
          ) : (
            <>
              <p className="muted">
                {info.cpus} CPU threads · GPU adapter: {info.adapter ?? "none"}
              </p>
              <table>
                <thead>
                  <tr>
                    <th>Backend</th>
                    <th>Available</th>
                    <th>Threads</th>
                    <th>Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {info.backends.map((b) => (
                    <tr key={b.name} data-backend={b.name}>
                      <td>{b.name}</td>
                      <td>
                        <Badge tone={b.available ? "ok" : "neutral"}>{b.available ? "yes" : "no"}</Badge>
                      </td>
                      <td>{b.threads ?? "—"}</td>
                      <td>{b.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>Benchmark</h2>
              <p className="muted">Times one BN254 G1 multi-scalar multiplication (the prover's dominant kernel) per size on the chosen backend.</p>
              <form
                className="filters"
                onSubmit={(e) => {
                  e.preventDefault();
                  run();
                }}
                aria-label="Benchmark"
              >
                <label>
                  Backend
                  <select value={backend} onChange={(e) => setBackend(e.target.value as ProverBackendName)}>
                    {info.backends.map((b) => (
                      <option key={b.name} value={b.name} disabled={!b.available}>
                        {b.name}
                      </option>
                    ))}
                  </select>
                </label>
                <fieldset>
                  <legend>Sizes (points)</legend>
                  {sizes.map((s) => (
                    <label key={s} className="check">
                      <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s] : c.filter((x) => x !== s)))} />
                      2^{s}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" disabled={running || chosen.length === 0} aria-busy={running}>
                  {running ? "Running…" : "Run benchmark"}
                </button>
              </form>
              {error && <ErrorBox error={error} />}
              {results.length > 0 && (
                <>
                  <LineChart
                    title="MSM time per size and backend"
                    series={results.map((r) => ({ name: r.backend, points: r.points.map((p) => ({ x: p.log2Size, y: p.ms })) }))}
                    xLabel="points (log2)"
                    yLabel="ms"
                    formatX={(x) => `2^${x}`}
                  />
                  <table data-testid="bench-table">
                    <thead>
                      <tr>
                        <th>Backend</th>
                        <th className="num">Points</th>
                        <th className="num">Time</th>
                        <th className="num">Points/s</th>
                      </tr>
                    </thead>
                    <tbody>
                      {results.flatMap((r) =>
                        r.points.map((p) => (
                          <tr key={`${r.backend}${p.log2Size}`}>
                            <td>{r.backend}</td>
                            <td className="num">2^{p.log2Size}</td>
                            <td className="num">{formatMs(p.ms)}</td>
                            <td className="num">{Math.round(p.pointsPerSec).toLocaleString()}</td>
                          </tr>
                        )),
                      )}
                    </tbody>
                  </table>
                </>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}
