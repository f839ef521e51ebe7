import { describe, expect, it } from "vitest";
import { checkStageChange, nextStages } from "../../src/casework/stages";

describe("the legal stages (facts.md §3.6)", () => {
  it("moves a formal report from diterima to dikaji, and on to registration", () => {
    expect(nextStages("report", "diterima")).toEqual([
      "dikaji",
      "perlu_dilengkapi",
      "tidak_diregistrasi",
      "dicabut",
      "spam",
    ]);
    expect(nextStages("report", "dikaji")).toContain("diregistrasi");
    expect(nextStages("report", "diregistrasi")).toEqual([
      "diteruskan",
      "selesai",
      "dicabut",
      "spam",
    ]);
  });

  it("moves a tip only along the tip's own stages", () => {
    expect(nextStages("tip", "informasi_awal")).toEqual([
      "ditelusuri",
      "ditutup",
      "dicabut",
      "spam",
    ]);
    expect(checkStageChange("tip", "informasi_awal", { stage: "diregistrasi" })).toBe(
      "not_allowed",
    );
  });

  it("ends at withdrawn and spam", () => {
    expect(nextStages("report", "dicabut")).toEqual([]);
    expect(nextStages("tip", "spam")).toEqual([]);
  });

  it("asks for what is missing, a reason or an outcome where the reporter needs one", () => {
    expect(checkStageChange("report", "dikaji", { stage: "perlu_dilengkapi" })).toBe(
      "note_required",
    );
    expect(checkStageChange("report", "dikaji", { stage: "tidak_diregistrasi", note: " " })).toBe(
      "note_required",
    );
    expect(checkStageChange("report", "diteruskan", { stage: "selesai", note: "Putusan PN" })).toBe(
      undefined,
    );
  });

  it("forwards only to a named body", () => {
    expect(checkStageChange("report", "diregistrasi", { stage: "diteruskan" })).toBe(
      "forward_target_required",
    );
    expect(
      checkStageChange("report", "diregistrasi", { stage: "diteruskan", forwardedTo: "other" }),
    ).toBe("note_required");
    expect(
      checkStageChange("report", "diregistrasi", { stage: "diteruskan", forwardedTo: "gakkumdu" }),
    ).toBe(undefined);
    expect(checkStageChange("report", "diterima", { stage: "dikaji", forwardedTo: "kpu" })).toBe(
      "not_allowed",
    );
  });

  it("refuses a move to the stage it is already at", () => {
    expect(checkStageChange("report", "dikaji", { stage: "dikaji" })).toBe("same_stage");
  });
});
