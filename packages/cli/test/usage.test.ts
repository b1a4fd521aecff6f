import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, cliEnv, runCli, tempDir } from "./helpers.js";

const validId = "4a7c3a0e-9f0a-4d0e-8f3c-3f9b2b6c1d2e";

describe("bad input: a clear message and exit code 2, nothing sent", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup?.());

  const cases: [string, string[], string | RegExp][] = [
    [
      "an unknown flag",
      ["export-connections", "--provider", "oura", "--bogus"],
      "junction: Unknown option --bogus. Run `junction export-connections --help` for the options.",
    ],
    [
      "an unknown command, suggesting the closest",
      ["exprot"],
      "junction: Unknown command \"exprot\"; did you mean 'export'? Commands: operations, call, export, export-connections, completion.",
    ],
    [
      "a missing provider",
      ["export-connections", "--out", "x.ndjson"],
      "junction: --provider is required, e.g. --provider oura. Known providers: oura, fitbit,",
    ],
    ["a flag without its value", ["export-connections", "--provider"], "junction: --provider needs a value"],
    [
      "invalid UUIDs in --user-ids",
      ["export-connections", "--provider", "oura", "--user-ids", `${validId},nope,12`],
      `junction: --user-ids has 2 values that are not a user ID (a UUID such as 123e4567-e89b-12d3-a456-426614174000):\n  item 2: "nope"\n  item 3: "12"`,
    ],
    [
      "an unknown environment",
      ["export-connections", "--provider", "oura", "--environment", "staging"],
      'junction: Unknown environment "staging": use one of production, production-eu, sandbox, sandbox-eu, or --base-url <url>.',
    ],
    [
      "--environment with --base-url",
      ["export-connections", "--provider", "oura", "--environment", "sandbox", "--base-url", "http://127.0.0.1:1"],
      "junction: Give either --environment or --base-url, not both.",
    ],
    [
      "a base URL that would send the key in clear",
      ["export-connections", "--provider", "oura", "--base-url", "http://example.com"],
      "junction: --base-url: Refusing http://example.com: the API key would travel unencrypted.",
    ],
    [
      "a *.localhost name, which resolvers may send to DNS",
      ["export-connections", "--provider", "oura", "--base-url", "http://evil.localhost:8080"],
      "junction: --base-url: Refusing http://evil.localhost: the API key would travel unencrypted.",
    ],
    [
      "a base URL holding a password, without echoing it",
      ["export-connections", "--provider", "oura", "--base-url", "https://user:hunter2@x.test"],
      /^junction: --base-url: baseUrl "https:\/\/\*\*\*@x\.test" must be an absolute https:\/\/ URL without credentials(?![\s\S]*hunter2)/,
    ],
    [
      "an unknown format",
      ["export-connections", "--provider", "oura", "--format", "csv"],
      'junction: --format must be ndjson or json, got "csv".',
    ],
    [
      "a bad --max-pages",
      ["export-connections", "--provider", "oura", "--max-pages", "0"],
      'junction: --max-pages must be a whole number of at least 1, got "0".',
    ],
    [
      "--resume to stdout",
      ["export-connections", "--provider", "oura", "--resume"],
      "junction: --resume needs --out <file>: an export to stdout keeps no checkpoint, so it cannot be resumed.",
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`rejects ${what}`, async () => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      if (typeof message === "string") expect(result.stderr).toContain(message);
      else expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain(apiKey);
    });
  }

  it("rejects an unreadable --user-ids-file, naming it", async () => {
    const file = join(dir, "missing.txt");
    const result = await runCli(["export-connections", "--provider", "oura", "--user-ids-file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `junction: Cannot read --user-ids-file ${JSON.stringify(file)} (ENOENT): check the path.\n`,
    );
  });

  it("rejects invalid UUIDs in --user-ids-file naming the first one's line, and no other line", async () => {
    const file = join(dir, "users.txt");
    await writeFile(file, `${validId}\n# comment\n${validId.slice(0, 30)}\n\n${validId}, bob\n`);
    const result = await runCli(["export-connections", "--provider", "oura", "--user-ids-file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`line 3: "${validId.slice(0, 30)}"`);
    expect(result.stderr).toContain("... and 1 more");
    expect(result.stderr).not.toContain("bob");
  });

  it("echoes nothing of a file that is not a list of IDs (a mistyped /etc/shadow), and names one line", async () => {
    const file = join(dir, "shadow");
    const hash = "$6$Zq1rS4lt$7yWk1mQ9pXv3bN8cR2dF5gH0jK6lL4sT9uV2wX7yZ1aB3cD5eF8gH";
    const lines = ["root", "daemon", "bin", "sys", "sync", "games"].map((user) => `${user}:${hash}:19000:0:99999:7:::`);
    await writeFile(file, `${lines.join("\n")}\n`);
    const result = await runCli(["export-connections", "--provider", "oura", "--user-ids-file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `line 1: ${lines[0]?.length} characters that do not look like an ID (not shown: is this the right file?)`,
    );
    expect(result.stderr).not.toContain("root");
    expect(result.stderr).toContain("... and 5 more");
    expect(result.stderr).not.toContain(hash);
    for (const user of ["daemon", "bin:", "sys:", "sync:", "games:"]) expect(result.stderr).not.toContain(user);
    expect(result.stderr.split("\n").filter((line) => line.includes("line "))).toHaveLength(1);
  });

  it("rejects an empty --user-ids-file rather than exporting every user", async () => {
    const file = join(dir, "empty.txt");
    await writeFile(file, "# nobody yet\n\n");
    const result = await runCli(["export-connections", "--provider", "oura", "--user-ids-file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("holds no user IDs; leave it out to export the connections of every user.");
  });

  it("rejects a missing, empty or blank API key, saying which and where to put it", async () => {
    for (const [key, what] of [
      [undefined, "is not set"],
      ["", "is set but empty"],
      ["  ", "is set but blank (only spaces)"],
    ] as const) {
      const result = await runCli(["export-connections", "--provider", "oura"], cliEnv({ JUNCTION_API_KEY: key }));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `junction: No API key: JUNCTION_API_KEY ${what}. Set it to your team's API key: export JUNCTION_API_KEY=<key>\n`,
      );
    }
  });

  it("rejects --resume when there is no checkpoint", async () => {
    const out = join(dir, "never-started.ndjson");
    const result = await runCli(["export-connections", "--provider", "oura", "-o", out, "--resume"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`junction: Nothing to resume: there is no checkpoint ${out}.checkpoint.json`);
  });

  it("rejects an --out in a directory that does not exist", async () => {
    const out = join(dir, "no", "such", "dir.ndjson");
    const result = await runCli(["export-connections", "--provider", "oura", "-o", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`junction: Cannot write --out ${JSON.stringify(out)} (ENOENT)`);
  });
});

describe("help, version and API failures", () => {
  it("--help lists the options, the known providers and the exit codes", async () => {
    const result = await runCli(["export-connections", "--help"]);
    expect(result.code).toBe(0);
    for (const text of ["--provider <name>", "whoop_v2", "--unsafe-api-key", "shell history", "130  interrupted"]) {
      expect(result.stdout).toContain(text);
    }
    expect((await runCli(["--help"])).stdout).toContain("export-connections");
  });

  it.each([[], ["export-connections"], ["export"], ["call"], ["operations"], ["completion"]])(
    "every help text is whole: junction %s --help",
    async (...command) => {
      const result = await runCli([...command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain("undefined");
      if (command.length === 0 || command[0]?.startsWith("export") || command[0] === "call") {
        expect(result.stdout).toContain("130  interrupted");
      }
      if (command[0]?.startsWith("export") || command[0] === "call") {
        expect(result.stdout).toContain("--unsafe-api-key <key>");
      }
    },
  );

  it("export and call take the key from --unsafe-api-key", async () => {
    for (const command of [
      ["export", "user.get_all", "--max-pages", "1"],
      ["call", "user.get_all"],
    ]) {
      const result = await runCli(
        [...command, "--base-url", "http://127.0.0.1:9", "--max-retries", "0", "--unsafe-api-key", "k-from-flag"],
        cliEnv({ JUNCTION_API_KEY: undefined }),
      );
      // The key was accepted (no usage error): the request itself fails, nothing listens on port 9.
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).not.toContain("k-from-flag");
    }
  });

  it("--version prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: "0.0.0\n" });
  });

  it("exits 1 when the server cannot be reached", async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const result = await runCli([
      "export-connections",
      "--provider",
      "oura",
      "--base-url",
      `http://127.0.0.1:${port}`,
      "--no-warn",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Export failed: .*127\.0\.0\.1/);
    expect(result.stderr).toContain("The output on stdout is incomplete.");
    expect(result.stderr).not.toContain(apiKey);
  });
});
