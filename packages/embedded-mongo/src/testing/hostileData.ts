/** Data that looks like encoding tags or EJSON (as a custom field could hold it) yet is storable. */
export function hostileExtra(n: number): object {
	return { $ref: 'crash', $id: `zz${n}`, text: '{"$numberLong":"not-a-number"}', list: ['$oid', { $db: '$date' }] };
}
