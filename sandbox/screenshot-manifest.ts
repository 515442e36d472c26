/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a Node helper of `npm run screenshots` and its test, not code that runs inside n8n */
// Where the template pictures live and how a picture is tied to the template it shows: manifest.json maps each
// template file to the sha256 of its content when `npm run screenshots` took the picture; test/build/screenshots.test.ts
// compares it with the templates as they are now.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TEMPLATES_DIR = resolve(__dirname, '..', 'workflows-templates');
export const SCREENSHOTS_DIR = join(TEMPLATES_DIR, 'screenshots');
export const MANIFEST_PATH = join(SCREENSHOTS_DIR, 'manifest.json');

/** template file name → sha256 (hex) of its content when its picture was taken */
export type ScreenshotManifest = Record<string, string>;

/** The template files, sorted: the folder's and its subfolders' (`multistore/…`), as the build validates them. */
export function templateFiles(): string[] {
	return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
		.flatMap((entry) => (entry.isDirectory() ? readdirSync(join(TEMPLATES_DIR, entry.name)).map((file) => `${entry.name}/${file}`) : [entry.name]))
		.filter((file) => file.endsWith('.json') && !file.startsWith('screenshots/'))
		.sort();
}

/** `specter-stock-to-woocommerce.json` → `specter-stock-to-woocommerce.png`; `multistore/x.json` → `multistore-x.png` */
export function pictureName(templateFile: string): string {
	return templateFile.replace(/\//g, '-').replace(/\.json$/, '.png');
}

/** sha256 of a template's text; line endings are normalised, so a checkout with CRLF hashes the same. */
export function templateHash(content: string): string {
	return createHash('sha256').update(content.replace(/\r\n/g, '\n')).digest('hex');
}

export function hashTemplateFile(templateFile: string): string {
	return templateHash(readFileSync(join(TEMPLATES_DIR, templateFile), 'utf8'));
}
