/** How batch stages and proof levels look everywhere: the same words and colours on every page. */
import type { BatchSummary } from "../../../node-services/api/nodeApi.js";
import { Badge, type Tone } from "./Badge.js";

const stageTone: Record<BatchSummary["stage"], Tone> = { trusted: "info", virtual: "progress", verified: "ok" };
const stageDoc: Record<BatchSummary["stage"], string> = {
  trusted: "Trusted: closed (or still open) on the trusted sequencer; not on L1 yet.",
  virtual: "Virtual: its data is sequenced on L1 (sequenceBatches); not proven yet.",
  verified: "Verified: a proof of it was accepted on L1 (verifyBatchesTrustedAggregator).",
};

export function StageBadge({ b }: { b: Pick<BatchSummary, "stage" | "open"> }) {
  return (
    <Badge tone={stageTone[b.stage]} title={stageDoc[b.stage]}>
      {b.stage}
      {b.open ? " (open)" : ""}
    </Badge>
  );
}

export function ProofLevelBadge({ level }: { level: BatchSummary["proofLevel"] }) {
  if (!level) return <span className="muted">—</span>;
  return (
    <Badge tone="ok" title="P1 binding: the proof binds the old/new state roots to the data sequenced on L1. It is not a validity proof of execution.">
      {level} binding
    </Badge>
  );
}
