/**
 * The embedded database opens in one process only. While the server holds it, `npm run staff`
 * hands its command line to the server over a Unix socket in DATA_DIR, and the server runs the
 * same command on its own connection. The socket lives in a directory only the owner can enter
 * (0700): whoever can open it can already read DATA_DIR's data key and database files, so it
 * gives nobody more.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { Db } from "../storage/database";
import { describeStaffError, parseStaffCommand } from "./cli-commands";

export interface StaffCliAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// sun_path holds 108 bytes on Linux, 104 on macOS.
const socketPathLimit = 100;
const maxRequestBytes = 64 * 1024;

export function staffCliSocketPath(dataDir: string): string {
  return path.join(dataDir, "staff-cli", "socket");
}

/** Runs one command line as the CLI would, collecting what it prints. */
export async function runStaffCommandLine(
  argv: string[],
  db: Db,
  config: Config,
  now: () => Date,
): Promise<StaffCliAnswer> {
  const lines: string[] = [];
  try {
    const parsed = parseStaffCommand(argv);
    if ("usage" in parsed) return { exitCode: 0, stdout: `${parsed.usage}\n`, stderr: "" };
    await parsed.work(db, config, (line) => lines.push(line), now);
    return { exitCode: 0, stdout: lines.map((line) => `${line}\n`).join(""), stderr: "" };
  } catch (error) {
    return {
      exitCode: 1,
      stdout: lines.map((line) => `${line}\n`).join(""),
      stderr: `${describeStaffError(error)}\n`,
    };
  }
}

export interface StaffCliSocket {
  close(): Promise<void>;
}

/**
 * Serves staff commands on the socket; undefined when the platform or path cannot have one.
 * Commands run on the server's clock (AWAS_NOW running on), as its other work does.
 */
export async function serveStaffCli(deps: {
  dataDir: string;
  db: Db;
  config: Config;
  clock: () => Date;
  log: Logger;
}): Promise<StaffCliSocket | undefined> {
  const socketPath = staffCliSocketPath(deps.dataDir);
  if (process.platform === "win32" || Buffer.byteLength(socketPath) > socketPathLimit) {
    deps.log.info({ socketPath }, "staff commands need the server stopped (no socket here)");
    return undefined;
  }
  const directory = path.dirname(socketPath);
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  fs.chmodSync(directory, 0o700);
  // The caller holds DATA_DIR's lock, so a socket file left here is a dead server's.
  fs.rmSync(socketPath, { force: true });
  const server = http.createServer((request, response) => {
    const reply = (status: number, answer: StaffCliAnswer) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(answer));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) request.destroy();
      else chunks.push(chunk);
    });
    request.on("end", () => {
      let argv: unknown;
      try {
        argv = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { argv?: unknown }).argv;
      } catch {
        argv = undefined;
      }
      if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === "string")) {
        reply(400, { exitCode: 1, stdout: "", stderr: "Expected { argv: string[] }.\n" });
        return;
      }
      runStaffCommandLine(argv, deps.db, deps.config, deps.clock).then(
        (answer) => {
          deps.log.info({ command: argv[0], exitCode: answer.exitCode }, "staff command run");
          reply(200, answer);
        },
        (error: unknown) => {
          deps.log.error({ err: error }, "staff command failed");
          reply(500, { exitCode: 1, stdout: "", stderr: "The staff command failed.\n" });
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // An error after listening (too many open files) must not end the whole server.
  server.on("error", (error) => deps.log.warn({ err: error }, "staff command socket error"));
  fs.chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socketPath, { force: true });
      }),
  };
}

/** The running server's answer to a command line; undefined when no server listens there. */
export function askRunningServer(
  socketPath: string,
  argv: string[],
): Promise<StaffCliAnswer | undefined> {
  if (!fs.existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const request = http.request(
      { socketPath, path: "/", method: "POST", headers: { "Content-Type": "application/json" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as StaffCliAnswer);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    request.on("error", () => resolve(undefined));
    request.end(JSON.stringify({ argv }));
  });
}
