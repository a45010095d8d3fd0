import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-initial";

/**
 * Every migration, in order. Static imports (not a folder scan) so that the bundled
 * and unbundled servers see the same list. Append new ones; never reorder or edit.
 */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
