/**
 * `junction call` on operations that answer with a PDF: the bytes go to --out exactly as the server sent
 * them, and never to a terminal. Against the mock's Prism fallback (the spec's own operation) and a stub
 * that serves real binary bytes.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, cliEnv, cliPath, runCli, tempDir } from "./helpers.js";

const orderId = "4a7c3a0e-9f0a-4d0e-8f3c-3f9b2b6c1d2e";
const hasScript = spawnSync("script", ["--version"]).status === 0;
// A PDF header and bytes that are not UTF-8: a text round trip would change them.
const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n%"), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x0a])]);

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup?.());

describe("a PDF from the mock's Prism fallback", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ seed: 5, validate: false });
  });
  afterAll(() => mock?.close());

  it("is written to --out byte for byte, mode 0600, with nothing on stdout", async () => {
    const out = join(dir, "result.pdf");
    const result = await runCli([
      "call",
      "lab_tests.get_result_pdf",
      "--param",
      `order_id=${orderId}`,
      "--base-url",
      mock.url,
      "--out",
      out,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const served = await fetch(`${mock.url}/v3/order/${orderId}/result/pdf`, {
      headers: { "x-vital-api-key": "k", accept: "application/pdf" },
    });
    expect(served.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(0);
    expect(await readFile(out)).toEqual(bytes);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    // An existing file is not overwritten without --force.
    const again = await runCli([
      "call",
      "lab_tests.get_result_pdf",
      "-p",
      `order_id=${orderId}`,
      "--base-url",
      mock.url,
      "-o",
      out,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${out} already exists: choose another --out, or add --force to overwrite it.`);
  });
});

describe("a binary answer", () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer((_, res) => {
      res.setHeader("content-type", "application/pdf");
      res.end(pdf);
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  const args = () => ["call", "lab_tests.get_result_pdf", "-p", `order_id=${orderId}`, "--base-url", baseUrl];

  it("keeps bytes that are not text intact", async () => {
    const out = join(dir, "labels.pdf");
    const result = await runCli([...args(), "--out", out]);
    expect(result.code).toBe(0);
    expect(await readFile(out)).toEqual(pdf);
  });

  it.skipIf(!hasScript && !process.env.CI)("is refused on a terminal without --out, saying how to fix it", async () => {
    const quoted = [process.execPath, cliPath, ...args()].map((arg) => `'${arg}'`).join(" ");
    const text = await new Promise<string>((resolve, reject) => {
      const child = spawn("script", ["-qfec", quoted, "/dev/null"], {
        env: cliEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.once("error", reject);
      child.once("close", (code) => resolve(`${output}\nexit ${code}`));
    });
    expect(text).toContain(
      "junction: lab_tests.get_result_pdf answers with a binary file, which is not printed on a terminal. Add --out <file>",
    );
    expect(text).toMatch(/exit 2$/);
    expect(text).not.toContain("%PDF");
    expect(text).not.toContain(apiKey);
  });
});
