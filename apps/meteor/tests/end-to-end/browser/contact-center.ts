import { randomBytes } from 'node:crypto';

import { expect } from 'chai';
import type { Browser, Page } from 'puppeteer-core';

import { api, createUser, credentials, getSharedServer, request, TEST_ADMIN } from '../../data/api-data';
import { findChromium, launchChromium, screenshot, SCREENSHOT_DIR, waitForWebClient } from '../../data/browser';
import { SEARCH_DEBOUNCE_MS } from '../../../client/views/contacts/searchDebounce';
import { closeByUser, createRoom, createVisitor, getContact, makeAgentAvailable, sendMessage } from '../../data/livechat';

/*
 * The Contact Center in a real headless Chromium against the shared server: what an operator
 * does, step by step (each test continues where the previous one left off). Screenshots of
 * every screen go to test-artifacts/browser/.
 */

const suffix = randomBytes(3).toString('hex');
const digits = String(parseInt(suffix, 16) % 10000).padStart(4, '0');
const planField = `plan_${suffix}`;
const customerField = `customer_${suffix}`;
const name = `Browser Contact ${suffix}`;
const renamed = `Browser Contact ${suffix} (edited)`;
const phone = `+1 (555) ${digits}-7788`;
/** A fragment of the phone with regex metacharacters: the search matches it literally. */
const phoneFragment = `5) ${digits}-77`;

const text = (value: string) => `::-p-text(${JSON.stringify(value)})`;

async function saveCustomField(customFieldData: Record<string, unknown>): Promise<void> {
	await request.post(api('livechat/custom-fields.save')).set(credentials).send({ customFieldId: null, customFieldData }).expect(200);
}

async function logIn(page: Page, user: string, password: string): Promise<void> {
	await page.locator('input[name=user]').fill(user);
	await page.locator('input[name=password]').fill(password);
	await page.locator('button[type=submit]').click();
}

/** Focus moves in an effect after the render that shows the element, so wait for it rather than read it once. */
async function waitForFocus(page: Page, check: string): Promise<void> {
	await page.waitForFunction(`Boolean(${check})`);
}

describe('[browser] Contact Center', function () {
	this.timeout(60_000);

	const chromium = findChromium();
	let browser: Browser;
	let page: Page;
	let baseUrl: string;
	let contactId: string;

	before(async function () {
		if (!chromium) {
			if (process.env.CI) {
				throw new Error('No Chromium binary found: CI installs Debian chromium in .ci/run (or set CHROMIUM_PATH)');
			}
			process.stderr.write('\n\n!!! BROWSER TESTS SKIPPED: no Chromium binary (apt-get install chromium, or set CHROMIUM_PATH) !!!\n\n');
			this.skip();
		}
		this.timeout(240_000);
		baseUrl = getSharedServer().url;
		await saveCustomField({ field: planField, label: `Plan ${suffix}`, scope: 'visitor', visibility: 'visible', required: true, regexp: '^(gold|silver)$' });
		await saveCustomField({ field: customerField, label: `Customer ${suffix}`, scope: 'visitor', visibility: 'visible', regexp: '^[0-9]+$' });
		await waitForWebClient(baseUrl);
		browser = await launchChromium(chromium as string);
		page = await browser.newPage();
		page.setDefaultTimeout(20_000);
		await page.setViewport({ width: 1280, height: 800 });
	});

	after(async () => {
		await browser?.close();
		for (const customFieldId of [planField, customerField]) {
			await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId });
		}
		if (chromium) {
			process.stdout.write(`      screenshots: ${SCREENSHOT_DIR}\n`);
		}
	});

	it('logs in with the form, shows the API error text first, and keeps the token in localStorage', async () => {
		await page.goto(`${baseUrl}/`);
		await page.waitForSelector('input[name=user]');
		await screenshot(page, '01-login');
		await logIn(page, TEST_ADMIN, 'not the password');
		await page.waitForSelector(text('Unauthorized: the username or password is wrong.'));
		await screenshot(page, '02-login-error');

		await logIn(page, TEST_ADMIN, TEST_ADMIN);
		await page.waitForSelector('h1::-p-text(Contacts)');
		expect(new URL(page.url()).pathname).to.equal('/omnichannel/contacts');
		const stored = await page.evaluate(() => ({ userId: localStorage.getItem('Meteor.userId'), token: localStorage.getItem('Meteor.loginToken') }));
		expect(stored.userId).to.equal(TEST_ADMIN);
		expect(stored.token).to.be.a('string').and.not.equal('');
		await screenshot(page, '03-contacts-table');
	});

	it('creates a contact with custom fields, checking the regexp before sending', async () => {
		await page.locator('button::-p-text(New contact)').click();
		await page.waitForSelector('aside h2::-p-text(New contact)');
		await waitForFocus(page, "document.activeElement?.closest('aside')");
		await page.waitForSelector(`::-p-text(Format: ^(gold|silver)$)`);

		await page.locator('input[name=name]').fill(name);
		await page.locator('input[name="emails.0"]').fill(`browser.${suffix}@example.com`);
		await page.locator('input[name="phones.0"]').fill(phone);
		await page.locator(`input[name="customFields.${planField}"]`).fill('bronze');
		await page.locator('aside button::-p-text(Save)').click();
		await page.waitForSelector(text(`Plan ${suffix} must match ^(gold|silver)$`));
		// Focus moves to the first invalid field once the error is rendered.
		await page.waitForFunction((field) => (document.activeElement as HTMLInputElement | null)?.name === field, {}, `customFields.${planField}`);
		await screenshot(page, '04-new-contact-form');

		await page.locator(`input[name="customFields.${planField}"]`).fill('gold');
		await page.locator(`input[name="customFields.${customerField}"]`).fill('4711');
		await page.locator('aside button::-p-text(Save)').click();
		await page.waitForSelector('aside h2::-p-text(Contact details)');
		await page.waitForSelector(`aside ${text(name)}`);
		await page.waitForSelector(`aside ${text(`Plan ${suffix}`)}`);
		contactId = new URL(page.url()).pathname.split('/').pop() as string;

		const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200);
		expect(res.body.contact).to.include({ name });
		expect(res.body.contact.phones).to.deep.equal([{ phoneNumber: phone }]);
		expect(res.body.contact.customFields).to.deep.equal({ [planField]: 'gold', [customerField]: '4711' });
		await screenshot(page, '05-contact-details');
	});

	it('finds the contact by a fragment of its phone, sending at most one search per pause in typing', async () => {
		await page.keyboard.press('Escape');
		await page.waitForFunction(() => !document.querySelector('aside'));
		// Keystrokes and search requests timed on the page's own clock.
		await page.evaluate(() => {
			const keys: number[] = [];
			(window as unknown as { keyTimes: number[] }).keyTimes = keys;
			document.querySelector('input[type=search]')?.addEventListener('input', () => keys.push(performance.now()));
			performance.clearResourceTimings();
		});
		await page.type('input[type=search]', phoneFragment, { delay: 40 });
		await page.waitForSelector(`tr[data-contact-id="${contactId}"]`);
		await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-contact-id]').length === 1);
		await new Promise((resolve) => setTimeout(resolve, 800));
		const { keys, searches } = await page.evaluate(() => ({
			keys: (window as unknown as { keyTimes: number[] }).keyTimes,
			searches: performance
				.getEntriesByType('resource')
				.filter((entry) => entry.name.includes('/api/v1/omnichannel/contacts.search'))
				.map((entry) => ({ at: entry.startTime, searchText: new URL(entry.name).searchParams.get('searchText') })),
		}));
		expect(keys).to.have.length(phoneFragment.length);
		// A pause is a gap of at least the debounce delay after a keystroke (the last one always ends in one).
		const pauses = keys.filter((at, index) => index === keys.length - 1 || keys[index + 1] - at >= SEARCH_DEBOUNCE_MS).length;
		expect(searches.length).to.be.within(1, pauses);
		expect(searches[searches.length - 1].searchText).to.equal(phoneFragment);
		for (const search of searches) {
			const lastKey = Math.max(...keys.filter((at) => at <= search.at));
			expect(search.at - lastKey, 'a search starts only after a pause').to.be.at.least(SEARCH_DEBOUNCE_MS - 5);
		}
		await screenshot(page, '06-search-by-phone');
	});

	it('opens the contact with the keyboard and edits it', async () => {
		await page.focus(`tr[data-contact-id="${contactId}"]`);
		await page.keyboard.press('Enter');
		await page.waitForSelector('aside h2::-p-text(Contact details)');
		await waitForFocus(page, "document.activeElement?.tagName === 'H2' && document.activeElement.closest('aside')");

		await page.locator('aside button::-p-text(Edit)').click();
		await page.waitForSelector('aside h2::-p-text(Edit contact)');
		await page.waitForFunction((expected) => (document.querySelector('input[name=name]') as HTMLInputElement | null)?.value === expected, {}, name);
		await page.locator('input[name=name]').fill(renamed);
		await screenshot(page, '07-edit-contact');
		await page.locator('aside button::-p-text(Save)').click();
		await page.waitForSelector('aside h2::-p-text(Contact details)');
		await page.waitForSelector(`aside ${text(renamed)}`);
		await page.waitForSelector(`tr[data-contact-id="${contactId}"] ${text(renamed)}`);
	});

	it("shows the server's validation error next to the field it names", async () => {
		// The server's limits are workspace settings the page cannot read: lower one so only the server refuses.
		await request.post(api('settings/Omnichannel_Contact_Phone_Max_Length')).set(credentials).send({ value: 12 }).expect(200);
		try {
			await page.locator('aside button::-p-text(Edit)').click();
			await page.waitForSelector('aside h2::-p-text(Edit contact)');
			await page.locator('input[name="phones.0"]').fill('+1 555 0100 9999');
			await page.locator('aside button::-p-text(Save)').click();
			const message = 'The field phones[0] is longer than 12 characters';
			await page.waitForSelector(text(message));
			await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'phones.0');
			const field = await page.evaluate(() => {
				const input = document.querySelector('input[name="phones.0"]');
				const describedBy = input?.getAttribute('aria-describedby');
				return {
					invalid: input?.getAttribute('aria-invalid'),
					description: describedBy ? document.getElementById(describedBy)?.textContent : undefined,
					focused: document.activeElement === input,
				};
			});
			expect(field).to.deep.equal({ invalid: 'true', description: message, focused: true });
			await screenshot(page, '08-server-validation-error');
			await page.locator('aside button::-p-text(Cancel)').click();
			await page.waitForFunction(() => !document.querySelector('aside'));
		} finally {
			await request.post(api('settings/Omnichannel_Contact_Phone_Max_Length')).set(credentials).send({ value: 64 }).expect(200);
		}
	});

	it('deletes the contact after confirmation', async () => {
		await page.locator(`tr[data-contact-id="${contactId}"]`).click();
		await page.waitForSelector('aside h2::-p-text(Contact details)');
		await page.locator('aside button::-p-text(Delete)').click();
		await page.waitForSelector('[role=alertdialog]');
		await waitForFocus(page, "document.activeElement?.textContent === 'Cancel'");
		await screenshot(page, '09-delete-confirmation');
		await page.locator('[role=alertdialog] button::-p-text(Delete)').click();
		await page.waitForFunction(() => !document.querySelector('aside') && !document.querySelector('[role=alertdialog]'));
		await page.waitForFunction((id) => !document.querySelector(`tr[data-contact-id="${id}"]`), {}, contactId);
		await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(404);
		await screenshot(page, '10-after-delete');
	});

	it("shows a contact's channel, history and conflicts from livechat traffic; resolves the conflict, blocks the channel, lists unknown contacts", async () => {
		// A pre-registered contact picked up by a visitor with its email: the visitor's name becomes a conflict.
		const email = `livechat.${suffix}@example.com`;
		const created = await request
			.post(api('omnichannel/contacts'))
			.set(credentials)
			.send({ name: `Registered ${suffix}`, emails: [email], phones: [], customFields: { [planField]: 'silver' } })
			.expect(200);
		const livechatContactId: string = created.body.contactId;
		await makeAgentAvailable(TEST_ADMIN, credentials);
		const visitor = await createVisitor({ name: `Visitor ${suffix}`, email });
		const room = await createRoom(visitor.token);
		expect(room.contactId).to.equal(livechatContactId);
		await sendMessage(visitor.token, room._id, 'hello').expect(200);
		await closeByUser(room._id).expect(200);

		// A deep link opens the details bar directly.
		await page.goto(`${baseUrl}/omnichannel/contacts/details/${livechatContactId}`);
		await page.waitForSelector('aside h2::-p-text(Contact details)');
		await page.waitForSelector(`aside label ${text(`Visitor ${suffix}`)}`);
		await page.waitForSelector(`aside ${text('Closed ')}`);
		await page.waitForSelector('aside button[aria-label="Block api"]');
		await screenshot(page, '11-livechat-contact-details');

		await page.locator(`aside label::-p-text(Visitor ${suffix})`).click();
		await page.locator('aside button::-p-text(Resolve conflicts)').click();
		await page.waitForFunction(() => !document.querySelector('form[aria-label="Resolve conflicts"]'));
		const resolved = await getContact(livechatContactId);
		expect(resolved.name).to.equal(`Visitor ${suffix}`);
		expect(resolved.conflictingFields).to.deep.equal([]);

		await page.locator('aside button[aria-label="Block api"]').click();
		await page.waitForSelector('aside button[aria-label="Unblock api"]');
		await page.waitForSelector(`aside ${text('Blocked')}`);
		const blocked = await getContact(livechatContactId);
		expect(blocked.channels.map((channel: { blocked: boolean }) => channel.blocked)).to.deep.equal([true]);
		await screenshot(page, '12-channel-blocked');
		await page.locator('aside button[aria-label="Unblock api"]').click();
		await page.waitForSelector('aside button[aria-label="Block api"]');

		// A visitor nobody registered becomes an unknown contact, listed only by the toggle.
		const stranger = await createVisitor({ name: `Stranger ${suffix}` });
		const strangerRoom = await createRoom(stranger.token);
		await closeByUser(strangerRoom._id).expect(200);
		await page.keyboard.press('Escape');
		await page.locator('input[type=search]').fill(suffix);
		await page.waitForSelector(`tr[data-contact-id="${livechatContactId}"]`);
		expect(await page.$(`tr[data-contact-id="${strangerRoom.contactId}"]`)).to.equal(null);
		await page.locator('label::-p-text(Unknown contacts only)').click();
		await page.waitForSelector(`tr[data-contact-id="${strangerRoom.contactId}"] ${text('Unknown')}`);
		await page.waitForFunction((id) => !document.querySelector(`tr[data-contact-id="${id}"]`), {}, livechatContactId);
		await screenshot(page, '13-unknown-contacts');
		await page.locator('label::-p-text(Unknown contacts only)').click();
		await page.locator('input[type=search]').fill('');
	});

	it('shows a role-user account the permission message and no New contact button; logging out clears the token', async () => {
		const user = await createUser({ roles: ['user'] });
		const context = await browser.createBrowserContext();
		try {
			const userPage = await context.newPage();
			userPage.setDefaultTimeout(20_000);
			await userPage.setViewport({ width: 1280, height: 800 });
			await userPage.goto(`${baseUrl}/omnichannel/contacts`);
			await logIn(userPage, user.username, user.password);
			await userPage.waitForSelector(text('You are not allowed to view contacts'));
			await userPage.waitForSelector(text('Your roles do not include the view-livechat-contact permission. Ask a workspace administrator for access.'));
			expect(await userPage.$('button::-p-text(New contact)')).to.equal(null);
			await screenshot(userPage, '15-permission-message');

			await userPage.locator('button::-p-text(Log out)').click();
			await userPage.waitForSelector('input[name=user]');
			expect(await userPage.evaluate(() => localStorage.getItem('Meteor.loginToken'))).to.equal(null);
		} finally {
			await context.close();
		}
	});

	it("turns the server's 403 into a clear message when a permission is revoked, and a revoked token into the login form", async () => {
		const agent = await createUser({ roles: ['user', 'livechat-agent'] });
		const listed = await request.get(api('permissions.listAll')).set(credentials).expect(200);
		const original = listed.body.update.find((permission: { _id: string }) => permission._id === 'view-livechat-contact');
		const context = await browser.createBrowserContext();
		try {
			const agentPage = await context.newPage();
			agentPage.setDefaultTimeout(20_000);
			await agentPage.setViewport({ width: 1280, height: 800 });
			await agentPage.goto(`${baseUrl}/`);
			await logIn(agentPage, agent.username, agent.password);
			await agentPage.waitForSelector('input[type=search]');
			expect(await agentPage.$('button::-p-text(New contact)'), 'agents may create contacts').to.not.equal(null);

			const withoutAgent = original.roles.filter((role: string) => role !== 'livechat-agent');
			await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id: original._id, roles: withoutAgent }] }).expect(200);
			await agentPage.type('input[type=search]', 'anything');
			await agentPage.waitForSelector(text('You are not allowed to view contacts'));
			await agentPage.waitForSelector(text('You do not have permission to do this. The server said: User does not have the permissions required for this action'));
			await screenshot(agentPage, '16-forbidden-by-server');

			// A token revoked elsewhere: the next call answers 401 and the page asks to log in again.
			const session = await agentPage.evaluate(() => ({ 'X-User-Id': localStorage.getItem('Meteor.userId') ?? '', 'X-Auth-Token': localStorage.getItem('Meteor.loginToken') ?? '' }));
			await request.post(api('logout')).set(session).expect(200);
			await agentPage.type('input[type=search]', ' more');
			await agentPage.waitForSelector(text('Your session has ended. Log in again to continue.'));
			expect(await agentPage.evaluate(() => localStorage.getItem('Meteor.loginToken'))).to.equal(null);
		} finally {
			await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id: original._id, roles: original.roles }] }).expect(200);
			await context.close();
		}
	});
});
