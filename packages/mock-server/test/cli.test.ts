import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectedConnections, expectedUsers, freePort } from "../src/index.js";
import { exportPage, getJson } from "./helpers.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const stepsPath = "/v2/timeseries/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9/steps/grouped";

function startCli(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(join(packageDir, "node_modules/.bin/tsx"), ["src/cli.ts", ...args], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, "exit");
  return code;
}

describe("cli", () => {
  it("starts the mock with the given options, prints its URL, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const cli = startCli(
      "--connections 500 --page-size 20 --seed 4 --port PORT --no-validate --no-fallback --fail-first 1 --fault-kinds 503 --users 30 --users-page-size 7 --orders 9 --orders-page-size 4 --orders-max-page-size 5 --steps-page-size 3"
        .replace("PORT", String(port))
        .split(" "),
    );
    try {
      // The URL goes to stdout, then the ready line to stderr: two pipes, so wait for both.
      for (let waited = 0; !(cli.stdout().includes("\n") && cli.stderr().includes("\n")); waited += 50) {
        if (waited > 20_000 || cli.child.exitCode !== null) throw new Error(`CLI did not start: ${cli.stderr()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const url = cli.stdout().trim();
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(cli.stderr()).toMatch(/Junction mock ready \(backend http:\/\/127\.0\.0\.1:\d+\)/);
      expect((await exportPage(url, { provider: "garmin" })).status).toBe(503);
      const page = await (await exportPage(url, { provider: "garmin" })).json();
      expect(page.data).toEqual(expectedConnections({ connections: 500, seed: 4, provider: "garmin" }).slice(0, 20));
      const users = await (await getJson(url, "/v2/user")).json();
      expect(users.users).toEqual(expectedUsers({ seed: 4, users: { count: 30 } }).slice(0, 7));
      expect([users.total, users.limit]).toEqual([30, 7]);
      const orders = await (await getJson(url, "/v3/orders", { size: 50 })).json();
      expect([orders.orders.length, orders.total, orders.size]).toEqual([5, 9, 5]);
      const steps = await (await getJson(url, stepsPath, { start_date: "2025-12-01" })).json();
      expect(Object.values(steps.groups).flat()).toHaveLength(3);
    } finally {
      cli.child.kill("SIGTERM");
    }
    expect(await exitCode(cli.child)).toBe(0);
  });

  it("explains bad arguments and exits with 2, and bad values with 1", async () => {
    const badNumber = startCli(["--page-size", "many"]);
    expect(await exitCode(badNumber.child)).toBe(2);
    expect(badNumber.stderr()).toMatch(/--page-size must be a number, got "many"/);
    expect(badNumber.stderr()).toMatch(/Usage: tsx src\/cli.ts/);

    const outOfRange = startCli(["--connections=-5", "--no-validate", "--no-fallback"]);
    expect(await exitCode(outOfRange.child)).toBe(1);
    expect(outOfRange.stderr()).toMatch(/connections must be a whole number from 0 to 4294967295, got -5/);
  });
});
