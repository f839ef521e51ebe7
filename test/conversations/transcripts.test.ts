import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { AppDatabase } from "../../src/storage/database";
import { createTestConductor, fixedClock, webchatMessage } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { playTranscript } from "../support/transcript";

const folder = path.resolve(import.meta.dirname, "../transcripts");
let database: AppDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** The same transcripts as the engine's, through the conductor and the database. */
describe(`transcripts through the conductor on ${testDatabaseKind}`, () => {
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".transcript"))) {
    it(`plays ${file}`, async () => {
      const clock = fixedClock();
      const { conductor } = await createTestConductor(database, { clock });
      const address = `transcript-${file.replace(/\W/g, "-")}-${process.pid}`;
      await playTranscript(path.join(folder, file), {
        send: async (input) => (await conductor.receive(webchatMessage(address, input))).replies,
        advance: (ms) => clock.advance(ms),
      });
    });
  }
});
