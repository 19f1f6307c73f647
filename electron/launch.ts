/**
 * `npm run app [-- devnet|run [prom-node options]]`: starts the desktop app from this checkout. Says what is missing
 * (the Electron binary, a build step) instead of starting half an app; passes Ctrl-C on so the app stops its node.
 */
import { spawn } from "node:child_process";
import { electronBinary, missingBuild, repoRoot } from "./electronBinary.js";

function main(): void {
  const electron = electronBinary();
  const missing = missingBuild();
  if (!electron.ok || missing.length > 0) {
    const lines = ["prom app: cannot start the desktop app here."];
    if (!electron.ok) lines.push(`  - ${electron.reason}.`);
    for (const m of missing) lines.push(`  - not built: ${m}`);
    lines.push("The same node and UI run without Electron: `npm start` (prom-node devnet) prints the web UI's URL.");
    console.error(lines.join("\n"));
    process.exit(1);
  }
  const child = spawn(electron.path, [repoRoot, ...process.argv.slice(2)], { stdio: "inherit" });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
