// Every string that came from the API passes through clean() before it is drawn or printed:
// a service name or event message must never move the cursor, switch screens or ring the bell.
// ESC sequences (CSI, OSC, two-byte) are removed whole; remaining C0/C1 controls and DEL are dropped;
// tabs and newlines become spaces so a row stays one line.
const escapeSequences = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B]*(?:\u001B\\)?|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g;
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function clean(value: unknown): string {
	if (value === undefined || value === null) return '';
	const text = String(value);
	// Fast path: most strings have nothing to remove.
	if (!/[\u0000-\u001F\u007F-\u009F]/.test(text)) return text;
	return text.replace(escapeSequences, '').replace(/[\t\n\r]/g, ' ').replace(controls, '');
}

/**
 * A URL fit to show: any userinfo (`user:password@`, a token as user) becomes `***@`, e.g.
 * `http://***@host:4566/`. A URL without userinfo comes back unchanged; one that does not parse is
 * left as it is except for a `//…@` (or a leading `…@` when there is no scheme) taken out.
 */
export function redactUrl(url: string): string {
	if (!url.includes('@')) return url;
	try {
		const parsed = new URL(url);
		if (parsed.username || parsed.password) {
			parsed.username = '***';
			parsed.password = '';
			// A scheme that refuses the change keeps its userinfo: the patterns below take it out.
			if (parsed.username === '***' && !parsed.password) return parsed.href;
		}
	} catch {
		// Not a URL: the patterns below still apply.
	}
	const redacted = url.replace(/\/\/[^/?#]*@/g, '//***@');
	return redacted.includes('://') ? redacted : redacted.replace(/^[^/?#]*@/, '***@');
}
