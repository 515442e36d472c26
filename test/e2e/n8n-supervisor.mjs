// Runs `n8n start` (or `n8n webhook`, `n8n worker`: queue mode) as a child and makes sure it never outlives the
// process that started it.
// The harness starts this script detached (its own process group, with n8n and n8n's task runner in it),
// so a stop is one signal to the group. If the harness dies without stopping n8n (SIGKILL, crash, test
// runner timeout), this script notices that it was re-parented and stops n8n itself.
// Usage (with the n8n environment already set): <node24> n8n-supervisor.mjs <path to n8n/bin/n8n> [start|webhook|worker]
import { spawn } from 'node:child_process';

const STOP_GRACE_MS = 30_000;
const PARENT_CHECK_INTERVAL_MS = 1_000;

const n8nBin = process.argv[2];
const command = process.argv[3] ?? 'start';
if (!n8nBin || !['start', 'webhook', 'worker'].includes(command)) {
	process.stderr.write('usage: n8n-supervisor.mjs <n8n bin> [start|webhook|worker]\n');
	process.exit(2);
}

const originalParent = process.ppid;
const n8n = spawn(process.execPath, [n8nBin, command], { stdio: 'inherit' });
let stopRequested = false;

function say(message) {
	process.stderr.write(`[n8n-supervisor] ${message}\n`);
}

// Whatever stops n8n, it gets a bounded time to shut down; then the whole group is killed.
function startStopDeadline() {
	const timer = setTimeout(() => {
		say(`n8n still running ${STOP_GRACE_MS / 1000} s after the stop request: SIGKILL to the group`);
		process.kill(-process.pid, 'SIGKILL');
	}, STOP_GRACE_MS);
	timer.unref();
}

// The harness signals the whole group, so n8n already got this signal: forwarding it would be a second
// SIGTERM, which n8n does not handle (process.once) and which would kill it mid-shutdown.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
	process.on(signal, () => {
		if (stopRequested) return;
		stopRequested = true;
		startStopDeadline();
	});
}

const parentWatch = setInterval(() => {
	if (process.ppid === originalParent || stopRequested) return;
	stopRequested = true;
	say(`the process that started n8n (pid ${originalParent}) is gone: stopping n8n`);
	n8n.kill('SIGTERM');
	startStopDeadline();
}, PARENT_CHECK_INTERVAL_MS);

// n8n normally stops its task runner itself; after a crash the runner could linger, so anything left in the
// group goes with the supervisor. (The harness reads n8n's exit status from this log line.)
n8n.on('exit', (code, signal) => {
	clearInterval(parentWatch);
	say(`n8n exited (${signal ?? `code ${code}`})`);
	try {
		process.kill(-process.pid, 'SIGKILL');
	} catch {
		process.exit(code ?? 1); // not a group leader (started by hand): nothing else to clean up
	}
});
