import type { LoaderFunctionArgs } from "@remix-run/node";
import { endorsementExportLoader } from "../models/endorsement-routes.server";

/** A published version's endorsements as JSON (`?group=` for one stakeholder group). */
export const loader = (args: LoaderFunctionArgs) => endorsementExportLoader(args, "json");
