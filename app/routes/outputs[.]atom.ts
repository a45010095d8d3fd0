import type { LoaderFunctionArgs } from "@remix-run/node";
import { ATOM_HEADERS, outputsAtom } from "../models/output-feeds.server";

/** /outputs.atom: every public coalition's published outputs. */
export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(await outputsAtom({ kind: "forum" }, context.appOrigin), { headers: ATOM_HEADERS });
}
