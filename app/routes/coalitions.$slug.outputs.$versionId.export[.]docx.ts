import type { LoaderFunctionArgs } from "@remix-run/node";
import { versionExportLoader } from "../models/export-routes.server";

/** Downloads a published version as a Word file. */
export const loader = (args: LoaderFunctionArgs) => versionExportLoader(args, "docx");
