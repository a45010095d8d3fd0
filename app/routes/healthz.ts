import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDbHandle } from "../../db/client";
import { migrationLevel } from "../../db/migrate";
import { getClusterInfo } from "../lib/cluster-info";

/** Health: the database kind and migration level, Redis connectivity and the instance id, as JSON. */
export async function loader(_args: LoaderFunctionArgs) {
  const handle = getDbHandle();
  const cluster = getClusterInfo();
  const redis = cluster?.redis() ?? "disabled";
  const instance = cluster?.instanceId ?? null;
  try {
    const level = await migrationLevel(handle.db);
    // A missing Redis degrades relaying between instances but not this instance: still 200.
    return Response.json(
      { status: redis === "down" ? "degraded" : "ok", instance, database: { kind: handle.kind, migration: level }, redis },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return Response.json(
      { status: "error", instance, database: { kind: handle.kind, error: (error as Error).message }, redis },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
