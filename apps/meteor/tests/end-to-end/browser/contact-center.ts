import { randomBytes } from 'node:crypto';

import { expect } from 'chai';
import type { Browser, Page } from 'puppeteer-core';

import { api, createUser, credentials, getSharedServer, request, TEST_ADMIN } from '../../data/api-data';
import { findChromium, launchChromium, screenshot, SCREENSHOT_DIR, waitForWebClient } from '../../data/browser';

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

async function focusIsInsideContextualBar(page: Page): Promise<boolean> {
	return page.evaluate(() => Boolean(document.activeElement?.closest('aside')));
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
		expect(await focusIsInsideContextualBar(page)).to.equal(true);
		await page.waitForSelector(`::-p-text(Format: ^(gold|silver)$)`);

		await page.locator('input[name=name]').fill(name);
		await page.locator('input[name="emails.0"]').fill(`browser.${suffix}@example.com`);
		await page.locator('input[name="phones.0"]').fill(phone);
		await page.locator(`input[name="customFields.${planField}"]`).fill('bronze');
		await page.locator('aside button::-p-text(Save)').click();
		await page.waitForSelector(text(`Plan ${suffix} must match ^(gold|silver)$`));
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).to.equal(`customFields.${planField}`);
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

	it('finds the contact by a fragment of its phone with one search request per pause in typing', async () => {
		await page.keyboard.press('Escape');
		await page.waitForFunction(() => !document.querySelector('aside'));
		const searches: string[] = [];
		const onRequest = (req: { url(): string }) => {
			if (req.url().includes('/api/v1/omnichannel/contacts.search')) {
				searches.push(new URL(req.url()).searchParams.get('searchText') ?? '');
			}
		};
		page.on('request', onRequest);
		await page.type('input[type=search]', phoneFragment, { delay: 40 });
		await page.waitForSelector(`tr[data-contact-id="${contactId}"]`);
		await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-contact-id]').length === 1);
		await new Promise((resolve) => setTimeout(resolve, 800));
		page.off('request', onRequest);
		expect(searches).to.deep.equal([phoneFragment]);
		await screenshot(page, '06-search-by-phone');
	});

	it('opens the contact with the keyboard and edits it', async () => {
		await page.focus(`tr[data-contact-id="${contactId}"]`);
		await page.keyboard.press('Enter');
		await page.waitForSelector('aside h2::-p-text(Contact details)');
		expect(await page.evaluate(() => document.activeElement?.tagName)).to.equal('H2');

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
		expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Cancel');
		await screenshot(page, '09-delete-confirmation');
		await page.locator('[role=alertdialog] button::-p-text(Delete)').click();
		await page.waitForFunction(() => !document.querySelector('aside') && !document.querySelector('[role=alertdialog]'));
		await page.waitForFunction((id) => !document.querySelector(`tr[data-contact-id="${id}"]`), {}, contactId);
		await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(404);
		await screenshot(page, '10-after-delete');
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
			await screenshot(userPage, '11-permission-message');

			await userPage.locator('button::-p-text(Log out)').click();
			await userPage.waitForSelector('input[name=user]');
			expect(await userPage.evaluate(() => localStorage.getItem('Meteor.loginToken'))).to.equal(null);
		} finally {
			await context.close();
		}
	});
});
