import ExcelJS from 'exceljs';

export type Table = { header: string[]; rows: string[][] };

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a UTF-8 BOM). */
export function parseCsv(text: string): Table {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  const rows = out.filter((r) => r.some((c) => c.trim() !== ''));
  return { header: (rows.shift() ?? []).map((h) => h.trim()), rows };
}

/** The first worksheet of an XLSX workbook, cells as text. */
export async function parseXlsx(data: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { header: [], rows: [] };
  const all: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = r.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? String((v as { text: unknown }).text) : typeof v === 'object' && 'result' in (v as object) ? String((v as { result: unknown }).result) : String(v));
    }
    all.push(cells);
  });
  return { header: (all.shift() ?? []).map((h) => h.trim()), rows: all };
}

export const isXlsx = (data: Buffer) => data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
