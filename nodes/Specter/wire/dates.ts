// Calendar dates on a given time zone, with the Intl API alone (no dependencies, no environment, no scheduling).

/** The date of `instant` as YYYY-MM-DD on the wall clock of `timeZone` (an IANA name such as Europe/Stockholm). */
export function dateInTimeZone(instant: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
		instant,
	);
	const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((candidate) => candidate.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}
