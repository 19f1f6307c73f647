/** Every migration, in order. Add a file and list it here; never edit one that has shipped. */
import type { Migration } from "../migrate.js";
import { stateSchema } from "./0001_state.js";
import { poolSchema } from "./0002_pool.js";
import { l2BlockRoots } from "./0003_l2_block_roots.js";
import { dropPoolStatusIndex } from "./0004_drop_pool_status_index.js";
import { synchronizerSchema } from "./0005_synchronizer.js";
import { proofJobsSchema } from "./0007_proof_jobs.js";

export const migrations: readonly Migration[] = [stateSchema, poolSchema, l2BlockRoots, dropPoolStatusIndex, synchronizerSchema, proofJobsSchema];
