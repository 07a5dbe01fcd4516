import { Box, Button, Callout, Field, FieldError, FieldGroup, FieldLabel, FieldRow, PasswordInput, TextInput } from '@rocket.chat/fuselage';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import { login } from '../../lib/endpoints';
import { describeError, retryAfterSeconds } from '../../lib/errors';
import { ApiError, type RestClient } from '../../lib/restClient';
import type { Session } from '../../lib/session';

/** Counts down the seconds a 429 asked to wait; the button stays disabled meanwhile. */
function useCountdown(): [number, (seconds: number) => void] {
	const [left, setLeft] = useState(0);
	useEffect(() => {
		if (left <= 0) {
			return undefined;
		}
		const timer = setTimeout(() => setLeft(left - 1), 1000);
		return () => clearTimeout(timer);
	}, [left]);
	return [left, setLeft];
}

function loginErrorText(error: unknown): string {
	if (error instanceof ApiError && error.status === 401) {
		return `${describeError(error)}: the username or password is wrong.`;
	}
	return describeError(error);
}

/** Rocket.Chat's login form: `POST login` with `{ user, password }`; the token goes to `localStorage`. */
export function LoginPage({ client, notice, onLoggedIn }: { client: RestClient; notice?: string; onLoggedIn(session: Session): void }) {
	const [user, setUser] = useState('');
	const [password, setPassword] = useState('');
	const [error, setError] = useState<string>();
	const [busy, setBusy] = useState(false);
	const [waitSeconds, setWaitSeconds] = useCountdown();
	const userRef = useRef<HTMLInputElement>(null);
	const ids = { user: useId(), password: useId(), error: useId() };

	useEffect(() => userRef.current?.focus(), []);

	const onSubmit = async (event: FormEvent) => {
		event.preventDefault();
		if (!user.trim() || !password) {
			setError('Enter your username or email and your password.');
			return;
		}
		setBusy(true);
		setError(undefined);
		try {
			const result = await login(client, user.trim(), password);
			onLoggedIn({ userId: result.userId, authToken: result.authToken });
		} catch (caught) {
			setError(loginErrorText(caught));
			setWaitSeconds(retryAfterSeconds(caught) ?? 0);
			setBusy(false);
		}
	};

	return (
		<Box display='flex' alignItems='center' justifyContent='center' minHeight='100vh' backgroundColor='surface-tint' color='default'>
			<Box is='main' width='full' maxWidth={400} padding={32} backgroundColor='surface-light' borderRadius='medium' elevation='1'>
				<Box is='h1' fontScale='h2' marginBlockEnd={8}>
					Contact Center
				</Box>
				<Box fontScale='p2' color='hint' marginBlockEnd={24}>
					Log in with your Rocket.Chat-compatible workspace account.
				</Box>
				{notice && !error && (
					<Callout type='info' marginBlockEnd={16}>
						{notice}
					</Callout>
				)}
				<form onSubmit={onSubmit} noValidate aria-describedby={error ? ids.error : undefined}>
					<FieldGroup>
						<Field>
							<FieldLabel htmlFor={ids.user} required>
								Email or username
							</FieldLabel>
							<FieldRow>
								<TextInput id={ids.user} ref={userRef} name='user' autoComplete='username' value={user} onChange={(event) => setUser((event.target as HTMLInputElement).value)} />
							</FieldRow>
						</Field>
						<Field>
							<FieldLabel htmlFor={ids.password} required>
								Password
							</FieldLabel>
							<FieldRow>
								<PasswordInput
									id={ids.password}
									name='password'
									autoComplete='current-password'
									value={password}
									onChange={(event) => setPassword((event.target as HTMLInputElement).value)}
								/>
							</FieldRow>
						</Field>
						{error && (
							<FieldError id={ids.error} role='alert'>
								{error}
							</FieldError>
						)}
						<Button type='submit' primary width='full' loading={busy} disabled={busy || waitSeconds > 0}>
							{waitSeconds > 0 ? `Log in (wait ${waitSeconds} s)` : 'Log in'}
						</Button>
					</FieldGroup>
				</form>
			</Box>
		</Box>
	);
}
