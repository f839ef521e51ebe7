import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The repository root: the server resolves `tsx`, migrations and page.html from here. */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** A PGlite cold start takes 5–30 s on a loaded two-core machine; leave ample room. */
const listenTimeoutMs = 90_000;
const killAfterMs = 15_000;

export interface ServerOptions {
  /** Reuse a data directory (a restart); otherwise a fresh temporary one. */
  dataDir?: string;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface ServerProcess {
  pid: number;
  dataDir: string;
  /** stdout and stderr as they arrived, interleaved. */
  output(): string;
  /** The exit code, or null when a signal ended the process. */
  exited: Promise<number | null>;
  /** SIGTERM, wait for the exit, SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface RunningServer extends ServerProcess {
  url: string;
  port: number;
  /** The parsed "Awas is listening" log line (port, database, startupMs). */
  listening: Record<string, unknown>;
}

const live = new Set<ChildProcess>();
const createdDirs = new Set<string>();

// A crashed or timed-out test must not leave servers behind holding ports and data dirs.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function childEnv(dataDir: string, extra: Record<string, string | undefined>) {
  const env: Record<string, string | undefined> = { ...process.env };
  // The suite may run with DATABASE_URL (and a DATA_KEY) set; a server under test uses the
  // embedded database with its own key file unless the caller asks for something else.
  delete env.DATABASE_URL;
  delete env.DATA_KEY;
  Object.assign(env, {
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Spawns the real Node entry without waiting for it; for start-up failures and `startServer`. */
export function spawnServer(options: ServerOptions = {}): ServerProcess {
  let dataDir = options.dataDir;
  if (!dataDir) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-e2e-"));
    createdDirs.add(dataDir);
  }
  // `node --import tsx` rather than the tsx binary: the binary starts a second node process,
  // and the pid (lock file, /proc figures, signals) must be the server itself.
  const child = spawn(process.execPath, ["--import", "tsx", "src/entry/node.ts"], {
    cwd: repoRoot,
    env: childEnv(dataDir, options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("could not spawn the server process");
  live.add(child);
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => {
    // "close", not "exit": by then stdout and stderr are fully read.
    child.once("close", (code) => {
      live.delete(child);
      resolve(code);
    });
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      await exited;
      return;
    }
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, killAfterMs);
    });
    await Promise.race([exited, killed]);
    clearTimeout(timer);
    await exited;
  };

  return { pid: child.pid, dataDir, output: () => output, exited, stop };
}

function findListeningLine(output: string): Record<string, unknown> | undefined {
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (
        typeof entry.msg === "string" &&
        entry.msg.startsWith("Awas is listening") &&
        typeof entry.port === "number"
      ) {
        return entry;
      }
    } catch {
      // A partial line still being written; the next chunk completes it.
    }
  }
  return undefined;
}

/**
 * Starts the real server and resolves once it logs that it listens. PORT=0 lets the OS pick
 * a free port; the entry logs the bound port, so there is no race over a pre-picked one.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = spawnServer(options);
  const started = Date.now();
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    const listening = findListeningLine(server.output());
    if (listening) {
      const port = listening.port as number;
      return { ...server, url: `http://127.0.0.1:${port}`, port, listening };
    }
    if (exitCode !== undefined) {
      throw new Error(`The server exited (code ${exitCode}) before listening:\n${server.output()}`);
    }
    if (Date.now() - started > listenTimeoutMs) {
      await server.stop();
      throw new Error(
        `The server did not listen within ${listenTimeoutMs / 1000} s:\n${server.output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops every server still running and removes the data directories made here. */
export async function stopAllServers(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
          child.once("close", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  for (const dir of createdDirs) fs.rmSync(dir, { recursive: true, force: true });
  createdDirs.clear();
}

/** Reads the peak resident set size (VmHWM) of a live process, in KiB; Linux only. */
export function peakRssKib(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}
