import type { LoaderFunctionArgs } from "@remix-run/node";
import { pointExportLoader } from "../models/timeline-routes.server";

export const loader = (args: LoaderFunctionArgs) => pointExportLoader(args, "md");
