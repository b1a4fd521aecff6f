import { spawn, spawnSync } from "node:child_process";
import { expectedConnections, type MockServer, startMockServer } from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, cliEnv, cliPath, runCli } from "./helpers.js";

// util-linux `script` runs the CLI on a pseudo-terminal: stdout and stderr are then a TTY.
const hasScript = spawnSync("script", ["--version"]).status === 0;
const data = { connections: 400, seed: 11, providers: ["garmin"] };
const expected = expectedConnections({ ...data, provider: "garmin" });

function onTerminal(args: string[]): Promise<{ code: number | null; text: string }> {
  const quoted = [process.execPath, cliPath, ...args].map((arg) => `'${arg}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", quoted, "/dev/null"], { env: cliEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, text }));
  });
}

describe.skipIf(!hasScript && !process.env.CI)("on a terminal", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...data, pageSize: 50, validate: false });
  });
  afterAll(() => mock?.close());
  const base = () => ["export-connections", "--provider", "garmin", "--base-url", mock.url, "--no-warn"];

  it("masks access_token and refresh_token on stdout, and draws a live progress line", async () => {
    const { code, text } = await onTerminal(base());
    expect(code).toBe(0);
    const first = expected[0];
    expect(first).toBeDefined();
    expect(text).toContain(`"user_id":"${first?.user_id}"`);
    expect(text).toContain('"access_token":"[redacted]"');
    expect(text).toContain('"refresh_token":"[redacted]"');
    for (const row of expected) {
      expect(text).not.toContain(row.access_token);
      expect(text).not.toContain(row.refresh_token);
    }
    // The live line is redrawn in place: carriage return, erase to end of line, the counts.
    expect(text).toContain("\r\x1b[K");
    expect(text).toMatch(/\[K[\d,]+ connections?, \d+ pages?, [\d,]+ connections\/s, /);
    expect(text).toMatch(/Exported 400 garmin connections, 8 pages, .* → stdout/);
    expect(text).not.toContain(apiKey);
  });

  it("prints the tokens with --show-secrets", async () => {
    const { code, text } = await onTerminal([...base(), "--show-secrets", "-q"]);
    expect(code).toBe(0);
    expect(text).toContain(`"access_token":"${expected[0]?.access_token}"`);
  });

  it("keeps real tokens in a pipe (not a terminal)", async () => {
    const result = await runCli([...base(), "-q", "--max-pages", "1"]);
    expect(result.stdout.split("\n")[0]).toBe(JSON.stringify(expected[0]));
  });
});
