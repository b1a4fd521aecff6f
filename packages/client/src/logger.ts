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
 * `text` with every occurrence of each secret replaced by `[redacted]`, ignoring case (header names
 * arrive lower-cased). A secret of 8 characters or more is masked wherever it appears, even inside a
 * longer word; a shorter one only where it stands alone, not next to a letter, digit, `_` or `-`, so
 * that a key such as `"k"` does not garble `/v2/link/bulk_export`.
 */
export function maskText(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = secret.length < 8 ? `(^|[^\\w-])${escaped}(?![\\w-])` : `()${escaped}`;
    if (secret) text = text.replace(new RegExp(pattern, "gi"), `$1${MASK}`);
  }
  return text;
}

/**
 * A copy of `value` with every property named in the spec's `secretFields` masked, at any depth,
 * and every occurrence of the given secrets (the API key) replaced, in strings and in property
 * names, by the rule of {@link maskText}. JSON bodies are parsed before they are masked (see
 * {@link bodyForLog}); other text is masked for the secrets only.
 */
export function maskSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, secrets));
  if (value && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[maskText(key, secrets)] = secretKeys.has(key) && item != null ? MASK : maskSecrets(item, secrets);
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
