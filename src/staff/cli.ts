/**
 * Staff accounts from the command line: `npm run staff -- <command>`.
 * Bootstraps the first admin before any staff console exists, and works without the server; on
 * the embedded database while the server runs, the server carries the command out.
 */
import { loadConfig } from "../config";
import { DataDirLockedError } from "../storage/data-dir-lock";
import { openDatabase } from "../storage/database";
import { describeStaffError, parseStaffCommand } from "./cli-commands";
import { askRunningServer, staffCliSocketPath } from "./staff-cli-socket";

async function main(argv: string[]): Promise<number> {
  const parsed = parseStaffCommand(argv);
  if ("usage" in parsed) {
    console.log(parsed.usage);
    return 0;
  }
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config.database, { purpose: "staff CLI" });
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || config.database.kind !== "pglite") throw error;
    const answer = await askRunningServer(staffCliSocketPath(config.dataDir), argv);
    if (!answer) {
      // The server opens its socket once it has started; a moment too early looks like this.
      if (error.holder.purpose === "server") {
        console.error(`${error.message} If it is still starting, try again once it listens.`);
        return 1;
      }
      throw error;
    }
    process.stdout.write(answer.stdout);
    process.stderr.write(answer.stderr);
    return answer.exitCode;
  }
  try {
    await database.migrate();
    // The CLI runs once and exits, so "the clock starting at AWAS_NOW" is AWAS_NOW itself: links
    // then expire on the same clock as the server that checks them.
    const now = () => config.clockStart ?? new Date();
    await parsed.work(database.db, config, (line) => console.log(line), now);
    return 0;
  } finally {
    // Releases the embedded database's lock so the server can start again.
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(describeStaffError(error));
    // exitCode rather than exit(): lets stdout drain into a pipe before the process ends.
    process.exitCode = 1;
  },
);
