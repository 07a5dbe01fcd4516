import { Box, Button } from '@rocket.chat/fuselage';
import type { ReactNode } from 'react';

/**
 * The page chrome: a top bar naming the workspace area and the signed-in user, with Log out,
 * then the page. `aside` is the contextual bar, shown beside the page as in Rocket.Chat.
 */
export function PageFrame({ children, aside, user, onLogout }: { children: ReactNode; aside?: ReactNode; user?: string; onLogout?(): void }) {
	return (
		<Box display='flex' flexDirection='column' height='100vh' backgroundColor='surface-room' color='default'>
			<Box
				is='header'
				display='flex'
				alignItems='center'
				justifyContent='space-between'
				paddingInline={24}
				minHeight={64}
				borderBlockEndWidth='default'
				borderBlockEndStyle='solid'
				borderBlockEndColor='extra-light'
			>
				<Box is='span' fontScale='p2b' color='hint'>
					Omnichannel · Contact Center
				</Box>
				{onLogout && (
					<Box display='flex' alignItems='center'>
						{user && (
							<Box is='span' fontScale='p2' marginInlineEnd={12} title='Signed in as'>
								{user}
							</Box>
						)}
						<Button small secondary onClick={onLogout}>
							Log out
						</Button>
					</Box>
				)}
			</Box>
			<Box display='flex' flexGrow={1} minHeight={0}>
				<Box is='main' display='flex' flexDirection='column' flexGrow={1} minWidth={0}>
					{children}
				</Box>
				{aside}
			</Box>
		</Box>
	);
}
