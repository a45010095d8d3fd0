import type { LoaderFunctionArgs } from "@remix-run/node";
import { draftExportLoader } from "../models/export-routes.server";

/** Downloads the document's current draft as a Word file. */
export const loader = (args: LoaderFunctionArgs) => draftExportLoader(args, "docx");
