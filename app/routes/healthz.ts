import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDbHandle } from "../../db/client";
import { migrationLevel } from "../../db/migrate";
import { getClusterInfo } from "../lib/cluster-info";
import { getConfig } from "../lib/config.server";
import { checkStorage } from "../models/storage-health.server";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * Health: the database kind and migration level, whether the last write failed for lack of
 * storage, Redis connectivity and the instance id, as JSON. Site administrators also see settings
 * that explain what the instance sees (TRUST_PROXY's effective value).
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const handle = getDbHandle();
  const cluster = getClusterInfo();
  const redis = cluster?.redis() ?? "disabled";
  const instance = cluster?.instanceId ?? null;
  const details = context.user?.isSiteAdmin ? { details: { trustProxy: getConfig().TRUST_PROXY } } : {};
  try {
    const level = await migrationLevel(handle.db);
    const storage = await checkStorage();
    if (!storage.ok) {
      return Response.json(
        { status: "error", instance, database: { kind: handle.kind, migration: level, write: "failed", failedAt: storage.failedAt, error: storage.error }, redis, ...details },
        { status: 503, headers: NO_STORE },
      );
    }
    // A missing Redis degrades relaying between instances but not this instance: still 200.
    return Response.json(
      { status: redis === "down" ? "degraded" : "ok", instance, database: { kind: handle.kind, migration: level, write: "ok" }, redis, ...details },
      { headers: NO_STORE },
    );
  } catch (error) {
    return Response.json(
      { status: "error", instance, database: { kind: handle.kind, error: (error as Error).message }, redis, ...details },
      { status: 503, headers: NO_STORE },
    );
  }
}
