import { Contextualbar, ContextualbarAction, ContextualbarContent, ContextualbarFooter, ContextualbarHeader, ContextualbarTitle } from '@rocket.chat/fuselage';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Rocket.Chat's contextual bar beside the table. When it opens (or shows another contact)
 * focus moves to its heading, so keyboard and screen-reader users land in it; Escape closes it.
 */
export function ContactContextualBar({
	title,
	focusKey,
	onClose,
	children,
	footer,
}: {
	title: string;
	/** Focus moves to the heading whenever this changes (another contact, another mode). */
	focusKey: string;
	onClose(): void;
	children: ReactNode;
	footer?: ReactNode;
}) {
	const headingId = useId();
	const headingRef = useRef<HTMLHeadingElement>(null);

	useEffect(() => headingRef.current?.focus(), [focusKey]);

	return (
		<Contextualbar
			is='aside'
			aria-labelledby={headingId}
			width={420}
			onKeyDown={(event: KeyboardEvent) => {
				if (event.key === 'Escape' && !event.defaultPrevented) {
					onClose();
				}
			}}
		>
			<ContextualbarHeader>
				<ContextualbarTitle>
					<h2 id={headingId} ref={headingRef} tabIndex={-1} style={{ font: 'inherit', margin: 0, outline: 'none' }}>
						{title}
					</h2>
				</ContextualbarTitle>
				<ContextualbarAction name='cross' title='Close' aria-label='Close' onClick={onClose} />
			</ContextualbarHeader>
			<ContextualbarContent overflow='auto' paddingBlockEnd={16}>
				{children}
			</ContextualbarContent>
			{footer && <ContextualbarFooter>{footer}</ContextualbarFooter>}
		</Contextualbar>
	);
}
