/** The page's bundle entry: exposes `runKernelChecks` for the test to call through Playwright's `evaluate`. */
import { runKernelChecks } from "./kernelChecks.js";

(globalThis as { runKernelChecks?: typeof runKernelChecks }).runKernelChecks = runKernelChecks;
