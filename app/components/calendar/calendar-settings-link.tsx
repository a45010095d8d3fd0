import { Link } from "@remix-run/react";
import { Card } from "../form";

/** On the profile page: where the time zone and the personal calendar feed are set. */
export function CalendarSettingsLink() {
  return (
    <Card className="mt-6">
      <h2 className="text-lg font-semibold">Time zone and calendar</h2>
      <p className="mt-1 text-sm text-slate-600">
        Choose the time zone dates are shown in, and get your own calendar feed: <Link to="/settings/calendar">Calendar settings</Link>
      </p>
    </Card>
  );
}
