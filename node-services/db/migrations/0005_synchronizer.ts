import type { Migration } from "../migrate.js";

/**
 * What the synchronizer needs beyond 0001: a batch executed from L1 data (no trusted copy) hangs off the L1 block
 * that sequenced it, so an L1 reorg removes it with its L2 blocks, txs, receipts and logs (cascade) like every other
 * L1-derived row; a forced batch that L1 reorgs away no longer blocks that delete (the trusted batch keeps existing);
 * and every trusted-state reorg is recorded with its reason.
 */
export const synchronizerSchema: Migration = {
  id: 5,
  name: "synchronizer",
  sql: `
ALTER TABLE state.batch ADD COLUMN l1_block_num BIGINT REFERENCES state.l1_block (block_num) ON DELETE CASCADE;
CREATE INDEX batch_l1_block_idx ON state.batch (l1_block_num) WHERE l1_block_num IS NOT NULL;
CREATE INDEX batch_forced_idx ON state.batch (forced_batch_num) WHERE forced_batch_num IS NOT NULL;
ALTER TABLE state.batch DROP CONSTRAINT batch_forced_batch_num_fkey;
ALTER TABLE state.batch ADD CONSTRAINT batch_forced_batch_num_fkey
  FOREIGN KEY (forced_batch_num) REFERENCES state.forced_batch (forced_batch_num) ON DELETE SET NULL;

-- A trusted batch L1 sequenced differently: the trusted batches from batch_num on were discarded.
CREATE TABLE state.trusted_reorg (
  id          BIGSERIAL PRIMARY KEY,
  batch_num   BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
`,
};
