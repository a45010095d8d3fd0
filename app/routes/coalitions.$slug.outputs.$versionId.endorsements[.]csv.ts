import type { LoaderFunctionArgs } from "@remix-run/node";
import { endorsementExportLoader } from "../models/endorsement-routes.server";

/** Downloads a published version's endorsements as CSV (`?group=` for one stakeholder group). */
export const loader = (args: LoaderFunctionArgs) => endorsementExportLoader(args, "csv");
