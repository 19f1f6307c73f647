/** Every migration, in order. Add a file and list it here; never edit one that has shipped. */
import type { Migration } from "../migrate.js";
import { stateSchema } from "./0001_state.js";
import { poolSchema } from "./0002_pool.js";

export const migrations: readonly Migration[] = [stateSchema, poolSchema];
