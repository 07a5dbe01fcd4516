import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Browser-test harness: Debian's Chromium (installed by `.ci/run`, never downloaded) driven by
 * puppeteer-core, and a git-ignored folder for the screenshots the tests leave as artifacts.
 */

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../../test-artifacts/browser');

/** `CHROMIUM_PATH`, else the first Debian/Ubuntu Chromium found. */
export function findChromium(): string | undefined {
	const configured = process.env.CHROMIUM_PATH;
	if (configured) {
		return existsSync(configured) ? configured : undefined;
	}
	return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** Headless as root, with no traffic to the outside (this machine's network is closed). */
export function launchChromium(executablePath: string): Promise<Browser> {
	return puppeteer.launch({
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
}

export async function screenshot(page: Page, name: string): Promise<void> {
	await mkdir(SCREENSHOT_DIR, { recursive: true });
	await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) as `${string}.png` });
}

/** The server builds the page in the background at start: wait until `/` serves it. */
export async function waitForWebClient(baseUrl: string, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(`${baseUrl}/`).catch(() => undefined);
		if (res?.status === 200) {
			return;
		}
		if (res && res.status !== 503) {
			throw new Error(`GET / answered ${res.status}: ${await res.text()}`);
		}
		if (Date.now() > deadline) {
			throw new Error(`the Contact Center was not built within ${timeoutMs} ms`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
