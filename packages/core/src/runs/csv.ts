/** One CSV record: its cells and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A CSV the parser cannot read, located. */
export interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * Parses CSV text (RFC 4180): comma-separated cells, `"quoted"` cells that may hold commas, line
 * breaks and `""` for a quote; LF or CRLF line ends; a leading BOM is dropped. Blank lines are skipped.
 * Returns the records with their start lines, or the first problem (an unclosed quote, a quote inside
 * an unquoted cell, text after a closing quote).
 */
export function parseCsv(input: string): { records: CsvRecord[] } | { problem: CsvProblem } {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let quoted = false;
  let afterQuote = false;
  let cellStarted = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    afterQuote = false;
    cellStarted = false;
  };
  const endRecord = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
        column++;
      } else if (c === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        cell += c;
        if (c === '\n') {
          line++;
          column = 0;
        }
      }
    } else if (c === ',') endCell();
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
      line++;
      column = 0;
      recordLine = line;
    } else if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (afterQuote) {
      return {
        problem: {
          line,
          column,
          message: 'text after a closing quote (write "" for a quote inside a quoted cell)',
        },
      };
    } else if (c === '"') {
      return {
        problem: {
          line,
          column,
          message: 'a quote inside an unquoted cell (quote the whole cell and write "" for the quote)',
        },
      };
    } else {
      cell += c;
      cellStarted = true;
    }
    column++;
  }
  if (quoted) return { problem: { line: recordLine, column: 1, message: 'a quoted cell is never closed' } };
  if (cell !== '' || cells.length > 0 || afterQuote) endRecord();
  return { records };
}
