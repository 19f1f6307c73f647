import type { Migration } from "../migrate.js";

/**
 * State DB. L1-derived rows hang off `state.l1_block` with ON DELETE CASCADE, so an L1 reorg is
 * `DELETE FROM state.l1_block WHERE block_num > N`; trusted batches and L2 blocks stay.
 * Hashes, roots and addresses are BYTEA; wei amounts NUMERIC(78).
 */
export const stateSchema: Migration = {
  id: 1,
  name: "state",
  sql: `
CREATE SCHEMA IF NOT EXISTS state;

CREATE TABLE state.l1_block (
  block_num   BIGINT PRIMARY KEY,
  block_hash  BYTEA NOT NULL,
  parent_hash BYTEA NOT NULL,
  received_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE state.fork_id (
  fork_id        BIGINT PRIMARY KEY,
  from_batch_num BIGINT NOT NULL,
  to_batch_num   BIGINT NOT NULL,
  version        TEXT NOT NULL,
  block_num      BIGINT REFERENCES state.l1_block (block_num) ON DELETE CASCADE
);

-- L1 info tree leaves (exit roots) seen on L1, in index order.
CREATE TABLE state.exit_root (
  l1_info_tree_index BIGINT PRIMARY KEY,
  block_num          BIGINT NOT NULL REFERENCES state.l1_block (block_num) ON DELETE CASCADE,
  timestamp          TIMESTAMPTZ NOT NULL,
  mainnet_exit_root  BYTEA NOT NULL,
  rollup_exit_root   BYTEA NOT NULL,
  global_exit_root   BYTEA NOT NULL,
  prev_block_hash    BYTEA NOT NULL,
  l1_info_root       BYTEA NOT NULL
);
CREATE INDEX exit_root_ger_idx ON state.exit_root (global_exit_root);

CREATE TABLE state.forced_batch (
  forced_batch_num BIGINT PRIMARY KEY,
  global_exit_root BYTEA NOT NULL,
  timestamp        TIMESTAMPTZ NOT NULL,
  raw_txs_data     BYTEA NOT NULL,
  coinbase         BYTEA NOT NULL,
  block_hash_l1    BYTEA NOT NULL,
  block_num        BIGINT NOT NULL REFERENCES state.l1_block (block_num) ON DELETE CASCADE
);

-- A batch as the node knows it: trusted (from the sequencer) until L1 sequences and verifies it.
CREATE TABLE state.batch (
  batch_num        BIGINT PRIMARY KEY,
  acc_input_hash   BYTEA,
  l1_info_root     BYTEA,
  state_root       BYTEA,
  local_exit_root  BYTEA,
  timestamp        TIMESTAMPTZ NOT NULL,
  timestamp_limit  TIMESTAMPTZ,
  coinbase         BYTEA NOT NULL,
  raw_txs_data     BYTEA,
  forced_batch_num BIGINT REFERENCES state.forced_batch (forced_batch_num),
  closed           BOOLEAN NOT NULL DEFAULT false,
  closing_reason   TEXT,
  wip              BOOLEAN NOT NULL DEFAULT true,
  invalid          BOOLEAN NOT NULL DEFAULT false
);

-- One L1 sequenceBatches / sequenceForceBatches call.
CREATE TABLE state.sequence (
  from_batch_num BIGINT PRIMARY KEY,
  to_batch_num   BIGINT NOT NULL,
  acc_input_hash BYTEA NOT NULL,
  l1_info_root   BYTEA NOT NULL,
  l1_tx_hash     BYTEA NOT NULL,
  block_num      BIGINT NOT NULL REFERENCES state.l1_block (block_num) ON DELETE CASCADE
);

CREATE TABLE state.virtual_batch (
  batch_num          BIGINT PRIMARY KEY REFERENCES state.batch (batch_num) ON DELETE CASCADE,
  l1_tx_hash         BYTEA NOT NULL,
  coinbase           BYTEA NOT NULL,
  sequencer_addr     BYTEA NOT NULL,
  l1_info_root       BYTEA NOT NULL,
  timestamp_limit    TIMESTAMPTZ NOT NULL,
  block_num          BIGINT NOT NULL REFERENCES state.l1_block (block_num) ON DELETE CASCADE
);

CREATE TABLE state.verified_batch (
  batch_num   BIGINT PRIMARY KEY REFERENCES state.batch (batch_num) ON DELETE CASCADE,
  l1_tx_hash  BYTEA NOT NULL,
  aggregator  BYTEA NOT NULL,
  state_root  BYTEA NOT NULL,
  is_trusted  BOOLEAN NOT NULL,
  block_num   BIGINT NOT NULL REFERENCES state.l1_block (block_num) ON DELETE CASCADE
);

CREATE TABLE state.l2_block (
  block_num          BIGINT PRIMARY KEY,
  block_hash         BYTEA NOT NULL UNIQUE,
  parent_hash        BYTEA NOT NULL,
  state_root         BYTEA NOT NULL,
  block_info_root    BYTEA NOT NULL,
  batch_num          BIGINT NOT NULL REFERENCES state.batch (batch_num) ON DELETE CASCADE,
  timestamp          BIGINT NOT NULL,
  coinbase           BYTEA NOT NULL,
  gas_limit          NUMERIC(78) NOT NULL,
  gas_used           BIGINT NOT NULL,
  global_exit_root   BYTEA NOT NULL,
  l1_block_hash      BYTEA NOT NULL,
  l1_info_tree_index BIGINT NOT NULL,
  logs_bloom         BYTEA NOT NULL,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX l2_block_batch_idx ON state.l2_block (batch_num);

CREATE TABLE state.transaction (
  hash                 BYTEA PRIMARY KEY,
  l2_hash              BYTEA NOT NULL,
  l2_block_num         BIGINT NOT NULL REFERENCES state.l2_block (block_num) ON DELETE CASCADE,
  tx_index             INTEGER NOT NULL,
  encoded              BYTEA NOT NULL,
  from_address         BYTEA NOT NULL,
  to_address           BYTEA,
  nonce                BIGINT NOT NULL,
  value                NUMERIC(78) NOT NULL,
  gas_price            NUMERIC(78) NOT NULL,
  gas_limit            BIGINT NOT NULL,
  data                 BYTEA NOT NULL,
  effective_percentage SMALLINT NOT NULL,
  UNIQUE (l2_block_num, tx_index)
);
CREATE INDEX transaction_from_idx ON state.transaction (from_address, nonce);

CREATE TABLE state.receipt (
  tx_hash             BYTEA PRIMARY KEY REFERENCES state.transaction (hash) ON DELETE CASCADE,
  block_num           BIGINT NOT NULL,
  tx_index            INTEGER NOT NULL,
  status              SMALLINT NOT NULL,
  cumulative_gas_used BIGINT NOT NULL,
  gas_used            BIGINT NOT NULL,
  effective_gas_price NUMERIC(78) NOT NULL,
  contract_address    BYTEA,
  logs_bloom          BYTEA NOT NULL,
  post_state          BYTEA NOT NULL,
  revert_reason       TEXT
);

CREATE TABLE state.log (
  block_num  BIGINT NOT NULL REFERENCES state.l2_block (block_num) ON DELETE CASCADE,
  log_index  INTEGER NOT NULL,
  tx_hash    BYTEA NOT NULL REFERENCES state.transaction (hash) ON DELETE CASCADE,
  tx_index   INTEGER NOT NULL,
  address    BYTEA NOT NULL,
  data       BYTEA NOT NULL,
  topic0     BYTEA,
  topic1     BYTEA,
  topic2     BYTEA,
  topic3     BYTEA,
  PRIMARY KEY (block_num, log_index)
);
CREATE INDEX log_address_idx ON state.log (address, block_num);
CREATE INDEX log_topic0_idx ON state.log (topic0, block_num);

-- Goldilocks-Poseidon SMT: node hash -> 12 (branch/leaf) or 8 (value) field elements, big-endian u64 each.
CREATE TABLE state.merkletree_node (
  hash BYTEA PRIMARY KEY,
  data BYTEA NOT NULL
);
-- Contract bytecode by its linear-Poseidon hash.
CREATE TABLE state.program (
  hash BYTEA PRIMARY KEY,
  code BYTEA NOT NULL
);

CREATE TABLE state.proof (
  batch_num        BIGINT NOT NULL,
  batch_num_final  BIGINT NOT NULL,
  level            TEXT NOT NULL,
  proof            JSONB,
  public_signals   JSONB,
  input_snark      NUMERIC(78),
  prover           TEXT,
  status           TEXT NOT NULL,
  error            TEXT,
  generating_since TIMESTAMPTZ,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (batch_num, batch_num_final)
);

-- L1 transactions owned by the tx manager; kept until mined with enough confirmations so restarts continue them.
CREATE TABLE state.l1_tx (
  id           TEXT PRIMARY KEY,
  owner        TEXT NOT NULL,
  from_address BYTEA NOT NULL,
  to_address   BYTEA,
  nonce        BIGINT,
  value        NUMERIC(78) NOT NULL DEFAULT 0,
  data         BYTEA NOT NULL,
  gas          BIGINT,
  max_fee      NUMERIC(78),
  priority_fee NUMERIC(78),
  status       TEXT NOT NULL,
  sent_hashes  JSONB NOT NULL DEFAULT '[]',
  mined_hash   BYTEA,
  block_num    BIGINT,
  error        TEXT,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX l1_tx_status_idx ON state.l1_tx (status);

CREATE TABLE state.sync_info (
  id                  INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  last_l1_block_synced BIGINT NOT NULL DEFAULT 0,
  last_batch_sequenced BIGINT NOT NULL DEFAULT 0,
  last_batch_verified  BIGINT NOT NULL DEFAULT 0,
  genesis_root         BYTEA
);
INSERT INTO state.sync_info (id) VALUES (1);
`,
};
