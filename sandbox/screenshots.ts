/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- the screenshot tool is a Node program, not code that runs inside n8n */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- it runs apt-get to install Chromium and throws plain errors */
// `npm run screenshots`: the sandbox's stack (a real n8n 2.41 with this package, both credentials and every
// template imported, simulators behind it) on free ports, so it runs beside a sandbox; headless Chromium (Debian's
// `chromium`, installed here when missing) opens each template in the n8n editor, closes n8n's pop-ups, zooms to
// fit and writes workflows-templates/screenshots/<template>.png and manifest.json (the sha256 of each template
// the pictures show; test/build/screenshots.test.ts fails when a template changes without a new picture).
// Then everything it started is stopped. SCREENSHOTS_DEBUG=1 also keeps the whole editor's picture and HTML, as opened
// and as fitted, in .sandbox/screenshots-debug/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { N8N_OWNER, REPO_ROOT, createTempDir } from '../test/e2e/harness';
import { SPECTER_CREDENTIAL_NAME, WOOCOMMERCE_CREDENTIAL_NAME, readTemplates, startStack, type Stack } from '../test/e2e/stack';
import {
	MANIFEST_PATH,
	SCREENSHOTS_DIR,
	TEMPLATES_DIR,
	hashTemplateFile,
	pictureName,
	templateFiles,
	type ScreenshotManifest,
} from './screenshot-manifest';

const CHROMIUM = '/usr/bin/chromium';
/** The editor's size; the canvas part of it becomes the picture. */
const VIEWPORT = { width: 1600, height: 1000, deviceScaleFactor: 1.5 };
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	// without these Chromium phones home at start, and on a closed network its connections are refused
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

class ScreenshotError extends Error {}

/** The little of the page's DOM the functions run in Chromium use (this program's TypeScript has no DOM types). */
interface Rect {
	left: number;
	top: number;
	right: number;
	bottom: number;
	width: number;
	height: number;
}
interface PageElement {
	getBoundingClientRect(): Rect;
	click(): void;
}
interface PageGlobals {
	document: {
		querySelector(selector: string): PageElement | null;
		querySelectorAll(selector: string): ArrayLike<PageElement>;
		fonts: { ready: Promise<unknown> };
		head: { append(element: unknown): void };
		createElement(tag: 'style'): { textContent: string; id: string };
		getElementById(id: string): unknown;
	};
	getComputedStyle(element: PageElement): { display: string; visibility: string; opacity: string };
}

/** n8n's pop-ups, tooltips, toasts and banners, and the editor's floating buttons, which are no part of a workflow. */
const HIDDEN_IN_PICTURES = [
	// pop-ups, toasts, tooltips, banners
	'.el-overlay',
	'.el-notification',
	'.el-message',
	'.el-popper',
	'[data-reka-popper-content-wrapper]',
	'[role="menu"]',
	'[role="tooltip"]',
	'[role="dialog"]',
	'[data-test-id="banner-stack"]',
	// canvas controls and buttons over the canvas
	'[data-test-id="canvas-controls"]',
	'[data-test-id="canvas-minimap"]',
	'[data-test-id="canvas-node-toolbar"]',
	'[data-test-id="canvas-handle-plus-wrapper"]',
	'[data-test-id="execute-workflow-button"]',
	'[data-test-id^="execute-workflow-button-"]',
	// the execute button's split part and divider
	'div:has(> span > [data-test-id="execute-workflow-button"])',
	'[data-test-id="node-creator-plus-button"]',
	'[data-test-id="command-bar-button"]',
	'[data-test-id="add-sticky-button"]',
	'[data-test-id="toggle-focus-panel-button"]',
	'[data-test-id="instance-ai-canvas-action-button"]',
	'.tab-bar-container',
];
/** Buttons that close n8n's pop-ups (dialogs, toasts, banners, the assistant's panel). */
const CLOSE_BUTTONS = [
	'.el-dialog__headerbtn',
	'.el-notification__closeBtn',
	'.el-message__closeBtn',
	'[data-test-id="banner-stack"] [data-test-id$="close-button"]',
	'[data-test-id="close-chat-button"]',
];

/** Space around the workflow in its picture, in CSS pixels. */
const MARGIN = 24;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Debian's chromium, installed with apt-get when it is not there (we run as root on the project's machines). */
function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	console.log(`${CHROMIUM} not found: installing Debian's chromium package (apt-get update && apt-get install -y chromium)...`);
	for (const args of [['update'], ['install', '-y', 'chromium']]) {
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0) {
			throw new ScreenshotError(
				`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status ?? result.signal}`}); ` +
					`install Chromium yourself (apt-get install chromium, as root) so that ${CHROMIUM} exists, then run npm run screenshots again`,
			);
		}
	}
	if (!existsSync(CHROMIUM)) throw new ScreenshotError(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

/** The owner's n8n-auth cookie, from the same login the editor's form sends. */
async function login(baseUrl: string): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: N8N_OWNER.email, password: N8N_OWNER.password }),
	});
	await response.body?.cancel();
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (!response.ok || !cookie) throw new ScreenshotError(`n8n login failed: HTTP ${response.status}`);
	return cookie.split(';')[0].slice('n8n-auth='.length);
}

async function debugDump(page: Page, name: string): Promise<void> {
	if (process.env.SCREENSHOTS_DEBUG !== '1') return;
	const dir = join(REPO_ROOT, '.sandbox', 'screenshots-debug');
	mkdirSync(dir, { recursive: true });
	await page.screenshot({ path: join(dir, `${name}.png`) as `${string}.png` });
	writeFileSync(join(dir, `${name}.html`), await page.content());
}

/** The mouse to an empty corner of the canvas (a hovered node shows its toolbar and run button). */
async function moveMouseAway(page: Page): Promise<void> {
	const corner = await page.evaluate(() => {
		const canvas = (globalThis as unknown as PageGlobals).document.querySelector('[data-test-id="canvas-wrapper"]');
		const rect = canvas?.getBoundingClientRect();
		return rect ? { x: rect.left + 4, y: rect.bottom - 4 } : { x: 1, y: 1 };
	});
	await page.mouse.move(corner.x, corner.y, { steps: 5 });
}

/** Clicks every visible close button of n8n's pop-ups, presses Escape, and moves the mouse to an empty corner. */
async function closePopups(page: Page): Promise<number> {
	const closed = await page.evaluate((selectors: string[]) => {
		const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
		let count = 0;
		for (const selector of selectors) {
			for (const button of Array.from(document.querySelectorAll(selector))) {
				const style = getComputedStyle(button);
				const { width, height } = button.getBoundingClientRect();
				if (width > 0 && height > 0 && style.display !== 'none' && style.visibility !== 'hidden') {
					button.click();
					count++;
				}
			}
		}
		return count;
	}, CLOSE_BUTTONS);
	// menus and dropdowns close on Escape, one layer at a time
	for (let press = 0; press < 3; press++) {
		await page.keyboard.press('Escape');
		await sleep(100);
	}
	await moveMouseAway(page);
	return closed;
}

/** Whatever is left of pop-ups, and the editor's own floating buttons, hidden by a style sheet. */
async function hideEditorChrome(page: Page): Promise<void> {
	await page.evaluate((selectors: string[]) => {
		const { document } = globalThis as unknown as PageGlobals;
		if (document.getElementById('screenshots-hide')) return;
		const style = document.createElement('style');
		style.id = 'screenshots-hide';
		style.textContent = `${selectors.join(',\n')} { visibility: hidden !important; }`;
		document.head.append(style);
	}, HIDDEN_IN_PICTURES);
}

/** n8n's "Zoom to fit" button, then the time its animation takes. */
async function zoomToFit(page: Page): Promise<void> {
	await page.evaluate(() => {
		const button = (globalThis as unknown as PageGlobals).document.querySelector('[data-test-id="zoom-to-fit"]');
		if (!button) throw new Error('the editor has no "Zoom to fit" button ([data-test-id="zoom-to-fit"])');
		button.click();
	});
	await sleep(800);
}

/** The rectangle around every node, sticky note, label and connection, and the canvas's own rectangle. */
function workflowBounds(page: Page): Promise<{ workflow: Rect; canvas: Rect }> {
	return page.evaluate(() => {
		const { document } = globalThis as unknown as PageGlobals;
		const canvasElement = document.querySelector('[data-test-id="canvas-wrapper"]');
		if (!canvasElement) throw new Error('the editor has no canvas ([data-test-id="canvas-wrapper"])');
		const canvas = canvasElement.getBoundingClientRect();
		const parts = Array.from(document.querySelectorAll('.vue-flow__node, .vue-flow__node *, .vue-flow__edge path, .vue-flow__edge-label'))
			.map((element) => element.getBoundingClientRect())
			.filter((rect) => rect.width > 0 && rect.height > 0);
		const left = Math.min(...parts.map((rect) => rect.left));
		const top = Math.min(...parts.map((rect) => rect.top));
		const right = Math.max(...parts.map((rect) => rect.right));
		const bottom = Math.max(...parts.map((rect) => rect.bottom));
		return {
			workflow: { left, top, right, bottom, width: right - left, height: bottom - top },
			canvas: { left: canvas.left, top: canvas.top, right: canvas.right, bottom: canvas.bottom, width: canvas.width, height: canvas.height },
		};
	});
}

/** Opens one workflow in the editor and returns the picture of the workflow on its canvas. */
async function pictureOfWorkflow(page: Page, baseUrl: string, workflowId: string, nodeCount: number, name: string): Promise<Uint8Array> {
	await page.setViewport(VIEWPORT);
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
	try {
		await page.waitForFunction(
			(count: number) => (globalThis as unknown as PageGlobals).document.querySelectorAll('.vue-flow__node').length >= count,
			{ timeout: 60_000 },
			nodeCount,
		);
		await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 }).catch(() => undefined);
		await page.evaluate(() => (globalThis as unknown as PageGlobals).document.fonts.ready);
	} catch (error) {
		await debugDump(page, `${name}-failed`);
		throw new ScreenshotError(`the editor did not show the ${nodeCount} nodes of ${name}: ${(error as Error).message}`);
	}
	// pop-ups come a moment after the editor (toasts, the assistant, surveys): give them the time to show up
	await sleep(1500);
	await debugDump(page, `${name}-opened`);
	const closed = await closePopups(page);
	if (closed > 0) console.log(`    closed ${closed} pop-up(s)`);
	await zoomToFit(page);
	// A canvas of the workflow's proportions makes the most of the picture: resize once, then fit again.
	const { workflow, canvas } = await workflowBounds(page);
	const canvasHeight = Math.round((canvas.width * (workflow.height + 2 * MARGIN)) / (workflow.width + 2 * MARGIN));
	const height = Math.min(1600, Math.max(600, VIEWPORT.height - canvas.height + canvasHeight));
	await page.setViewport({ ...VIEWPORT, height });
	await sleep(300);
	await closePopups(page);
	await zoomToFit(page);
	await hideEditorChrome(page);
	await moveMouseAway(page);
	await sleep(300);
	const bounds = await workflowBounds(page);
	const left = Math.max(bounds.canvas.left, bounds.workflow.left - MARGIN);
	const top = Math.max(bounds.canvas.top, bounds.workflow.top - MARGIN);
	const right = Math.min(bounds.canvas.right, bounds.workflow.right + MARGIN);
	const bottom = Math.min(bounds.canvas.bottom, bounds.workflow.bottom + MARGIN);
	await debugDump(page, `${name}-fitted`);
	return page.screenshot({ clip: { x: left, y: top, width: right - left, height: bottom - top } });
}

/** Writes one picture per template file; `hashes` are the templates' hashes when the stack imported them. */
async function takePictures(stack: Stack, browser: Browser, hashes: ScreenshotManifest): Promise<ScreenshotManifest> {
	const baseUrl = stack.n8n.baseUrl;
	const page = await browser.newPage();
	// tsx names functions with a helper, __name, that the functions sent to the page would otherwise miss
	await page.evaluateOnNewDocument('globalThis.__name = globalThis.__name || ((target) => target);');
	await browser.setCookie({ name: 'n8n-auth', value: await login(baseUrl), domain: '127.0.0.1', path: '/' });
	const manifest: ScreenshotManifest = {};
	mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	for (const file of Object.keys(hashes)) {
		const workflowId = stack.workflows[file];
		if (!workflowId) throw new ScreenshotError(`${file} was not imported into n8n`);
		const { nodes } = await stack.n8n.api<{ nodes: unknown[] }>('GET', `/workflows/${workflowId}`);
		const picture = await pictureOfWorkflow(page, baseUrl, workflowId, nodes.length, file.replace(/\.json$/, ''));
		const target = join(SCREENSHOTS_DIR, pictureName(file));
		writeFileSync(target, picture);
		manifest[file] = hashes[file];
		console.log(`  ${relative(REPO_ROOT, target)}`);
	}
	return manifest;
}

/**
 * The WooCommerce credentials the multi-store templates name ("WooCommerce store 1", ...) do not exist in the stack:
 * they are made on the stack's store and those templates imported again, so that their pictures show the nodes as
 * a merchant who created the credentials sees them.
 */
async function withStoreCredentials(stack: Stack): Promise<void> {
	const templates = readTemplates('multistore') as Record<string, { nodes: Array<{ credentials?: Record<string, { name: string }> }> }>;
	const names = new Set(
		Object.values(templates).flatMap((template) => template.nodes.flatMap((node) => Object.values(node.credentials ?? {}).map((credential) => credential.name))),
	);
	for (const name of [...names].filter((candidate) => ![SPECTER_CREDENTIAL_NAME, WOOCOMMERCE_CREDENTIAL_NAME].includes(candidate))) {
		const { woo } = stack;
		await stack.n8n.createCredential({
			name,
			type: 'wooCommerceApi',
			data: { url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, includeCredentialsInQuery: false },
		});
	}
	for (const [file, template] of Object.entries(templates)) stack.workflows[file] = (await stack.n8n.createWorkflow(template)).id;
}

async function main(): Promise<void> {
	const started = Date.now();
	ensureChromium();
	// Hashes of the templates as the stack is about to import them: a template edited during the run is noticed.
	const hashesAtStart = Object.fromEntries(templateFiles().map((file) => [file, hashTemplateFile(file)]));
	console.log('Starting n8n and the simulators on free ports (about 30 s; the first run installs n8n: 3-5 minutes)...');
	let stack: Stack | undefined;
	let browser: Browser | undefined;
	let stopping: Promise<void> | undefined;
	const stopAll = () =>
		(stopping ??= (async () => {
			await browser?.close().catch(() => undefined);
			await stack?.stop();
		})());
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			console.log(`\n${signal}: stopping Chromium, n8n and the simulators...`);
			void stopAll().finally(() => process.exit(1));
		});
	}
	try {
		stack = await startStack({ activateWorkflows: false, templates: templateFiles(), log: (message) => console.log(`  ${message}`) });
		await withStoreCredentials(stack);
		browser = await puppeteer.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			userDataDir: createTempDir('screenshots-chromium-'),
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		});
		console.log(`Chromium ${await browser.version()}: taking the pictures...`);
		const manifest = await takePictures(stack, browser, hashesAtStart);
		// added, removed or edited since the stack imported them
		const changed = [...new Set([...templateFiles(), ...Object.keys(manifest)])].filter(
			(file) => !existsSync(join(TEMPLATES_DIR, file)) || hashTemplateFile(file) !== manifest[file],
		);
		// pictures of templates that no longer exist
		for (const file of readdirSync(SCREENSHOTS_DIR)) {
			if (file.endsWith('.png') && !Object.keys(manifest).some((template) => pictureName(template) === file)) {
				rmSync(join(SCREENSHOTS_DIR, file));
				console.log(`  removed ${file} (no such template)`);
			}
		}
		writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, '\t')}\n`);
		console.log(`  ${relative(REPO_ROOT, MANIFEST_PATH)}`);
		if (changed.length > 0) {
			throw new ScreenshotError(`${changed.join(', ')} changed while the pictures were taken: run npm run screenshots again`);
		}
	} finally {
		await stopAll();
	}
	console.log(`Done in ${seconds(started)}; n8n, the simulators and Chromium are stopped.`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
