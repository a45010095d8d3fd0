import { robotsResponse } from "../models/site-files.server";

/** /robots.txt: public outputs indexable; drafts, settings and account pages not. */
export const loader = () => robotsResponse();
