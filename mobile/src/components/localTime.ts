// Times typed by the user: 'YYYY-MM-DD HH:mm' in the device's local time, turned into Dates (and so
// into UTC ISO strings for the API) and back.
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

export function parseLocal(text: string): Date | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const date = new Date(year, month - 1, day, hour, minute);
  // refuse dates that rolled over (2026-02-31) or hours past 23
  if (date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour) return null;
  return date;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatLocal(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// now + `minutes`, rounded up to the next multiple of `step` minutes, seconds dropped. Bookings take
// 15 minutes: the service accepts only times on the 15-minute grid.
export function soon(minutes = 10, step = 15, now = new Date()): Date {
  const date = new Date(now.getTime() + minutes * 60_000);
  date.setSeconds(0, 0);
  const over = date.getMinutes() % step;
  if (over) date.setMinutes(date.getMinutes() + step - over);
  return date;
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}
