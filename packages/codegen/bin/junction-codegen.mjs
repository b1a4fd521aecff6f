#!/usr/bin/env node
// Runs the TypeScript command under tsx, so the workspace needs no build step to generate.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
