import ICAL from "ical.js";

/** The VEVENTs of an iCalendar text, read back through ical.js (a second, independent library). */
export function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      sequence: Number(v.getFirstPropertyValue("sequence") ?? 0),
      summary: event.summary,
      description: event.description ?? "",
      url: String(v.getFirstPropertyValue("url") ?? ""),
      location: event.location ?? "",
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
    };
  });
}
