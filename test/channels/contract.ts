import { describe, expect, it } from "vitest";
import {
  type ChannelAdapter,
  InvalidInboundError,
  type OutboundMessage,
} from "../../src/channels/types";

export interface ContractFixtures {
  /** A real payload carrying the text "halo". */
  text: unknown;
  /** A real payload of a pressed choice button. */
  choice: unknown;
  /** Payloads the adapter must refuse with InvalidInboundError. */
  invalid: { why: string; payload: unknown }[];
  /** An address the adapter can send to in the test setup. */
  address: string;
}

/**
 * The shared contract every channel adapter passes. Call it from each adapter's test file
 * with that channel's real payload fixtures.
 */
export function runChannelContract(
  name: string,
  setup: () => { adapter: ChannelAdapter; fixtures: ContractFixtures },
) {
  describe(`${name} channel contract`, () => {
    const receivedAt = new Date("2026-11-20T03:00:00Z");
    const { adapter, fixtures } = setup();

    it("normalises a text payload into a message with channel, address, id and text", () => {
      const [message] = adapter.normalizeInbound(fixtures.text, receivedAt);
      expect(message).toBeDefined();
      expect(message?.channel).toBe(adapter.channel);
      expect(message?.address).toEqual(expect.any(String));
      expect(message?.address.length).toBeGreaterThan(0);
      expect(message?.externalId).toEqual(expect.any(String));
      expect(message?.text).toBe("halo");
      expect(message?.receivedAt).toEqual(receivedAt);
    });

    it("gives the same external id to a redelivered payload, so duplicates can be dropped", () => {
      const [first] = adapter.normalizeInbound(structuredClone(fixtures.text), receivedAt);
      const [second] = adapter.normalizeInbound(structuredClone(fixtures.text), receivedAt);
      expect(second?.externalId).toBe(first?.externalId);
    });

    it("normalises a pressed button into a choice", () => {
      const [message] = adapter.normalizeInbound(fixtures.choice, receivedAt);
      expect(message?.choice).toEqual(expect.any(String));
      expect(message?.text).toBeUndefined();
    });

    for (const { why, payload } of fixtures.invalid) {
      it(`refuses a bad payload (${why}) with InvalidInboundError`, () => {
        expect(() => adapter.normalizeInbound(payload, receivedAt)).toThrow(InvalidInboundError);
      });
    }

    it("renders every choice of a message so the person can pick it", () => {
      const message: OutboundMessage = {
        text: "Pilih:",
        choices: [
          { id: "a", label: "Satu" },
          { id: "b", label: "Dua" },
        ],
      };
      const rendered = JSON.stringify(adapter.render(message));
      expect(rendered).toContain("Pilih:");
      expect(rendered).toContain("Satu");
      expect(rendered).toContain("Dua");
    });

    it("renders a message without choices", () => {
      expect(JSON.stringify(adapter.render({ text: "Halo" }))).toContain("Halo");
    });

    it("returns a typed result when sending, never a bare exception", async () => {
      const result = await adapter.send(fixtures.address, { text: "Halo" });
      expect(typeof result.ok).toBe("boolean");
    });

    it("reports a state for /healthz", () => {
      expect(["ok", "disabled", "connecting", "degraded"]).toContain(adapter.state());
    });
  });
}
