/** The synchronizer's status as the NodeApi reports it (Overview's sync state and health). */
import type { SyncStatus } from "../../synchronizer/synchronizer.js";
import type { SyncStatusSource } from "./createNodeApi.js";

export function synchronizerStatus(sync: { status(): SyncStatus }): SyncStatusSource {
  return {
    async status() {
      const s = sync.status();
      const behind = Math.max(0, s.l1Head - s.l1Synced);
      return {
        synced: !s.syncing,
        lastL1Block: s.l1Synced,
        halted: s.halted,
        detail: s.syncing
            ? `Reading L1: ${behind} block(s) behind the L1 head ${s.l1Head}.`
            : `Every L1 event up to block ${s.l1Synced} is applied (L1 head ${s.l1Head}); last virtual batch ${s.lastVirtualBatch}, last verified ${s.lastVerifiedBatch}.`,
      };
    },
  };
}
