/**
 * Date formatters, one per format. Inputs are RFC 3339 timestamps with an explicit
 * offset (the build rejects anything else), so no time zone of any machine leaks in.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const pad = (n: number) => String(n).padStart(2, "0");

/** Milliseconds since the epoch of an RFC 3339 timestamp. */
export function epochMs(timestamp: string): number {
  return Date.parse(timestamp);
}

/**
 * IMF-fixdate, e.g. `Tue, 01 Mar 2022 17:40:00 GMT`. This is the HTTP-date of RFC 9110
 * §5.6.7 and also an RFC 822 date-time with the four-digit year of RFC 1123 §5.2.14,
 * which RSS 2.0 asks for in `pubDate` and `lastBuildDate`. Sub-second parts are
 * truncated: an HTTP-date has one-second resolution.
 */
export function imfFixdate(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`
  );
}

/**
 * A human date in the newsroom's wall-clock time as written, e.g. `1 March 2022`,
 * read from the timestamp's own date part so the reader's or server's zone plays no part.
 */
export function displayDate(timestamp: string): string {
  const [year, month, day] = timestamp.slice(0, 10).split("-").map(Number) as [number, number, number];
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}
