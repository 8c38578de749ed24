// Re-renders its component every `ms` so ages ("updated 3s ago") move; only that component
// re-renders, so the table is not redrawn by the clock.
import {useEffect, useState} from 'react';

export function useNow(now: () => number, ms = 1000): number {
	const [, setTick] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setTick(t => t + 1), ms);
		return () => clearInterval(timer);
	}, [ms]);
	return now();
}
