import { execFile } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./server-process";

const cli = path.join(repoRoot, "src/staff/cli.ts");
/** Every spawn pays for a PGlite start: several seconds alone, over a minute on a busy machine. */
export const spawnTimeout = 120_000;

export interface CliRun {
  code: number | null;
  /** Set when the child was killed, e.g. by the spawn timeout. */
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run staff -- …` as a person would, on an embedded data directory (even when the
 * suite runs on PostgreSQL), on the real clock.
 */
export function runStaffCli(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.DATA_KEY;
  delete childEnv.AWAS_NOW;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", cli, ...args],
      { cwd: repoRoot, env: childEnv, timeout: spawnTimeout },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, signal: error?.signal ?? null, stdout, stderr });
      },
    );
  });
}

export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";
