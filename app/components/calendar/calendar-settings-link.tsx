import { Link } from "@remix-run/react";
import { FormattedMessage, useT } from "../../lib/i18n/react";
import { Card } from "../form";

/** On the profile page: where the time zone and the personal calendar feed are set. */
export function CalendarSettingsLink() {
  const t = useT();
  return (
    <Card className="mt-6">
      <h2 className="text-lg font-semibold">{t("calendar.settingsLink.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">
        <FormattedMessage id="calendar.settingsLink.text" values={{ link: (chunks) => <Link to="/settings/calendar">{chunks}</Link> }} />
      </p>
    </Card>
  );
}
