// Field-name shapes of JSON responses: every nested key path, arrays written `[]`
// (`tasks[].containers[].exitCode`). Empty arrays and objects are remembered, because what is
// inside them cannot be compared with the other side.

export interface Shape {
	paths: Set<string>;
	/** Paths whose value was `[]` or `{}` in every occurrence. */
	empty: Set<string>;
}

export function shapeOf(value: unknown): Shape {
	const paths = new Set<string>();
	const filled = new Set<string>();
	const emptyAt = new Set<string>();
	const walk = (v: unknown, at: string) => {
		if (Array.isArray(v)) {
			if (v.length === 0) emptyAt.add(at);
			else filled.add(at);
			for (const item of v) walk(item, `${at}[]`);
			return;
		}

		// The SDK parses timestamps into Dates: a value, not a structure.
		if (v instanceof Date) return;
		if (v !== null && typeof v === 'object') {
			const entries = Object.entries(v);
			if (entries.length === 0) emptyAt.add(at);
			else filled.add(at);
			for (const [key, child] of entries) {
				const path = at === '' ? key : `${at}.${key}`;
				paths.add(path);
				walk(child, path);
			}
		}
	};

	walk(value, '');
	const empty = new Set([...emptyAt].filter(p => !filled.has(p)));
	return {paths, empty};
}

export interface ShapeDiff {
	/** Field paths only the first side has (its contents seen, the other's container non-empty or absent). */
	onlyInFirst: string[];
	onlyInSecond: string[];
	/** Paths inside a container the other side returned empty: nothing to compare against. */
	undetermined: string[];
}

/** The containers enclosing a field: `a[].b.c` → ['a', 'a[].b']. */
function enclosing(path: string): string[] {
	const parts = path.split('.');
	const out: string[] = [];
	for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('.').replace(/\[\]$/, ''));
	return out;
}

export function diffShapes(first: Shape, second: Shape): ShapeDiff {
	const undetermined: string[] = [];
	const side = (a: Shape, b: Shape) => [...a.paths].filter(path => {
		if (b.paths.has(path)) return false;
		if (enclosing(path).some(c => b.empty.has(c))) {
			undetermined.push(path);
			return false;
		}

		return true;
	}).sort();
	return {onlyInFirst: side(first, second), onlyInSecond: side(second, first), undetermined: undetermined.sort()};
}
