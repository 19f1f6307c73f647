/** Starting a worker thread from a module file, in built code and under tsx alike. */
import { Worker } from "node:worker_threads";

/**
 * A worker running `url`: a `.ts` module (tests, tsx runs) registers tsx's loader first; built code runs the `.js` file
 * directly.
 */
export function startModuleWorker(url: URL, workerData?: unknown): Worker {
  return url.pathname.endsWith(".ts")
    ? new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, {
        eval: true,
        workerData,
      })
    : new Worker(url, { workerData });
}

/** `./<name>.ts` beside the calling module under tsx, `./<name>.js` in built code. */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith(".ts") ? ".ts" : ".js"}`, callerUrl);
}
