/**
 * Child processes of the rehearsal: each one is recorded until it exits, so that `stopAll()` (run in a
 * `finally` and on SIGINT/SIGTERM) leaves nothing running, whatever step failed.
 */
import { type ChildProcess, spawn } from "node:child_process";

const running = new Set<ChildProcess>();

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Fail when the command takes longer. Default 180000. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Starts a long-running process (a server); `stopAll()` ends it. */
export function start(command: string, args: string[], options: RunOptions): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** Runs a command to its end; resolves with its output and exit code (never rejects on a non-zero exit). */
export function exec(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const child = start(command, args, options);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timeoutMs = options.timeoutMs ?? 180_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`${command} ${args.join(" ")} took longer than ${timeoutMs / 1000} s\n${tail(stderr || stdout)}`),
      );
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** Like {@link exec}, but a non-zero exit is an error that shows the end of the command's output. */
export async function run(command: string, args: string[], options: RunOptions): Promise<string> {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${options.cwd}) exited with ${result.code}\n${tail(`${result.stdout}\n${result.stderr}`)}`,
    );
  }
  return result.stdout;
}

/** The last lines of a command's output, for an error message. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Ends every process started here that is still running: SIGTERM, then SIGKILL after 3 s. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
          child.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

/**
 * The environment for npm and pnpm commands: this process's, without the `npm_*` and `pnpm_*` variables
 * that `pnpm run` sets for its scripts (they would point the commands at this workspace's settings).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(name) && name !== "INIT_CWD") env[name] = value;
  }
  return { ...env, ...extra };
}
