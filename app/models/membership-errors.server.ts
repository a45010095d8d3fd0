import { lastCoordinatorMessage, refusal, type Refusal, type RefusalStatus } from "../lib/policy";

/**
 * Why a membership change was refused. Thrown inside a transaction (so it rolls back) and
 * turned into the one refusal type by `runMembershipChange`; routes map `status` onto the response.
 */
export class MembershipError extends Error {
  constructor(
    readonly status: RefusalStatus,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** The one refusal type, for results and responses. */
  toRefusal(): Refusal {
    return refusal(this.status, this.message, this.field);
  }

  /** A policy refusal, thrown to roll the change back. */
  static from(refused: Refusal): MembershipError {
    return new MembershipError(refused.status, refused.message, refused.field);
  }
}

export type { Refusal };
export type MembershipResult<T extends object = object> = ({ ok: true } & T) | Refusal;

export { lastCoordinatorMessage };
