/**
 * Why a membership change was refused. Thrown inside a transaction (so it rolls back) and
 * turned into a result by `runMembershipChange`; routes map `status` onto the response.
 */
export class MembershipError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 410,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type Refusal = { ok: false; status: MembershipError["status"]; message: string; field?: string };
export type MembershipResult<T extends object = object> = ({ ok: true } & T) | Refusal;

export const LAST_COORDINATOR =
  "A coalition always needs a coordinator: appoint another coordinator before this one steps down or leaves.";
