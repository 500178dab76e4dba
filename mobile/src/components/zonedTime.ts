// Times on a spot's own clock: typed and shown as 'YYYY-MM-DD HH:mm' (a booking's window, an owner's
// blackout) and shown as words ("Tue, Dec 9, 7:00 AM"). Intl only (no time-zone library): the
// zone's offset at an instant is read back from Intl's formatting of that instant in the zone.
// `timeZone` undefined means the device's own zone.
import { formatDateTime, formatTime } from './format';

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

// [year, month, day, hour, minute] of an instant on the zone's clock.
function partsIn(utcMs: number, timeZone: string | undefined): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour') % 24, get('minute')];
}

// How far the zone's clock is ahead of UTC at `utcMs`, in ms (-8 h in San Francisco in winter).
function offsetAt(utcMs: number, timeZone: string | undefined): number {
  const [year, month, day, hour, minute] = partsIn(utcMs, timeZone);
  const minuteStart = utcMs - (((utcMs % 60000) + 60000) % 60000);
  return Date.UTC(year, month - 1, day, hour, minute) - minuteStart;
}

// '2030-05-03 08:00' in America/Los_Angeles -> 2030-05-03T15:00:00Z; null when it is no such time
// (2030-02-30, 24:00, 08:60).
export function parseZoned(text: string, timeZone: string | undefined): Date | null {
  const match = WALL.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asIfUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour) return null;
  let utc = asIfUtc - offsetAt(asIfUtc, timeZone);
  utc = asIfUtc - offsetAt(utc, timeZone); // once more, for a change of offset in between (DST)
  return new Date(utc);
}

// An instant as 'YYYY-MM-DD HH:mm' on the zone's clock.
export function formatZoned(date: Date, timeZone: string | undefined): string {
  const [year, month, day, hour, minute] = partsIn(date.getTime(), timeZone);
  return `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`;
}

function sameDay(a: string, b: string, timeZone: string | undefined): boolean {
  return formatZoned(new Date(a), timeZone).slice(0, 10) === formatZoned(new Date(b), timeZone).slice(0, 10);
}

// "Tue, Dec 9, 7:00 AM", with the year when it is not this year's ("Wed, Mar 3, 2027, 10:00 AM").
export function formatStamp(iso: string, timeZone: string | undefined, now = Date.now()): string {
  const year = partsIn(Date.parse(iso), timeZone)[0];
  if (year === partsIn(now, timeZone)[0]) return formatDateTime(iso, timeZone);
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone,
  }).format(new Date(iso));
}

// "Tue, Dec 9, 7:00 AM – 10:30 AM" (the end's date too when it is another day).
export function formatWindow(start: string, end: string, timeZone: string | undefined): string {
  const to = sameDay(start, end, timeZone) ? formatTime(end, timeZone) : formatStamp(end, timeZone);
  return `${formatStamp(start, timeZone)} – ${to}`;
}

// "PST" / "GMT+1": the zone's short name at that instant.
export function zoneName(iso: string, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}
