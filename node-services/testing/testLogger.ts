/** The logger of tests: quiet by default; `PROM_TEST_LOG=info` (or debug) shows what a failing test's services did. */
import { Logger, type LogLevel } from "../log/logger.js";

export function testLogger(quietLevel: LogLevel): Logger {
  return new Logger({ level: (process.env.PROM_TEST_LOG as LogLevel | undefined) ?? quietLevel, format: "json" });
}
