import type { LoaderFunctionArgs } from "@remix-run/node";
import { JSON_FEED_HEADERS, outputsJson } from "../models/output-feeds.server";

/** /outputs.json: every public coalition's published outputs, as a JSON Feed. */
export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(await outputsJson({ kind: "forum" }, context.appOrigin), { headers: JSON_FEED_HEADERS });
}
