import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { parseConfig } from "../../app/lib/config.server";
import { createApp } from "../../server/app";

type TrustFn = (address: string, hop: number) => boolean;

async function trustFor(value?: string): Promise<TrustFn> {
  const config = parseConfig({ BUILD_DIR: inject("buildDir"), ...(value === undefined ? {} : { TRUST_PROXY: value }) });
  const app = await createApp({ config });
  return app.get("trust proxy fn") as TrustFn;
}

describe("TRUST_PROXY decides whose address req.ip (the login throttle's key) is", () => {
  it("trusts no proxy by default: X-Forwarded-For is ignored", async () => {
    const trust = await trustFor();
    expect(trust("127.0.0.1", 0)).toBe(false);
    expect(trust("10.0.0.1", 0)).toBe(false);
  });

  it("a hop count trusts that many nearest proxies and no more", async () => {
    const trust = await trustFor("1");
    expect(trust("10.0.0.1", 0)).toBe(true);
    expect(trust("203.0.113.9", 1)).toBe(false);
  });

  it("a list trusts only those proxies", async () => {
    const trust = await trustFor("10.0.0.0/8,::1");
    expect(trust("10.1.2.3", 0)).toBe(true);
    expect(trust("::1", 0)).toBe(true);
    expect(trust("192.168.0.1", 0)).toBe(false);
  });
});
