import type { Migration } from "../migrate.js";

/** Optional header roots of an L2 block (Ethereum-style tx and receipt tries), served in block JSON when known. */
export const l2BlockRoots: Migration = {
  id: 3,
  name: "l2_block_roots",
  sql: `
ALTER TABLE state.l2_block ADD COLUMN transactions_root BYTEA;
ALTER TABLE state.l2_block ADD COLUMN receipts_root BYTEA;
CREATE INDEX log_tx_hash_idx ON state.log (tx_hash);
CREATE INDEX receipt_block_idx ON state.receipt (block_num, tx_index);
`,
};
