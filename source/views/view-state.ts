// Typed keys into a view's state bag (UiState owns the bags, one per view on the stack): a key
// says what its value is, so `get` needs no cast at the call site and `set` takes only that type.
import type {ViewKey} from './types.js';

/** A key whose value is a `T`; the name must be unique across features (`'describe.top'`). */
export function viewKey<T>(name: string): ViewKey<T> {
	return {name};
}
