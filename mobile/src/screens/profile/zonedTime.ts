// Wall-clock times in a spot's own time zone ('YYYY-MM-DD HH:mm', as an owner types them) to and
// from instants, with Intl only (no time-zone library): the offset at an instant is read back from
// Intl's formatting of it in that zone.

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

function partsIn(utcMs: number, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour') % 24, get('minute')];
}

// How far the zone's clock is ahead of UTC at `utcMs` (ms; -8 h in San Francisco in winter).
function offsetAt(utcMs: number, timeZone: string): number {
  const [year, month, day, hour, minute] = partsIn(utcMs, timeZone);
  const flooredToMinute = utcMs - (((utcMs % 60000) + 60000) % 60000);
  return Date.UTC(year, month - 1, day, hour, minute) - flooredToMinute;
}

// '2030-05-03 08:00' in America/Los_Angeles -> 2030-05-03T15:00:00Z; null when it is not such a time.
export function wallTimeToDate(text: string, timeZone: string): Date | null {
  const match = WALL.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asIfUtc);
  if (check.getUTCDate() !== day) return null; // 2030-02-30
  let instant = asIfUtc - offsetAt(asIfUtc, timeZone);
  const again = offsetAt(instant, timeZone); // across a daylight-saving change
  if (again !== asIfUtc - instant) instant = asIfUtc - again;
  return new Date(instant);
}

// An instant as 'YYYY-MM-DD HH:mm' on the zone's clock.
export function dateToWallTime(date: Date, timeZone: string): string {
  const [year, month, day, hour, minute] = partsIn(date.getTime(), timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}`;
}
