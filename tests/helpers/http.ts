import { sessionCookieFor } from "./factories";
import { verificationPathFor } from "./mail-links";

/**
 * A small HTTP client with a cookie jar, for integration tests against a real server.
 * Non-GET requests carry the server's Origin unless a test overrides it.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit & { form?: Record<string, string | string[]>; origin?: string | null } = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader());
    const method = init.method ?? (init.form ? "POST" : "GET");
    if (method !== "GET" && method !== "HEAD" && init.origin !== null && !headers.has("Origin")) {
      headers.set("Origin", init.origin ?? new URL(this.baseUrl).origin);
    }
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      body = params;
    }
    const res = await fetch(new URL(path, this.baseUrl), { ...init, method, headers, body, redirect: "manual" });
    this.remember(res);
    return res;
  }

  get(path: string, init: RequestInit = {}) {
    return this.request(path, { ...init, method: "GET" });
  }

  /** POSTs a form as a browser would (urlencoded, with Origin). */
  post(path: string, form: Record<string, string | string[]>, init: RequestInit & { origin?: string | null } = {}) {
    return this.request(path, { ...init, method: "POST", form });
  }

  /**
   * Signs up through the form and, as the address's owner would, follows the verification link
   * the app mailed (read from the job table, tests/helpers/mail-links.ts): the answer is the link's,
   * a redirect that signs this client in.
   */
  async signup(user: { name: string; email: string; password: string; handle?: string; redirectTo?: string }) {
    const res = await this.post("/signup", user);
    if (res.status !== 302 || res.headers.get("location") !== "/signup/check-inbox") throw new Error(`signup failed: ${res.status} ${await res.text()}`);
    const confirmed = await this.post(await verificationPathFor(user.email), {});
    if (confirmed.status !== 302) throw new Error(`verification failed: ${confirmed.status} ${await confirmed.text()}`);
    return confirmed;
  }

  async login(user: { email: string; password: string }) {
    const res = await this.post("/login", user);
    if (res.status !== 302) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return res;
  }
}

/** A TestClient for `baseUrl`, signed in (a real session row) as the user, or anonymous for null. */
export async function clientAs(baseUrl: string, who: string | { id: string } | null): Promise<TestClient> {
  const client = new TestClient(baseUrl);
  if (who) {
    const cookie = await sessionCookieFor(typeof who === "string" ? who : who.id);
    client.cookies.set(cookie.name, cookie.value);
  }
  return client;
}
