import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-initial";
import * as m0003 from "./0003-membership";
import * as m0006 from "./0006-threads";
import * as m0007 from "./0007-search";
import * as m0008 from "./0008-search-words";
import * as m0009 from "./0009-app-secrets";
import * as m0010 from "./0010-thread-audience";
import * as m0011 from "./0011-coalition-contact";
import * as m0012 from "./0012-version-withdrawal";
import * as m0013 from "./0013-thread-moderation-notes";
import * as m0014 from "./0014-user-handles";
import * as m0015 from "./0015-jobs";
import * as m0016 from "./0016-mail-preferences";
import * as m0017 from "./0017-password-resets";
import * as m0018 from "./0018-calendar";
import * as m0019 from "./0019-user-language";
import * as m0020 from "./0020-notification-messages";
import * as m0021 from "./0021-output-translations";
import * as m0022 from "./0022-digest-marks";
import * as m0023 from "./0023-inbound-mail";
import * as m0032 from "./0032-document-authors";
import * as m0034 from "./0034-document-day-states";
import * as m0025 from "./0025-endorsements";
import * as m0028 from "./0028-consultations";
import * as m0031 from "./0031-account-privacy";
import * as m0030 from "./0030-second-factors";
import * as m0029 from "./0029-coalition-reports";
import * as m0027 from "./0027-email-verification";
import * as m0026 from "./0026-document-comments";
import * as m0024 from "./0024-decisions";
import * as m0035 from "./0035-consultation-search";
import * as m0036 from "./0036-day-state-encoding";

/**
 * Every migration, in order. Static imports (not a folder scan) so that the bundled
 * and unbundled servers see the same list. Append new ones; never reorder or edit.
 */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
  "0003-membership": m0003,
  "0006-threads": m0006,
  "0007-search": m0007,
  "0008-search-words": m0008,
  "0009-app-secrets": m0009,
  "0010-thread-audience": m0010,
  "0011-coalition-contact": m0011,
  "0012-version-withdrawal": m0012,
  "0013-thread-moderation-notes": m0013,
  "0014-user-handles": m0014,
  "0015-jobs": m0015,
  "0016-mail-preferences": m0016,
  "0017-password-resets": m0017,
  "0018-calendar": m0018,
  "0019-user-language": m0019,
  "0020-notification-messages": m0020,
  "0021-output-translations": m0021,
  "0022-digest-marks": m0022,
  "0023-inbound-mail": m0023,
  "0032-document-authors": m0032,
  "0034-document-day-states": m0034,
  "0025-endorsements": m0025,
  "0028-consultations": m0028,
  "0031-account-privacy": m0031,
  "0030-second-factors": m0030,
  "0029-coalition-reports": m0029,
  "0027-email-verification": m0027,
  "0026-document-comments": m0026,
  "0024-decisions": m0024,
  "0035-consultation-search": m0035,
  "0036-day-state-encoding": m0036,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
