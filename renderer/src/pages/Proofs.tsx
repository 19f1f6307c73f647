/**
 * Proofs: the aggregator's proof jobs, live, with one progress bar per stage (witness, then the prover's stages),
 * backend, prover, timings, a throughput chart of finished jobs, and cancel / retry. Without an aggregator in the
 * node the page says so instead of showing an empty list.
 */
import { useState } from "react";
import { proofStages, type ProofJobsPage } from "../../../node-services/api/nodeApi.js";
import type { ProofJobState, ProofJobView } from "../../../node-services/api/proofJobs.js";
import { useApi } from "../api/context.js";
import { useQuery } from "../api/hooks.js";
import { Badge, type Tone } from "../components/Badge.js";
import { Hash } from "../components/Copy.js";
import { ago, formatMs } from "../components/format.js";
import { LineChart } from "../components/LineChart.js";
import { Pager } from "../components/Pager.js";
import { ProgressBar } from "../components/ProgressBar.js";
import { Async, Empty, ErrorBox } from "../components/states.js";
import { href } from "../route.js";

const PAGE = 20;
const stateTone: Record<ProofJobState, Tone> = { queued: "neutral", witness: "progress", proving: "progress", submitted: "info", verified: "ok", failed: "bad", cancelled: "warn" };
const states: ProofJobState[] = ["queued", "witness", "proving", "submitted", "verified", "failed", "cancelled"];
/** The bars drawn per job: the witness, then every prover stage but the final "done" marker. */
const bars = ["witness", ...proofStages.filter((s) => s !== "done")];

/** 0..1 per bar from the job's state, current stage and recorded stage times. */
export function stageProgress(job: ProofJobView): number[] {
  if (job.state === "submitted" || job.state === "verified") return bars.map(() => 1);
  const current = job.state === "witness" ? "witness" : job.state === "proving" ? job.stage : null;
  const at = current ? bars.indexOf(current) : -1;
  return bars.map((b, i) => {
    if (at >= 0) return i < at ? 1 : i === at ? job.progress : 0;
    return job.stageTimesMs[b] !== undefined ? 1 : 0;
  });
}

function JobRow({ job, onAction }: { job: ProofJobView; onAction(kind: "cancel" | "retry", id: number): void }) {
  const progress = stageProgress(job);
  const total = Object.values(job.stageTimesMs).reduce((a, b) => a + b, 0);
  const tone = job.state === "failed" || job.state === "cancelled" ? "bad" : job.state === "verified" || job.state === "submitted" ? "ok" : "progress";
  return (
    <tr data-job={job.id} data-state={job.state}>
      <td className="num">{job.id}</td>
      <td>
        <a href={href("batches", job.initBatch)}>{job.initBatch}</a>
        {job.finalBatch !== job.initBatch && (
          <>
            –<a href={href("batches", job.finalBatch)}>{job.finalBatch}</a>
          </>
        )}
      </td>
      <td>
        <Badge tone={stateTone[job.state]}>{job.state}</Badge>
        {job.stage && <div className="muted">{job.stage}</div>}
      </td>
      <td className="stages">
        {bars.map((b, i) => (
          <div key={b} className="stage-row">
            <span className="stage-name">{b}</span>
            <ProgressBar value={progress[i]!} label={`job ${job.id} ${b}`} tone={progress[i]! === 0 ? "idle" : tone} />
            <span className="stage-ms">{job.stageTimesMs[b] !== undefined ? formatMs(job.stageTimesMs[b]) : ""}</span>
          </div>
        ))}
      </td>
      <td>
        {job.backend ?? <span className="muted">—</span>}
        <div className="muted">{job.prover ?? ""}</div>
      </td>
      <td>
        {formatMs(total)}
        <div className="muted">updated {ago(job.updatedAt)}</div>
        <div className="muted">attempt {job.attempts}</div>
      </td>
      <td>
        {job.error && <div className="field-error">{job.error}</div>}
        {job.l1TxHash && <Hash value={job.l1TxHash} />}
        <div className="actions">
          {(job.state === "queued" || job.state === "witness" || job.state === "proving") && (
            <button type="button" onClick={() => onAction("cancel", job.id)}>
              Cancel
            </button>
          )}
          {(job.state === "failed" || job.state === "cancelled") && (
            <button type="button" onClick={() => onAction("retry", job.id)}>
              Retry
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function Throughput({ jobs }: { jobs: ProofJobView[] }) {
  const done = jobs.filter((j) => j.state === "verified" || j.state === "submitted").sort((a, b) => a.updatedAt - b.updatedAt);
  const points = done
    .map((j) => {
      const ms = bars.reduce((a, b) => a + (j.stageTimesMs[b] ?? 0), 0);
      return { x: j.id, y: ms > 0 ? ((j.finalBatch - j.initBatch + 1) / ms) * 60_000 : 0 };
    })
    .filter((p) => p.y > 0);
  if (points.length === 0) return <Empty title="No finished proofs on this page yet">The chart shows batches proved per minute of proving time, per job.</Empty>;
  return <LineChart title="Batches proved per minute of proving time, per job" series={[{ name: "batches/min", points }]} xLabel="job id" yLabel="batches per minute" formatX={(x) => String(Math.round(x))} />;
}

export function Proofs() {
  const api = useApi();
  const [state, setState] = useState<ProofJobState | "">("");
  const [offset, setOffset] = useState(0);
  const [actionError, setActionError] = useState<Error>();
  const q = useQuery<ProofJobsPage>((a) => a.proofJobs({ limit: PAGE, offset, ...(state ? { state } : {}) }), [state, offset], ["proofJobs"], 500);

  const onAction = (kind: "cancel" | "retry", id: number) => {
    setActionError(undefined);
    (kind === "cancel" ? api.cancelProofJob({ id }) : api.retryProofJob({ id })).then(q.reload, (e: Error) => setActionError(e));
  };

  return (
    <section aria-labelledby="h-proofs">
      <h1 id="h-proofs">Proofs</h1>
      <p className="muted">
        Each job proves a run of virtual batches (whole L1 sequences) at level <strong>P1 binding</strong>: the proof binds the old and new
        state roots to the data sequenced on L1. It is not a validity proof of execution.
      </p>
      {actionError && <ErrorBox error={actionError} />}
      <Async q={q} what="proof jobs">
        {(page) =>
          !page.available ? (
            <Empty title="No aggregator in this node">{page.reason}</Empty>
          ) : (
            <>
              <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter jobs">
                <label>
                  State
                  <select
                    value={state}
                    onChange={(e) => {
                      setState(e.target.value as ProofJobState | "");
                      setOffset(0);
                    }}
                  >
                    <option value="">all</option>
                    {states.map((s) => (
                      <option key={s}>{s}</option>
                    ))}
                  </select>
                </label>
              </form>
              {page.jobs.length === 0 ? (
                <Empty title={state ? `No ${state} jobs` : "No proof jobs yet"}>The aggregator starts a job when batches become virtual.</Empty>
              ) : (
                <>
                  <h2>Throughput</h2>
                  <Throughput jobs={page.jobs} />
                  <h2>Jobs</h2>
                  <table className="jobs" data-testid="job-table">
                    <thead>
                      <tr>
                        <th className="num">Job</th>
                        <th>Batches</th>
                        <th>State</th>
                        <th>Stages</th>
                        <th>Backend</th>
                        <th>Time</th>
                        <th>Result</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.jobs.map((j) => (
                        <JobRow key={j.id} job={j} onAction={onAction} />
                      ))}
                    </tbody>
                  </table>
                  <Pager offset={offset} limit={PAGE} total={page.total} onOffset={setOffset} />
                </>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}
