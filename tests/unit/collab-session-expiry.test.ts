import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CloseCode } from "../../app/lib/collab-protocol";
import { watchSessionExpiry } from "../../server/collab/session-expiry";

const fakeConn = () => {
  const conn = { closed: false, code: null as number | null, close(code: number) { conn.closed = true; conn.code = code; } };
  return conn;
};
const at = (ms: number) => new Date(Date.now() + ms);

describe("a connection's session expiry", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("closes with SESSION_ENDED once the session's row says it expired, not before", async () => {
    const conn = fakeConn();
    const expiresAt = at(5_000);
    const lookup = vi.fn(async () => expiresAt);
    watchSessionExpiry(conn, expiresAt, lookup, 60_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(lookup).not.toHaveBeenCalled();
    expect(conn.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(conn.code).toBe(CloseCode.SESSION_ENDED);
  });

  it("waits again for a session extended meanwhile, and closes for a deleted one", async () => {
    const conn = fakeConn();
    const extended = at(20_000);
    const lookup = vi.fn<() => Promise<Date | null>>().mockResolvedValueOnce(extended).mockResolvedValueOnce(null);
    watchSessionExpiry(conn, at(1_000), lookup, 60_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(conn.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(18_999);
    expect(lookup).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(conn.code).toBe(CloseCode.SESSION_ENDED);
  });

  it("retries after a failed read, and stops watching once told to", async () => {
    const conn = fakeConn();
    const lookup = vi.fn<() => Promise<Date | null>>().mockRejectedValueOnce(new Error("database away")).mockResolvedValue(null);
    const stop = watchSessionExpiry(conn, at(100), lookup, 1_000);
    await vi.advanceTimersByTimeAsync(100);
    expect(conn.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(conn.code).toBe(CloseCode.SESSION_ENDED);

    const other = fakeConn();
    const never = vi.fn(async () => null);
    watchSessionExpiry(other, at(100), never, 1_000)();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(never).not.toHaveBeenCalled();
    expect(other.closed).toBe(false);
  });

  it("waits past the longest single timer (a 30-day session) in steps", async () => {
    const conn = fakeConn();
    const lookup = vi.fn(async () => null);
    watchSessionExpiry(conn, at(30 * 24 * 3_600_000), lookup, 60_000);
    await vi.advanceTimersByTimeAsync(29 * 24 * 3_600_000);
    expect(lookup).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(conn.code).toBe(CloseCode.SESSION_ENDED);
  });
});
