// JSON text exactly as Python's json.dumps(value) writes it with its defaults, which is how the AWS
// CLI hands a session to session-manager-plugin: ", " and ": " between items, every character
// outside printable ASCII escaped as \uXXXX (lower-case hex, UTF-16 surrogate pairs above U+FFFF:
// ensure_ascii), DEL included; \b \f \n \r \t and \" \\ as short escapes; "/" left alone. Keys keep
// their insertion order (Python's dicts do too). Only what sessions hold is accepted: strings,
// integers, booleans, null, arrays and plain objects.
const short: Record<string, string> = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'};

function pythonString(text: string): string {
	let out = '"';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		const code = text.charCodeAt(i);
		if (short[ch] !== undefined) out += short[ch];
		else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
		else out += ch;
	}
	return `${out}"`;
}

export function pythonJsonDumps(value: unknown): string {
	if (value === null) return 'null';
	if (value === true) return 'true';
	if (value === false) return 'false';
	if (typeof value === 'string') return pythonString(value);
	if (typeof value === 'number') {
		// A float would print differently (Python's 1.0 is JS's 1): sessions have none.
		if (!Number.isSafeInteger(value)) throw new RangeError(`pythonJsonDumps: ${value} is not an integer`);
		return String(value);
	}
	if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
	if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		// undefined-valued keys are absent, as JSON.stringify has them (a Python dict would not hold them).
		const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
		return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
	}
	throw new TypeError(`pythonJsonDumps: cannot write ${typeof value}`);
}
