// Re-renders its component after `nextInMs` (re-armed after every render), so ages ("updated 3s
// ago") and countdowns move. Every repaint costs a full Ink frame, so callers ask for the next
// tick only when the picture would otherwise lie: a late refresh, a backoff countdown, a status
// message to fade; otherwise they ask for one at the moment it would start to lie.
import {useEffect, useState} from 'react';

export function useNow(now: () => number, nextInMs: number | undefined = 1000): number {
	const [tick, setTick] = useState(0);
	useEffect(() => {
		if (nextInMs === undefined) return;
		const timer = setTimeout(() => setTick(t => t + 1), Math.max(50, nextInMs));
		return () => clearTimeout(timer);
	}, [tick, nextInMs]);
	return now();
}
