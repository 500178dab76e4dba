// A moment as seen in a spot's own time zone (operating hours and the calendar are shown there).
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface ZonedParts {
  dateKey: string; // 'YYYY-MM-DD' in the zone
  weekday: Weekday;
  hour: number;
  minute: number;
  dayLabel: string; // 'Mon, Dec 7'
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function zoned(date: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const month = MONTHS.indexOf(parts.month) + 1;
  const day = Number(parts.day);
  return {
    dateKey: `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    weekday: parts.weekday.toLowerCase().slice(0, 3) as Weekday,
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    dayLabel: `${parts.weekday}, ${parts.month} ${day}`,
  };
}

// 'HH:mm' of an instant in the zone
export function zonedTime(date: Date, timeZone: string): string {
  const parts = zoned(date, timeZone);
  return `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
}

export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
