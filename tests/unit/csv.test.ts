import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../app/lib/csv";

// The endorsement exports' CSV (issue 24): every cell quoted, quotes doubled, and cells a
// spreadsheet would run as a formula shown as text (OWASP "CSV injection").

describe("CSV cells", () => {
  it("quotes every cell and doubles quotes inside", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(3)).toBe('"3"');
  });

  it("prefixes text a spreadsheet would read as a formula with an apostrophe", () => {
    for (const bad of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil","x")']) {
      expect(csvCell(bad).startsWith(`"'${bad[0]}`), bad).toBe(true);
    }
    expect(csvCell("a=b")).toBe('"a=b"');
    expect(csvCell(-2)).toBe('"-2"');
  });

  it("joins rows with CRLF after a byte-order mark", () => {
    expect(toCsv([["a", "b"], ["1", "=x"]])).toBe('\uFEFF"a","b"\r\n"1","\'=x"\r\n');
  });
});
