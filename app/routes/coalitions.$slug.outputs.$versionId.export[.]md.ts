import type { LoaderFunctionArgs } from "@remix-run/node";
import { versionExportLoader } from "../models/export-routes.server";

/** Downloads a published version as Markdown. */
export const loader = (args: LoaderFunctionArgs) => versionExportLoader(args, "md");
