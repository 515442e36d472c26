/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';
import { startSlackReceiver, type SlackReceiver } from './server';

let receiver: SlackReceiver;
beforeAll(async () => {
	receiver = await startSlackReceiver();
});
afterAll(async () => {
	await receiver.close();
});

const post = (body: string, contentType = 'application/json') =>
	fetch(receiver.url, { method: 'POST', headers: { 'content-type': contentType }, body });

test('keeps a message with text and answers "ok" as Slack does', async () => {
	const response = await post(JSON.stringify({ text: 'Order 48 failed' }));
	assert.equal(response.status, 200);
	assert.equal(await response.text(), 'ok');
	assert.deepEqual(
		receiver.messages.map((message) => [message.path, message.text]),
		[['/services/T000/B000/XXXX', 'Order 48 failed']],
	);
});

test('refuses a body that is not JSON, and one without text, keeping nothing', async () => {
	const before = receiver.messages.length;
	const notJson = await post('text=hello', 'application/x-www-form-urlencoded');
	assert.deepEqual([notJson.status, await notJson.text()], [400, 'invalid_payload']);
	const noText = await post(JSON.stringify({ blocks: [] }));
	assert.deepEqual([noText.status, await noText.text()], [400, 'no_text']);
	assert.equal(receiver.messages.length, before);
});
