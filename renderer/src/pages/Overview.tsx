/** Overview: health, L1 and L2 heights, sync, roles, the batch pipeline at a glance, dev accounts. */
import { useState, type ReactNode } from "react";
import type { Overview as OverviewData } from "../../../node-services/api/nodeApi.js";
import { useQuery } from "../api/hooks.js";
import { Badge } from "../components/Badge.js";
import { CopyButton, Hash } from "../components/Copy.js";
import { ago, formatEth } from "../components/format.js";
import { Async, Empty } from "../components/states.js";
import { href } from "../route.js";

const healthTone = { ok: "ok", syncing: "warn", down: "bad" } as const;

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="stat" title={hint}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
    </div>
  );
}

function Pipeline({ o }: { o: OverviewData }) {
  const p = o.l2.pipeline;
  const steps = [
    { stage: "trusted", n: p.trusted, last: p.lastTrusted, doc: "closed on the sequencer, not on L1 yet" },
    { stage: "virtual", n: p.virtual, last: p.lastVirtual, doc: "data sequenced on L1" },
    { stage: "verified", n: p.verified, last: p.lastVerified, doc: "proof accepted on L1" },
  ] as const;
  return (
    <ol className="pipeline" aria-label="Batch pipeline">
      {steps.map((s) => (
        <li key={s.stage} className={`pipeline-step pipeline-${s.stage}`}>
          <a href={`${href("batches")}?stage=${s.stage}`}>
            <span className="pipeline-count" data-testid={`pipeline-${s.stage}`}>{s.n}</span>
            <span className="pipeline-name">{s.stage}</span>
            <span className="muted">{s.doc}</span>
            <span className="muted">last #{s.last ?? "—"}</span>
          </a>
        </li>
      ))}
    </ol>
  );
}

function Accounts({ o }: { o: OverviewData }) {
  const [shown, setShown] = useState(false);
  if (o.devAccounts.length === 0) return <Empty title="No dev accounts">This node is not a devnet.</Empty>;
  return (
    <>
      <p className="muted">
        Funded on L2 by the devnet genesis. Their keys are public (anvil's mnemonic): never use them on a real network.{" "}
        <button type="button" onClick={() => setShown((s) => !s)}>
          {shown ? "Hide keys" : "Show keys"}
        </button>
      </p>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Address</th>
            <th>Role on L1</th>
            <th className="num">L2 balance</th>
            {shown && <th>Private key</th>}
          </tr>
        </thead>
        <tbody>
          {o.devAccounts.map((a, i) => (
            <tr key={a.address}>
              <td>{i}</td>
              <td>
                <Hash value={a.address} keep={8} />
              </td>
              <td>{a.role ?? <span className="muted">—</span>}</td>
              <td className="num">{a.l2Balance === null ? <span className="muted">unknown</span> : formatEth(a.l2Balance)}</td>
              {shown && <td>{a.privateKey ? <CopyButton text={a.privateKey} label="Copy key" /> : "—"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Overview() {
  const q = useQuery((api) => api.overview(), [], ["blocks", "batches"]);
  return (
    <section aria-labelledby="h-overview">
      <h1 id="h-overview">Overview</h1>
      <Async q={q} what="the node's state">
        {(o) => (
          <>
            <div className="cards">
              <Stat
                label="Health"
                value={<Badge tone={healthTone[o.health.status]}>{o.health.status}</Badge>}
                hint={o.health.reasons.join("\n") || "Every part answers."}
              />
              <Stat label="L2 block" value={<span data-testid="l2-height">{o.l2.height ?? "—"}</span>} hint={`L2 chain id ${o.l2.chainId}`} />
              <Stat label="L1 block" value={o.l1.height ?? "—"} hint={o.l1.url ?? "no L1 connection"} />
              <Stat
                label="Sync"
                value={
                  <Badge tone={o.sync.state === "synced" ? "ok" : o.sync.state === "syncing" ? "warn" : "neutral"} title={o.sync.detail}>
                    <span data-testid="sync-state">{o.sync.state}</span>
                  </Badge>
                }
                hint={o.sync.detail}
              />
              <Stat label="Roles" value={o.roles.join(" · ") || "none"} />
              <Stat label="Up since" value={ago(o.startedAt)} hint={`version ${o.version}`} />
            </div>
            {o.health.reasons.length > 0 && (
              <ul className="reasons" role="alert">
                {o.health.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
            <h2>Batch pipeline</h2>
            <Pipeline o={o} />
            <h2>Chain</h2>
            <dl className="fields">
              <dt>L2 chain id</dt>
              <dd>{o.l2.chainId}</dd>
              <dt>L1 chain id</dt>
              <dd>{o.l1.chainId ?? "—"}</dd>
              <dt>L1 RPC</dt>
              <dd>{o.l1.url ? <code>{o.l1.url}</code> : "—"}</dd>
              <dt>PromZkEVM</dt>
              <dd>
                <Hash value={o.l1.rollupAddress} keep={10} />
              </dd>
              <dt>Sync</dt>
              <dd>
                {o.sync.detail}
                {o.sync.lastL1Block !== null && ` (last L1 block ${o.sync.lastL1Block})`}
              </dd>
            </dl>
            <h2>Dev accounts</h2>
            <Accounts o={o} />
          </>
        )}
      </Async>
    </section>
  );
}
