/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
// A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI. WooCommerce only accepts
// Basic and query-string keys over HTTPS, so the simulator must speak TLS; clients trust this certificate
// explicitly (the `ca` option, or NODE_EXTRA_CA_CERTS for n8n).
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Certificate {
	certPath: string;
	keyPath: string;
	cert: Buffer;
	key: Buffer;
	/** removes the folder if this module created it as a temporary one */
	dispose(): Promise<void>;
}

/** A pair left in a given folder by an earlier run is reused while valid, so a running n8n keeps trusting it. */
function isReusable(certPath: string, keyPath: string, pem: Buffer | undefined): boolean {
	if (!pem || !existsSync(keyPath)) return false;
	try {
		const certificate = new X509Certificate(pem);
		const names = certificate.subjectAltName ?? '';
		const validForADay = new Date(certificate.validTo).getTime() > Date.now() + 86_400_000;
		return names.includes('IP Address:127.0.0.1') && names.includes('DNS:localhost') && validForADay && existsSync(certPath);
	} catch {
		return false;
	}
}

export async function ensureCertificate(dir?: string): Promise<Certificate> {
	const target = dir ?? (await mkdtemp(join(tmpdir(), 'woo-sim-cert-')));
	await mkdir(target, { recursive: true });
	const certPath = join(target, 'cert.pem');
	const keyPath = join(target, 'key.pem');
	const existing = dir && existsSync(certPath) ? await readFile(certPath) : undefined;
	if (!isReusable(certPath, keyPath, existing)) {
		await run('openssl', [
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-keyout',
			keyPath,
			'-out',
			certPath,
			'-days',
			'825',
			'-subj',
			'/CN=WooCommerce simulator',
			'-addext',
			'subjectAltName=IP:127.0.0.1,DNS:localhost',
		]);
	}
	return {
		certPath,
		keyPath,
		cert: await readFile(certPath),
		key: await readFile(keyPath),
		dispose: async () => {
			if (!dir) await rm(target, { recursive: true, force: true });
		},
	};
}
