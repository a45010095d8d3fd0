import { afterEach, describe, expect, it } from "vitest";
import { registerCollabHook, type CollabHook } from "../../app/models/collab-hook.server";
import { presenceOf } from "../../app/models/documents.server";

const base = {
  applyUpdate: async () => {},
  liveState: async () => null,
  metrics: () => ({}) as ReturnType<CollabHook["metrics"]>,
} as unknown as CollabHook;

afterEach(() => registerCollabHook(undefined));

describe("who is in a document now", () => {
  it("is nobody when no collaboration server runs or it does not report presence", () => {
    expect(presenceOf("doc")).toEqual([]);
    registerCollabHook(base); // an older collaboration server without presence()
    expect(presenceOf("doc")).toEqual([]);
  });

  it("lists each person once (however many tabs), from the server's records", () => {
    registerCollabHook({
      ...base,
      presence: (id: string) =>
        id === "doc"
          ? [
              { userId: "u1", name: "Amina Diallo", color: "#b91c1c" },
              { userId: "u1", name: "Amina Diallo", color: "#b91c1c" },
              { userId: "u2", name: "Bruno Costa", color: "#1d4ed8" },
              { userId: "u3" },
            ]
          : [],
    } as unknown as CollabHook);
    expect(presenceOf("doc")).toEqual([
      { userId: "u1", name: "Amina Diallo", color: "#b91c1c" },
      { userId: "u2", name: "Bruno Costa", color: "#1d4ed8" },
    ]);
    expect(presenceOf("other")).toEqual([]);
  });

  it("never breaks the list page when the hook throws", () => {
    registerCollabHook({ ...base, presence: () => { throw new Error("boom"); } } as unknown as CollabHook);
    expect(presenceOf("doc")).toEqual([]);
  });
});
