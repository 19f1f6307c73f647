/** One batch: where it is in the pipeline, its roots and L1 transactions, what its proof attests, its L2 blocks and txs. */
import type { BatchDetail } from "../../../node-services/api/nodeApi.js";
import { useQuery } from "../api/hooks.js";
import { Hash } from "../components/Copy.js";
import { formatEth, formatTime } from "../components/format.js";
import { ProofLevelBadge, StageBadge } from "../components/stages.js";
import { Async, Empty } from "../components/states.js";
import { href } from "../route.js";

function Timeline({ b }: { b: BatchDetail }) {
  const reached = { trusted: true, virtual: b.stage !== "trusted", verified: b.stage === "verified" };
  const steps = [
    { stage: "trusted", text: b.open ? "open on the sequencer" : "closed by the sequencer" },
    { stage: "virtual", text: b.sequenceTxHash ? "sequenced on L1" : "waiting for sequenceBatches" },
    { stage: "verified", text: b.verifyTxHash ? "proof accepted on L1" : "waiting for a proof" },
  ] as const;
  return (
    <ol className="timeline" aria-label="Pipeline of this batch">
      {steps.map((s) => (
        <li key={s.stage} className={reached[s.stage] ? "done" : "todo"} aria-current={b.stage === s.stage ? "step" : undefined}>
          <span className="dot" aria-hidden="true">{reached[s.stage] ? "✓" : "○"}</span>
          <strong>{s.stage}</strong> <span className="muted">{s.text}</span>
        </li>
      ))}
    </ol>
  );
}

function Proof({ b }: { b: BatchDetail }) {
  if (b.number === 0) return <Empty title="Genesis batch">L1 starts from its state root (the rollup contract is deployed with it), so it needs no proof.</Empty>;
  if (!b.proof) {
    return (
      <Empty title="No proof yet">
        {b.stage === "virtual" ? "The batch is on L1 and waits for an aggregator's proof." : "A batch gets a proof after it is sequenced on L1."}
      </Empty>
    );
  }
  return (
    <div className="attestation" data-testid="attestation">
      <p>
        Level <ProofLevelBadge level={b.proof.level} /> {b.proof.ours ? "— proved by this node's aggregator." : ""}
      </p>
      <p>
        <strong>Attests:</strong> {b.proof.attests}
      </p>
      <p>
        <strong>Does not attest:</strong> {b.proof.doesNotAttest}
      </p>
      <dl className="fields">
        <dt>Verify tx (L1)</dt>
        <dd>
          <Hash value={b.proof.l1TxHash} keep={10} />
        </dd>
        <dt>Aggregator</dt>
        <dd>
          <Hash value={b.proof.aggregator} keep={10} />
        </dd>
      </dl>
    </div>
  );
}

export function BatchPage({ number }: { number: number }) {
  const valid = Number.isSafeInteger(number) && number >= 0;
  const q = useQuery((api) => (valid ? api.batch({ number }) : Promise.resolve(null)), [number], ["batches"]);
  return (
    <section aria-labelledby="h-batch">
      <p>
        <a href={href("batches")}>← All batches</a>
      </p>
      <h1 id="h-batch">Batch {valid ? number : "?"}</h1>
      <Async q={q} what={`batch ${number}`}>
        {(b) =>
          !b ? (
            <Empty title={`No batch ${valid ? number : ""}`}>This node has no such batch (yet).</Empty>
          ) : (
            <>
              <p>
                <StageBadge b={b} /> <ProofLevelBadge level={b.proofLevel} />
              </p>
              <Timeline b={b} />
              <h2>Batch</h2>
              <dl className="fields">
                <dt>Time</dt>
                <dd>{formatTime(b.timestamp)}</dd>
                <dt>Coinbase</dt>
                <dd>
                  <Hash value={b.coinbase} keep={10} />
                </dd>
                <dt>State root</dt>
                <dd>
                  <Hash value={b.stateRoot} keep={14} />
                </dd>
                <dt>Local exit root</dt>
                <dd>
                  <Hash value={b.localExitRoot} keep={14} />
                </dd>
                <dt>accInputHash</dt>
                <dd>
                  {b.accInputHash ? <Hash value={b.accInputHash} keep={14} /> : <span className="muted">known once sequenced</span>}
                </dd>
                <dt>L1 info root</dt>
                <dd>
                  <Hash value={b.l1InfoRoot} keep={14} />
                </dd>
                <dt>Global exit root</dt>
                <dd>
                  <Hash value={b.globalExitRoot} keep={14} />
                </dd>
                <dt>Sequence tx (L1)</dt>
                <dd>
                  <Hash value={b.sequenceTxHash} keep={14} />
                </dd>
                <dt>batchL2Data</dt>
                <dd>{b.batchL2DataBytes === null ? <span className="muted">not closed yet</span> : `${b.batchL2DataBytes} bytes`}</dd>
                <dt>Closed because</dt>
                <dd>{b.closingReason ?? <span className="muted">—</span>}</dd>
                {b.forcedBatchNum !== null && (
                  <>
                    <dt>Forced batch</dt>
                    <dd>{b.forcedBatchNum}</dd>
                  </>
                )}
              </dl>
              <h2>Proof</h2>
              <Proof b={b} />
              <h2>L2 blocks ({b.blocks.length})</h2>
              {b.blocks.length === 0 ? (
                <Empty title="No L2 blocks in this batch yet" />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th className="num">Block</th>
                      <th>Hash</th>
                      <th>Time</th>
                      <th className="num">Txs</th>
                      <th className="num">Gas used</th>
                      <th>State root</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.blocks.map((k) => (
                      <tr key={k.number}>
                        <td className="num">{k.number}</td>
                        <td>
                          <Hash value={k.hash} />
                        </td>
                        <td>{formatTime(k.timestamp)}</td>
                        <td className="num">{k.txCount}</td>
                        <td className="num">{k.gasUsed.toLocaleString()}</td>
                        <td>
                          <Hash value={k.stateRoot} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h2>Transactions ({b.txs.length})</h2>
              {b.txs.length === 0 ? (
                <Empty title="No transactions in this batch" />
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>Hash</th>
                      <th className="num">Block</th>
                      <th>From</th>
                      <th>To</th>
                      <th className="num">Value</th>
                      <th className="num">Nonce</th>
                      <th>Status</th>
                      <th className="num">Gas used</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.txs.map((t) => (
                      <tr key={t.hash}>
                        <td>
                          <Hash value={t.hash} />
                        </td>
                        <td className="num">{t.blockNumber}</td>
                        <td>
                          <Hash value={t.from} />
                        </td>
                        <td>{t.to ? <Hash value={t.to} /> : <span className="muted">contract creation</span>}</td>
                        <td className="num">{formatEth(t.value)}</td>
                        <td className="num">{t.nonce}</td>
                        <td>{t.status === 1 ? "success" : t.status === 0 ? "reverted" : "—"}</td>
                        <td className="num">{t.gasUsed?.toLocaleString() ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}
