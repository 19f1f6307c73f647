/**
 * Batches: the pipeline trusted → virtual → verified as a live table, filtered by stage and number range, paged newest
 * first. Rows open the batch page with Enter or a click; ↑/↓ move between rows.
 */
import { useState, type KeyboardEvent } from "react";
import type { BatchQuery, BatchStage } from "../../../node-services/api/nodeApi.js";
import { useQuery } from "../api/hooks.js";
import { Hash } from "../components/Copy.js";
import { formatTime } from "../components/format.js";
import { Pager } from "../components/Pager.js";
import { ProofLevelBadge, StageBadge } from "../components/stages.js";
import { Async, Empty } from "../components/states.js";
import { href, navigate } from "../route.js";

const PAGE = 20;
const stages: BatchStage[] = ["trusted", "virtual", "verified"];

/** ↑/↓ between focusable rows of the same table. */
export function rowKeys(e: KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (e.key === "Enter") open();
  else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    const next = (e.key === "ArrowDown" ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling) as HTMLElement | null;
    next?.focus();
  }
}

function parseNum(s: string): number | undefined {
  return s.trim() === "" || !/^\d+$/.test(s.trim()) ? undefined : Number(s);
}

export function Batches({ stage: initialStage }: { stage: string | null }) {
  const [stage, setStage] = useState<BatchStage | "">(stages.includes(initialStage as BatchStage) ? (initialStage as BatchStage) : "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [offset, setOffset] = useState(0);
  const rangeError =
    (from !== "" && parseNum(from) === undefined) || (to !== "" && parseNum(to) === undefined)
      ? "Batch numbers are whole numbers."
      : parseNum(from) !== undefined && parseNum(to) !== undefined && parseNum(from)! > parseNum(to)!
        ? "“From” is above “to”."
        : null;
  const query: BatchQuery = { limit: PAGE, offset };
  if (stage) query.stage = stage;
  if (!rangeError && parseNum(from) !== undefined) query.from = parseNum(from)!;
  if (!rangeError && parseNum(to) !== undefined) query.to = parseNum(to)!;
  const q = useQuery((api) => api.batches(query), [JSON.stringify(query)], ["batches"]);
  const filtered = Boolean(stage || from || to);

  return (
    <section aria-labelledby="h-batches">
      <h1 id="h-batches">Batches</h1>
      <p className="muted">
        A batch is <strong>trusted</strong> once the sequencer closes it, <strong>virtual</strong> once its data is sequenced on L1, and{" "}
        <strong>verified</strong> once a proof of it is accepted on L1. The table updates live.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter batches">
        <label>
          Stage
          <select
            value={stage}
            onChange={(e) => {
              setStage(e.target.value as BatchStage | "");
              setOffset(0);
            }}
          >
            <option value="">all</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          From #
          <input inputMode="numeric" value={from} onChange={(e) => [setFrom(e.target.value), setOffset(0)]} aria-invalid={rangeError !== null} size={8} />
        </label>
        <label>
          To #
          <input inputMode="numeric" value={to} onChange={(e) => [setTo(e.target.value), setOffset(0)]} aria-invalid={rangeError !== null} size={8} />
        </label>
        {rangeError && (
          <span className="field-error" role="alert">
            {rangeError}
          </span>
        )}
      </form>
      <Async q={q} what="batches">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title={filtered ? "No batch matches these filters" : "No batches yet"}>
              {filtered ? "Clear a filter to see more." : "Send a transaction to the L2 RPC: the sequencer opens a batch for it."}
            </Empty>
          ) : (
            <>
              <table className="rows" data-testid="batch-table">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>Stage</th>
                    <th>Time</th>
                    <th className="num">Blocks</th>
                    <th className="num">Txs</th>
                    <th>State root</th>
                    <th>Sequenced on L1</th>
                    <th>Verified on L1</th>
                    <th>Proof</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((b) => (
                    <tr key={b.number} tabIndex={0} data-stage={b.stage} data-batch={b.number} onClick={() => navigate("batches", b.number)} onKeyDown={(e) => rowKeys(e, () => navigate("batches", b.number))}>
                      <td className="num">
                        <a href={href("batches", b.number)} tabIndex={-1}>
                          {b.number}
                        </a>
                      </td>
                      <td>
                        <StageBadge b={b} />
                      </td>
                      <td>{b.number === 0 ? <span className="muted">genesis</span> : formatTime(b.timestamp)}</td>
                      <td className="num">{b.blockCount}</td>
                      <td className="num">{b.txCount}</td>
                      <td>
                        <Hash value={b.stateRoot} />
                      </td>
                      <td>
                        <Hash value={b.sequenceTxHash} />
                      </td>
                      <td>
                        <Hash value={b.verifyTxHash} />
                      </td>
                      <td>
                        <ProofLevelBadge level={b.proofLevel} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager offset={offset} limit={PAGE} total={page.total} onOffset={setOffset} />
            </>
          )
        }
      </Async>
    </section>
  );
}
