/** The trimmed text, or undefined when it is empty or missing. */
export function nonEmpty(text: string | null | undefined): string | undefined {
	const trimmed = text?.trim();
	return trimmed ? trimmed : undefined;
}

/** Drops undefined properties, so records carry only the keys that have values (the wire layer sends every key it gets). */
export function compact<T extends object>(record: T): T {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
