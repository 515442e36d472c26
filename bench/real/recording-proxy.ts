/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmarks run in Node, not inside n8n */
// A loopback HTTP proxy in front of a Specter simulator that records every request it forwards (method, path with
// query, content type, body), so the export benchmark can replay exactly the calls n8n made, byte for byte, from a
// plain script. The plain script goes through a proxy of its own too, so both runs pay the same hop.
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** path and query, e.g. /putInfo.asp?action=newArticleSubmit&… */
	path: string;
	contentType: string | undefined;
	body: Buffer;
}

export interface RecordingProxy {
	/** http://127.0.0.1:<port>/ (with the trailing slash, like the simulator's url) */
	url: string;
	recorded: RecordedRequest[];
	close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
	return new Promise((done, fail) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.once('end', () => done(Buffer.concat(chunks)));
		stream.once('error', fail);
	});
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
	const target = new URL(targetUrl);
	const agent = new Agent({ keepAlive: true });
	const recorded: RecordedRequest[] = [];
	const server = createServer((incoming, outgoing) => {
		void readAll(incoming).then((body) => {
			const contentType = incoming.headers['content-type'];
			recorded.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', contentType, body });
			const forwarded = request(
				{
					host: target.hostname,
					port: target.port,
					method: incoming.method,
					path: incoming.url,
					agent,
					headers: { ...(contentType ? { 'content-type': contentType } : {}), 'content-length': String(body.length) },
				},
				(answer) => {
					outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(outgoing);
				},
			);
			forwarded.once('error', () => {
				if (!outgoing.headersSent) outgoing.writeHead(502);
				outgoing.end();
			});
			forwarded.end(body);
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		recorded,
		close: () =>
			new Promise<void>((done) => {
				agent.destroy();
				server.close(() => done());
				server.closeAllConnections();
			}),
	};
}
