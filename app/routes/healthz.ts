import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDbHandle } from "../../db/client";
import { migrationLevel } from "../../db/migrate";

/** Health: the database kind and migration level, as JSON. */
export async function loader(_args: LoaderFunctionArgs) {
  const handle = getDbHandle();
  try {
    const level = await migrationLevel(handle.db);
    return Response.json({ status: "ok", database: { kind: handle.kind, migration: level } }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return Response.json(
      { status: "error", database: { kind: handle.kind, error: (error as Error).message } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
