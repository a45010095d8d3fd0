import { manifestResponse } from "../models/site-files.server";

/** /manifest.webmanifest: name, colours and icons (SVG, 192 and 512 px PNG). */
export const loader = () => manifestResponse();
