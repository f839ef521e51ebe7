import fs from "node:fs";
import path from "node:path";
import { describe, it, onTestFinished } from "vitest";
import { createTestConductor, fixedClock, webchatMessage } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { playTranscript } from "../support/transcript";

const folder = path.resolve(import.meta.dirname, "../transcripts");
const reportFolder = path.join(folder, "reports");

/** The same transcripts as the engine's, through the conductor and the database. */
describe(`transcripts through the conductor on ${testDatabaseKind}`, () => {
  const files = [
    ...fs.readdirSync(folder).map((name) => path.join(folder, name)),
    ...fs.readdirSync(reportFolder).map((name) => path.join(reportFolder, name)),
  ].filter((file) => file.endsWith(".transcript"));
  for (const file of files) {
    it(`plays ${path.relative(folder, file)}`, async () => {
      // A database per transcript: ticket codes are fixed by a seeded random, so they repeat.
      const database = await createTestDatabase();
      onTestFinished(() => database.close());
      const clock = fixedClock();
      const { conductor } = await createTestConductor(database, { clock });
      const prefix = `transcript-${path.basename(file).replace(/\W/g, "-")}-${process.pid}`;
      await playTranscript(file, {
        send: async (input, conversation) =>
          (await conductor.receive(webchatMessage(`${prefix}-${conversation}`, input))).replies,
        advance: (ms) => clock.advance(ms),
        setClock: (at) => clock.set(at),
      });
    });
  }
});
