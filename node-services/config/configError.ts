/** A configuration the node cannot start with; the message names the setting, where it came from and what is allowed. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
