const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_MS = 86_400_000;

interface LocalParts {
  year: number;
  /** 0-11 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one (long lists). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      ...(timeZone === undefined ? {} : { timeZone }),
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  return format;
}

/** The system's zone: Date's own local getters, about a hundred times faster than formatToParts. */
function localPartsOf(ms: number): LocalParts {
  const d = new Date(ms);
  return {
    year: d.getFullYear(),
    month: d.getMonth(),
    day: d.getDate(),
    weekday: d.getDay(),
    hour: d.getHours(),
    minute: d.getMinutes(),
  };
}

function partsOf(ms: number, timeZone: string | undefined): LocalParts {
  if (timeZone === undefined) return localPartsOf(ms);
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) parts[part.type] = Number(part.value);
  const year = parts.year ?? 1970;
  const month = (parts.month ?? 1) - 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month, day)).getUTCDay(),
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
  };
}

/** Days between two calendar dates (local parts), ignoring the time of day. */
function calendarDaysBetween(a: LocalParts, b: LocalParts): number {
  return Math.round((Date.UTC(b.year, b.month, b.day) - Date.UTC(a.year, a.month, a.day)) / DAY_MS);
}

/**
 * A moment in the user's local time, as short as it can be told apart: `today 20:10`,
 * `yesterday 09:05`, `Mon 14:02` (within the last week), `12 Nov 14:02` (this year), `12 Nov 2025`.
 * @param ms epoch milliseconds of the moment
 * @param nowMs epoch milliseconds of now (decides "today")
 * @param timeZone IANA zone; default: the system's local zone
 */
export function formatLocalTime(ms: number, nowMs: number, timeZone?: string): string {
  return localTimeFormatter(nowMs, timeZone)(ms);
}

/**
 * {@link formatLocalTime} for many moments against one "now": now's calendar day is worked out once,
 * not once per moment (`ltx-jobs list` formats 10,000 of them).
 */
export function localTimeFormatter(nowMs: number, timeZone?: string): (ms: number) => string {
  const now = partsOf(nowMs, timeZone);
  return (ms) => {
    const at = partsOf(ms, timeZone);
    const time = `${pad(at.hour)}:${pad(at.minute)}`;
    const days = calendarDaysBetween(at, now);
    if (days === 0) return `today ${time}`;
    if (days === 1) return `yesterday ${time}`;
    if (days > 1 && days < 7) return `${WEEKDAYS[at.weekday]} ${time}`;
    const date = `${at.day} ${MONTHS[at.month]}`;
    return at.year === now.year ? `${date} ${time}` : `${date} ${at.year}`;
  };
}

/**
 * The calendar day of a moment in local time, for grouping: `Today`, `Yesterday`, `Mon 23 Nov`,
 * `23 Nov 2025` (another year).
 * @param timeZone IANA zone; default: the system's local zone
 */
export function formatLocalDay(ms: number, nowMs: number, timeZone?: string): string {
  const at = partsOf(ms, timeZone);
  const now = partsOf(nowMs, timeZone);
  const days = calendarDaysBetween(at, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const date = `${at.day} ${MONTHS[at.month]}`;
  return at.year === now.year ? `${WEEKDAYS[at.weekday]} ${date}` : `${date} ${at.year}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
