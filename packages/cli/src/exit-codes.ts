/** Exit codes of the `junction` command, as `--help` and the README list them. */
export const ExitCode = {
  /** Everything was exported (or `--help` / `--version`). */
  ok: 0,
  /** The export failed: an API error (HTTP status, connection, timeout, pagination loop) or writing the output. */
  failed: 1,
  /** A mistake in the command line or its inputs: unknown flag, missing provider, bad UUIDs, no API key... */
  usage: 2,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM; the checkpoint allows `--resume`. 128 + SIGINT, as shells do. */
  interrupted: 130,
} as const;

/** A mistake in what the user asked for: printed without a stack trace, exit code {@link ExitCode.usage}. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
