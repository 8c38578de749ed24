// Ordered indexes with cheap resumable pagination. Every record gets a sequence number when it is
// created; an index keeps its records sorted by it, so a nextToken is just "continue after seq N"
// (a binary search to resume, never a scan of what came before).
import {invalid} from './protocol.js';

export interface Sequenced {
	seq: number;
}

export class SeqList<T extends Sequenced> {
	private items: T[] = [];

	get size(): number {
		return this.items.length;
	}

	add(item: T): void {
		const a = this.items;
		if (a.length === 0 || a[a.length - 1]!.seq < item.seq) {
			a.push(item);
			return;
		}
		a.splice(this.lowerBound(item.seq), 0, item);
	}

	remove(item: T): boolean {
		const i = this.lowerBound(item.seq);
		if (this.items[i] !== item) return false;
		this.items.splice(i, 1);
		return true;
	}

	has(item: T): boolean {
		return this.items[this.lowerBound(item.seq)] === item;
	}

	values(): readonly T[] {
		return this.items;
	}

	/** Up to `limit` matching items after `afterSeq`, and the seq to continue after (if more may follow). */
	page(afterSeq: number, limit: number, match?: (item: T) => boolean): {items: T[]; next?: number} {
		const out: T[] = [];
		const a = this.items;
		for (let i = this.lowerBound(afterSeq + 1); i < a.length; i++) {
			const item = a[i]!;
			if (match && !match(item)) continue;
			if (out.length === limit) return {items: out, next: out[out.length - 1]!.seq};
			out.push(item);
		}
		return {items: out};
	}

	private lowerBound(seq: number): number {
		let lo = 0;
		let hi = this.items.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.items[mid]!.seq < seq) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}

/** Tokens are opaque to clients and tied to the operation and query that produced them. */
export function encodeToken(scope: string, seq: number): string {
	return Buffer.from(JSON.stringify({v: 1, s: scope, n: seq})).toString('base64url');
}

export function decodeToken(token: string | undefined, scope: string): number {
	if (token === undefined || token === '') return 0;
	try {
		const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {v?: number; s?: string; n?: number};
		if (parsed.v === 1 && parsed.s === scope && Number.isInteger(parsed.n)) return parsed.n!;
	} catch {
		// fall through
	}
	throw invalid('Invalid nextToken.');
}

/** A page of ARNs (or other values) with its token, in the wire shape of every List operation. */
export function listPage<T extends Sequenced>(
	list: SeqList<T>,
	scope: string,
	token: string | undefined,
	limit: number,
	match: ((item: T) => boolean) | undefined,
): {items: T[]; nextToken?: string} {
	const {items, next} = list.page(decodeToken(token, scope), limit, match);
	return next === undefined ? {items} : {items, nextToken: encodeToken(scope, next)};
}

/**
 * Names kept in code-unit order (how ECS sorts family names), for lists that page by name rather
 * than by creation: a token is "continue after this name", found again by binary search, so a name
 * added while a client pages is listed once if it sorts after the token and never twice.
 */
export class SortedStrings {
	private items: string[] = [];

	get size(): number {
		return this.items.length;
	}

	at(index: number): string | undefined {
		return this.items[index];
	}

	values(): readonly string[] {
		return this.items;
	}

	/** Adds `name` unless present. */
	add(name: string): void {
		const i = this.lowerBound(name);
		if (this.items[i] !== name) this.items.splice(i, 0, name);
	}

	/** The index of the first name ≥ `name`. */
	lowerBound(name: string): number {
		let lo = 0;
		let hi = this.items.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.items[mid]! < name) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** The index of the first name > `name`. */
	upperBound(name: string): number {
		const i = this.lowerBound(name);
		return this.items[i] === name ? i + 1 : i;
	}
}

/** A token that continues after `key` (a name, or a JSON key such as [family, revision]) within `scope`. */
export function encodeKeyToken(scope: string, key: string): string {
	return Buffer.from(JSON.stringify({v: 1, s: scope, k: key})).toString('base64url');
}

/** The key a token continues after (undefined for no token); a token of another query → InvalidParameterException. */
export function decodeKeyToken(token: string | undefined, scope: string): string | undefined {
	if (token === undefined || token === '') return undefined;
	try {
		const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {v?: number; s?: string; k?: unknown};
		if (parsed.v === 1 && parsed.s === scope && typeof parsed.k === 'string') return parsed.k;
	} catch {
		// fall through
	}
	throw invalid('Invalid nextToken.');
}
