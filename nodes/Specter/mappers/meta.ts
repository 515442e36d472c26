import type { WooMetaData } from './woo-types';

/**
 * The first non-empty value among `keys`, tried in the order given (so the caller's preferred key wins),
 * trimmed. Values that are objects (plugins store arrays in meta too) are ignored.
 */
export function firstMetaValue(metaData: WooMetaData[], keys: readonly string[]): string | undefined {
	for (const key of keys) {
		for (const entry of metaData) {
			if (entry.key !== key) continue;
			const value = typeof entry.value === 'number' ? String(entry.value) : entry.value;
			if (typeof value === 'string' && value.trim() !== '') return value.trim();
		}
	}
	return undefined;
}
