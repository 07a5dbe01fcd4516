import type { HTMLAttributes, LabelHTMLAttributes } from 'react';

/** Read by screen readers, not shown: labels and live announcements that the layout already implies. */
const HIDDEN_STYLE = {
	position: 'absolute',
	width: 1,
	height: 1,
	margin: -1,
	padding: 0,
	overflow: 'hidden',
	clip: 'rect(0 0 0 0)',
	whiteSpace: 'nowrap',
	border: 0,
} as const;

export function VisuallyHidden(props: HTMLAttributes<HTMLDivElement>) {
	return <div {...props} style={HIDDEN_STYLE} />;
}

export function VisuallyHiddenLabel(props: LabelHTMLAttributes<HTMLLabelElement>) {
	return <label {...props} style={HIDDEN_STYLE} />;
}
