/** A refusal the console and the API turn into a status and a message in the staff language. */
export type CaseworkErrorCode =
  | "not_found"
  | "forbidden"
  | "invalid"
  | "not_allowed"
  | "note_required"
  | "forward_target_required"
  | "same_stage"
  | "reason_required"
  | "no_identity"
  | "no_recipient"
  | "question_closed";

export class CaseworkError extends Error {
  override name = "CaseworkError";
  constructor(readonly code: CaseworkErrorCode) {
    super(code);
  }
}

/** The HTTP status of each refusal: out of scope is indistinguishable from missing. */
export const caseworkStatus: Record<CaseworkErrorCode, 400 | 403 | 404 | 409> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  not_allowed: 409,
  note_required: 400,
  forward_target_required: 400,
  same_stage: 409,
  reason_required: 400,
  no_identity: 409,
  no_recipient: 409,
  question_closed: 409,
};
