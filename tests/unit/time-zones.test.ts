import { describe, expect, it } from "vitest";
import { formatInZone, formatRangeInZone, isTimeZone, utcToZonedInput, viewerTimeZone, zonedToUtc } from "../../app/lib/time-zones";

describe("time zones for the calendar", () => {
  it("accepts IANA names the runtime knows and nothing else", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("europe/paris")).toBe(false);
    expect(isTimeZone(undefined)).toBe(false);
  });

  it("reads a wall time in a zone as UTC, across summer time", () => {
    expect(zonedToUtc("2026-01-15T14:00", "Europe/Paris")).toBe("2026-01-15T13:00:00.000Z");
    expect(zonedToUtc("2026-07-15T14:00", "Europe/Paris")).toBe("2026-07-15T12:00:00.000Z");
    expect(zonedToUtc("2026-06-22T09:30", "Asia/Kolkata")).toBe("2026-06-22T04:00:00.000Z");
    expect(zonedToUtc("2026-06-22T09:30", "America/Sao_Paulo")).toBe("2026-06-22T12:30:00.000Z");
  });

  it("refuses a time that does not exist there, and malformed input", () => {
    expect(zonedToUtc("2026-03-29T02:30", "Europe/Paris")).toBeNull(); // clocks jump from 02:00 to 03:00
    expect(zonedToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedToUtc("2026-02-10 10:00", "UTC")).toBeNull();
    expect(zonedToUtc("2026-02-10T10:00", "Nowhere/City")).toBeNull();
  });

  it("an ambiguous autumn time takes the earlier instant", () => {
    expect(zonedToUtc("2026-10-25T02:30", "Europe/Paris")).toBe("2026-10-25T00:30:00.000Z");
  });

  it("writes a UTC instant back as the form's wall time", () => {
    expect(utcToZonedInput("2026-07-15T12:00:00.000Z", "Europe/Paris")).toBe("2026-07-15T14:00");
    expect(utcToZonedInput("2026-12-31T23:30:00.000Z", "Asia/Tokyo")).toBe("2027-01-01T08:30");
  });

  it("shows an instant in the viewer's zone", () => {
    expect(formatInZone("2026-07-15T12:00:00.000Z", "Asia/Tokyo")).toMatch(/^Wed 15 Jul 2026, 21:00 /);
    expect(formatInZone("2026-07-15T23:30:00.000Z", "Asia/Tokyo")).toMatch(/^Thu 16 Jul 2026, 08:30 /);
    expect(formatInZone("2026-01-15T12:00:00.000Z", "Europe/Paris")).toBe("Thu 15 Jan 2026, 13:00 CET");
    expect(formatRangeInZone("2026-07-15T12:00:00.000Z", "2026-07-15T13:30:00.000Z", "UTC")).toBe("Wed 15 Jul 2026, 12:00 – 13:30 UTC");
    expect(formatRangeInZone("2026-07-15T12:00:00.000Z", "2026-07-17T13:30:00.000Z", "UTC")).toBe("Wed 15 Jul 2026, 12:00 UTC – Fri 17 Jul 2026, 13:30 UTC");
  });

  it("the profile's zone wins over the browser's cookie, and a bad cookie falls back to UTC", () => {
    expect(viewerTimeZone("Asia/Tokyo", "tz=Europe%2FParis")).toBe("Asia/Tokyo");
    expect(viewerTimeZone(null, "a=b; tz=Europe%2FParis")).toBe("Europe/Paris");
    expect(viewerTimeZone(null, "tz=%E0%A4%A")).toBe("UTC");
    expect(viewerTimeZone(null, "tz=Not%2FZone")).toBe("UTC");
    expect(viewerTimeZone(null, null)).toBe("UTC");
  });
});
