/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// The template pictures (workflows-templates/screenshots/, made by `npm run screenshots` in the real n8n editor)
// against the templates as they are now: every template has a picture, and manifest.json holds the sha256 of the
// template content each picture shows, so a template changed since its picture fails here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	MANIFEST_PATH,
	SCREENSHOTS_DIR,
	hashTemplateFile,
	pictureName,
	templateFiles,
	templateHash,
	type ScreenshotManifest,
} from '../../sandbox/screenshot-manifest';

const RUN = 'Run `npm run screenshots` (about a minute) to take the pictures again, and commit them with the template.';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function readManifest(): ScreenshotManifest {
	assert.ok(existsSync(MANIFEST_PATH), `workflows-templates/screenshots/manifest.json is missing. ${RUN}`);
	return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as ScreenshotManifest;
}

test('every template has a picture, taken of its current content', () => {
	const manifest = readManifest();
	const problems: string[] = [];
	for (const file of templateFiles()) {
		const picture = join(SCREENSHOTS_DIR, pictureName(file));
		if (!existsSync(picture)) {
			problems.push(`${file} has no picture (workflows-templates/screenshots/${pictureName(file)})`);
		} else if (!readFileSync(picture).subarray(0, 8).equals(PNG_SIGNATURE)) {
			problems.push(`workflows-templates/screenshots/${pictureName(file)} is not a PNG file`);
		}
		if (manifest[file] === undefined) {
			problems.push(`${file} is not in workflows-templates/screenshots/manifest.json`);
		} else if (manifest[file] !== hashTemplateFile(file)) {
			problems.push(`${file} changed since its picture was taken (its sha256 differs from manifest.json)`);
		}
	}
	assert.equal(problems.length, 0, `${problems.join('\n')}\n${RUN}`);
});

test('no picture or manifest entry is left of a template that no longer exists', () => {
	const templates = new Set(templateFiles());
	const stale = [
		...Object.keys(readManifest()).filter((file) => !templates.has(file)),
		...readdirSync(SCREENSHOTS_DIR).filter(
			(file) => file.endsWith('.png') && ![...templates].some((template) => pictureName(template) === file),
		),
	];
	assert.deepEqual(stale, [], `pictures or manifest entries of templates that no longer exist. ${RUN}`);
});

test('the hash of a template ignores line endings, so a checkout with CRLF matches', () => {
	assert.equal(templateHash('{\r\n\t"name": "x"\r\n}\r\n'), templateHash('{\n\t"name": "x"\n}\n'));
	assert.notEqual(templateHash('{"name": "x"}'), templateHash('{"name": "y"}'));
	assert.match(templateHash(''), /^[0-9a-f]{64}$/);
});
