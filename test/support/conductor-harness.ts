import { createAppEventHandlers } from "../../src/app-engine";
import type { BroadcastComposeDeps } from "../../src/broadcasts/telegram-compose-handlers";
import type { InboundMessage } from "../../src/channels/types";
import { type ConductorDeps, createConductor } from "../../src/conversations/conductor";
import type { EngineInput } from "../../src/engine/types";
import { createLogger } from "../../src/logger";
import { generateDataKey, type Keyring, parseDataKey } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import { createAppEngine, translator } from "./engine-driver";
import type { RenderedReply } from "./transcript";

export const silentLog = createLogger({ level: "silent" });
export { translator };

export function testKeyring(): Keyring {
  return parseDataKey(generateDataKey());
}

export interface TestClock {
  (): Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function fixedClock(start = "2026-11-20T03:00:00Z"): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (at) => {
    now = at.getTime();
  };
  return clock;
}

export async function createTestConductor(
  database: AppDatabase,
  overrides: Partial<ConductorDeps> & {
    keyring?: Keyring;
    evidenceMaxBytes?: number;
    broadcastCompose?: BroadcastComposeDeps;
  } = {},
) {
  const keyring = overrides.keyring ?? testKeyring();
  const clock = overrides.clock ?? fixedClock();
  const engine = overrides.engine ?? (await createAppEngine());
  const conductor = createConductor({
    database,
    keyring,
    engine,
    translator,
    log: silentLog,
    clock,
    rateLimitPerMinute: 20,
    eventHandlers: createAppEventHandlers({
      keyring,
      ticketPrefix: "LPR",
      evidenceMaxBytes: overrides.evidenceMaxBytes ?? 50 * 1024 * 1024,
      ...(overrides.broadcastCompose ? { broadcastCompose: overrides.broadcastCompose } : {}),
    }),
    ...overrides,
  });
  return { conductor, keyring, clock };
}

let sequence = 0;

/** A web chat inbound message as the adapter would produce it. */
export function webchatMessage(
  address: string,
  input: EngineInput | string,
  externalId = `test-${++sequence}`,
): InboundMessage {
  const base = { channel: "webchat" as const, address, externalId, receivedAt: new Date() };
  if (typeof input === "string") return { ...base, text: input };
  if (input.kind === "choice") return { ...base, choice: input.id };
  if (input.kind === "text") return { ...base, text: input.text };
  return {
    ...base,
    media: [
      { kind: "image", mimeType: "image/png", byteSize: 3, content: new Uint8Array([1, 2, 3]) },
    ],
  };
}

export function asRendered(replies: { text: string; choices?: RenderedReply["choices"] }[]) {
  return replies.map(({ text, choices }) => (choices ? { text, choices } : { text }));
}
