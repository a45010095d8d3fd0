import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getConfig } from "../../app/lib/config.server";

const KEY = Symbol.for("coalition-workspace.instance-id");
type Holder = { [KEY]?: string };

/** This process's instance id (INSTANCE_ID, else host-pid-random), shown in /healthz and logs. */
export function instanceId(): string {
  const holder = globalThis as Holder;
  holder[KEY] ??= getConfig().INSTANCE_ID || `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  return holder[KEY]!;
}
