import { secretFields } from "@junction/openapi-types";

/** Log levels from most to least verbose; `"off"` logs nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-like: `console`, or an adapter to pino, winston... Each call gets a message and a details object. */
export interface JunctionLogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const levels = { debug: 0, info: 1, warn: 2, error: 3, off: 4 } as const;
/** The values of `logLevel`, most verbose first. */
export const logLevels = Object.keys(levels) as LogLevel[];
const MASK = "[redacted]";
const secretKeys = new Set<string>(secretFields);

/**
 * A copy of `value` with every property named in the spec's `secretFields` masked, at any depth,
 * and every occurrence of the given secrets (the API key) replaced, in strings too. JSON bodies are
 * parsed before they are masked (see {@link bodyForLog}); other text is masked for the secrets only.
 */
export function maskSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === "string") {
    let text = value;
    for (const secret of secrets) text = text.split(secret).join(MASK);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, secrets));
  if (value && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = secretKeys.has(key) && item != null ? MASK : maskSecrets(item, secrets);
    }
    return copy;
  }
  return value;
}

/** The client's logger: level-gated, and everything passes through {@link maskSecrets}. */
export interface Log {
  /** Whether bodies are logged (level `debug`). */
  readonly bodies: boolean;
  debug(message: string, details?: object): void;
  info(message: string, details?: object): void;
  warn(message: string, details?: object): void;
  error(message: string, details?: object): void;
}

/** `undefined` when logging is off, so the request path pays a single check. `level` is checked by the caller. */
export function createLog(logger: JunctionLogger | undefined, level: LogLevel, secret: string): Log | undefined {
  const min = levels[level];
  if (min === levels.off) return undefined;
  const sink = logger ?? console;
  const secrets = [secret];
  const emit = (name: keyof JunctionLogger) =>
    levels[name] < min
      ? () => {}
      : (message: string, details?: object) => {
          const text = maskSecrets(`[junction] ${message}`, secrets) as string;
          if (details) sink[name](text, maskSecrets(details, secrets));
          else sink[name](text);
        };
  return {
    bodies: min === levels.debug,
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
  };
}

/** A body as logged at debug level: parsed when it is JSON, masked either way. */
export function bodyForLog(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
