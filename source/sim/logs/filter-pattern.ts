// CloudWatch Logs filter patterns, the forms ecs-top and people commonly use:
//   ERROR                      a term (case-sensitive, anywhere in the line); several: all of them
//   "connection reset"         a phrase
//   -healthcheck  -"GET /"     none of these
//   ?ERROR ?WARN               any of these (with plain terms: those too)
//   { $.level = "error" }      JSON: = != (strings, * wildcards; numbers), < > <= >= (numbers),
//   { $.latency > 100 && ($.status = 500 || $.msg = "time*") }   IS NULL, NOT EXISTS, IS TRUE/FALSE
// Other forms (space-delimited `[a, b]`, `%regex%`) are refused with InvalidParameterException.
//
// Parsing is one left-to-right pass; matching is `includes` on literal text and a two-pointer
// wildcard match (one resume point, never nested), with no regular expression built from the
// pattern: parsing is linear in the pattern (at most 1024 characters) and a line costs at most
// its length times the pattern's, with no exponential case for any input.
import {invalid} from '../protocol.js';

export type Matcher = (message: string) => boolean;

const MAX_PATTERN = 1024;
const MAX_DEPTH = 16;

export function compilePattern(pattern: string | undefined): Matcher {
	const text = (pattern ?? '').trim();
	if (text === '') return () => true;
	if (text.length > MAX_PATTERN) throw invalid(`filterPattern is longer than ${MAX_PATTERN} characters.`);
	if (text.startsWith('{')) return jsonPattern(text);
	if (text.startsWith('[') || text.startsWith('%')) throw invalid(`The simulator does not support this filter pattern form: ${text.slice(0, 40)}`);
	return termPattern(text);
}

function termPattern(text: string): Matcher {
	const all: string[] = [];
	const none: string[] = [];
	const any: string[] = [];
	let i = 0;
	while (i < text.length) {
		if (text[i] === ' ' || text[i] === '\t') {
			i++;
			continue;
		}
		let list = all;
		if (text[i] === '?') {
			list = any;
			i++;
		} else if (text[i] === '-' && i + 1 < text.length && text[i + 1] !== ' ') {
			list = none;
			i++;
		}
		let term = '';
		if (text[i] === '"') {
			i++;
			while (i < text.length && text[i] !== '"') {
				if (text[i] === '\\' && i + 1 < text.length) i++;
				term += text[i++];
			}
			if (i >= text.length) throw invalid('Invalid filter pattern: unterminated quoted phrase.');
			i++;
		} else {
			while (i < text.length && text[i] !== ' ' && text[i] !== '\t') term += text[i++];
		}
		if (term === '') throw invalid('Invalid filter pattern: empty term.');
		list.push(term);
	}
	return message => all.every(t => message.includes(t)) && !none.some(t => message.includes(t)) && (any.length === 0 || any.some(t => message.includes(t)));
}

type Json = unknown;
type Node = (doc: Json) => boolean;

/** `*` matches any run of characters; linear-time two-pointer match with one backtrack point. */
export function wildcard(pattern: string, text: string): boolean {
	let p = 0;
	let t = 0;
	let star = -1;
	let mark = 0;
	while (t < text.length) {
		if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
			p++;
			t++;
		} else if (p < pattern.length && pattern[p] === '*') {
			star = p++;
			mark = t;
		} else if (star >= 0) {
			p = star + 1;
			t = ++mark;
		} else {
			return false;
		}
	}
	while (p < pattern.length && pattern[p] === '*') p++;
	return p === pattern.length;
}

function jsonPattern(text: string): Matcher {
	if (!text.endsWith('}')) throw invalid('Invalid filter pattern: a JSON pattern ends with }.');
	const parser = new JsonParser(text.slice(1, -1));
	const node = parser.parse();
	return message => {
		const start = message.indexOf('{');
		if (start < 0) return false;
		let doc: Json;
		try {
			doc = JSON.parse(message.slice(start));
		} catch {
			return false;
		}
		return typeof doc === 'object' && doc !== null && node(doc);
	};
}

const missing = Symbol('missing');

class JsonParser {
	private i = 0;

	constructor(private readonly s: string) {}

	parse(): Node {
		const node = this.or(0);
		this.space();
		if (this.i < this.s.length) throw this.error();
		return node;
	}

	private error(): Error {
		return invalid(`Invalid filter pattern near "${this.s.slice(this.i, this.i + 20)}".`);
	}

	private space(): void {
		while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
	}

	private eat(token: string): boolean {
		this.space();
		if (this.s.startsWith(token, this.i)) {
			this.i += token.length;
			return true;
		}
		return false;
	}

	private or(depth: number): Node {
		const parts = [this.and(depth)];
		while (this.eat('||')) parts.push(this.and(depth));
		return parts.length === 1 ? parts[0]! : doc => parts.some(p => p(doc));
	}

	private and(depth: number): Node {
		const parts = [this.primary(depth)];
		while (this.eat('&&')) parts.push(this.primary(depth));
		return parts.length === 1 ? parts[0]! : doc => parts.every(p => p(doc));
	}

	private primary(depth: number): Node {
		if (depth > MAX_DEPTH) throw invalid('Invalid filter pattern: nested too deeply.');
		if (this.eat('(')) {
			const node = this.or(depth + 1);
			if (!this.eat(')')) throw this.error();
			return node;
		}
		const path = this.selector();
		const get = (doc: Json): Json => {
			let v: Json = doc;
			for (const key of path) {
				if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return missing;
				v = (v as Record<string, Json>)[key];
			}
			return v;
		};
		this.space();
		if (this.eat('IS NULL')) return doc => get(doc) === null;
		if (this.eat('IS TRUE')) return doc => get(doc) === true;
		if (this.eat('IS FALSE')) return doc => get(doc) === false;
		if (this.eat('NOT EXISTS')) return doc => get(doc) === missing;
		const op = ['!=', '<=', '>=', '=', '<', '>'].find(o => this.eat(o));
		if (!op) throw this.error();
		const value = this.value();
		if (op === '=' || op === '!=') {
			const equal = (v: Json): boolean => typeof value === 'number'
				? typeof v === 'number' ? v === value : typeof v === 'string' && v !== '' && Number(v) === value
				: typeof v === 'string' ? wildcard(value, v) : (typeof v === 'number' || typeof v === 'boolean') && wildcard(value, String(v));
			return op === '=' ? doc => equal(get(doc)) : doc => {
				const v = get(doc);
				return v !== missing && !equal(v);
			};
		}
		if (typeof value !== 'number') throw invalid(`Invalid filter pattern: ${op} compares numbers.`);
		const compare = {'<': (a: number) => a < value, '>': (a: number) => a > value, '<=': (a: number) => a <= value, '>=': (a: number) => a >= value}[op]!;
		return doc => {
			const v = get(doc);
			return typeof v === 'number' && compare(v);
		};
	}

	private selector(): string[] {
		if (!this.eat('$')) throw this.error();
		const path: string[] = [];
		for (;;) {
			if (this.s[this.i] === '.') {
				this.i++;
				const start = this.i;
				while (this.i < this.s.length && /[\w@-]/.test(this.s[this.i]!)) this.i++;
				if (this.i === start) throw this.error();
				path.push(this.s.slice(start, this.i));
			} else if (this.s[this.i] === '[') {
				const end = this.s.indexOf(']', this.i);
				const index = this.s.slice(this.i + 1, end);
				if (end < 0 || !/^\d{1,6}$/.test(index)) throw this.error();
				path.push(index);
				this.i = end + 1;
			} else {
				break;
			}
		}
		if (path.length === 0) throw this.error();
		return path;
	}

	private value(): string | number {
		this.space();
		if (this.s[this.i] === '"') {
			let out = '';
			this.i++;
			while (this.i < this.s.length && this.s[this.i] !== '"') {
				if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
				out += this.s[this.i++];
			}
			if (this.i >= this.s.length) throw this.error();
			this.i++;
			return out;
		}
		const start = this.i;
		while (this.i < this.s.length && !/[\s)&|]/.test(this.s[this.i]!)) this.i++;
		const word = this.s.slice(start, this.i);
		if (word === '') throw this.error();
		return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word) ? Number(word) : word;
	}
}
