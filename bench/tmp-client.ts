import { randomBytes } from 'node:crypto';
const base = 'http://127.0.0.1:3999/api/v1/';
async function call(method: string, path: string, body?: unknown, auth?: Record<string, string>) {
	const res = await fetch(base + path, { method, headers: { 'Content-Type': 'application/json', ...(auth ?? {}) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
	const json = (await res.json()) as any;
	if (res.status !== 200) throw new Error(`${path} ${res.status} ${JSON.stringify(json)}`);
	return json;
}
(async () => {
	const login = await call('POST', 'login', { user: 'rocketchat.internal.admin.test', password: 'rocketchat.internal.admin.test' });
	const admin = { 'X-User-Id': login.data.userId, 'X-Auth-Token': login.data.authToken };
	await call('POST', 'livechat/users/agent', { username: 'rocketchat.internal.admin.test' }, admin);
	await call('POST', 'users.setStatus', { status: 'online' }, admin);
	await call('POST', 'livechat/agent.status', { status: 'available' }, admin);
	await call('POST', 'settings/Livechat_Routing_Method', { value: 'Manual_Selection' }, admin);
	const t: Record<string, number[]> = {};
	const timed = async (k: string, fn: () => Promise<any>) => { const s = performance.now(); const r = await fn(); (t[k] ??= []).push(performance.now() - s); return r; };
	for (let i = 0; i < Number(process.argv[2] ?? 60); i++) {
		const token = `b-${randomBytes(6).toString('hex')}`;
		await timed('visitor', () => call('POST', 'livechat/visitor', { visitor: { token, name: 'B ' + token, email: token + '@b.example' } }));
		const { room } = await timed('room', () => call('GET', 'livechat/room?token=' + token));
		for (let j = 0; j < 3; j++) await timed('message', () => call('POST', 'livechat/message', { token, rid: room._id, msg: 'm' + j }));
		const { inquiry } = await call('GET', 'livechat/inquiries.getOne?roomId=' + room._id, undefined, admin);
		await timed('take', () => call('POST', 'livechat/inquiries.take', { inquiryId: inquiry._id }, admin));
		await timed('close', () => call('POST', 'livechat/room.closeByUser', { rid: room._id, comment: 'x' }, admin));
	}
	for (const [k, v] of Object.entries(t)) { v.sort((a, b) => a - b); console.log(k, 'p50', v[v.length >> 1].toFixed(1), 'max', v[v.length - 1].toFixed(1)); }
})();
