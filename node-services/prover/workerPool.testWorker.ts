/** A worker for workerPool.test.ts: each task `{ tag, ms }` replies `{ tag, thread }` after `ms` milliseconds. */
import { parentPort, threadId } from "node:worker_threads";

parentPort!.on("message", (m: { id: number; task: { tag: string; ms: number } }) => {
  setTimeout(() => parentPort!.postMessage({ id: m.id, ok: true, result: { tag: m.task.tag, thread: threadId } }), m.task.ms);
});
