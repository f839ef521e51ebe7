import fs from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";
import { createEngineDriver } from "../support/engine-driver";
import { playTranscript } from "../support/transcript";

const folder = path.resolve(import.meta.dirname, "../transcripts");

describe("transcripts on the pure engine", () => {
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".transcript"))) {
    it(`plays ${file}`, async () => {
      await playTranscript(path.join(folder, file), await createEngineDriver());
    });
  }
});
