import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { renderWebchatPage } from "../channels/webchat/page";
import { ConfigError, loadConfig } from "../config";
import { createLogger } from "../logger";
import { DataKeyError } from "../privacy/keyring";
import { createAwas } from "../server";
import { serveStaffCli } from "../staff/staff-cli-socket";
import { DataDirLockedError } from "../storage/data-dir-lock";
import { openDatabase } from "../storage/database";

/** Node entry: HTTP server + queue workers; PGlite in DATA_DIR unless DATABASE_URL is set. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel });
  const database = await openDatabase(config.database, { purpose: "server" });
  const template = fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "../channels/webchat/page.html"),
    "utf8",
  );
  let awas: Awaited<ReturnType<typeof createAwas>>;
  try {
    awas = await createAwas({
      config,
      database,
      log,
      webchatTemplate: template,
      renderWebchatPage,
      printQr: (terminalQr) => process.stdout.write(`${terminalQr}\n`),
    });
    await awas.start();
  } catch (error) {
    await database.close();
    throw error;
  }
  // `npm run staff` cannot open the embedded database while it is ours; it asks us instead.
  // Without the socket the server still serves; the CLI then says to stop it first.
  const staffCli =
    database.kind === "pglite"
      ? await serveStaffCli({
          dataDir: config.dataDir,
          db: database.db,
          config,
          clock: awas.clock,
          log,
        }).catch((error: unknown) => {
          log.warn({ err: error }, "no staff command socket");
          return undefined;
        })
      : undefined;
  const server = serve(
    { fetch: awas.app.fetch, port: config.port, hostname: config.host },
    (info) => {
      log.info(
        {
          port: info.port,
          database: database.kind,
          startupMs: Math.round(performance.now() - started),
        },
        `Awas is listening on http://localhost:${info.port}`,
      );
    },
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    let exitCode = 0;
    try {
      // Open keep-alive connections (the page polls) would hold close() for good; give up after 3 s.
      await Promise.race([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => setTimeout(resolve, 3000).unref()),
      ]);
      await staffCli?.close();
      await awas.stop();
    } catch (error) {
      exitCode = 1;
      log.error({ err: error }, "could not stop cleanly");
    } finally {
      await database.close();
      log.info("stopped");
      process.exit(exitCode);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // Known start-up problems get their message alone; anything else keeps its stack.
  const known =
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof DataKeyError;
  process.stderr.write(
    `${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
