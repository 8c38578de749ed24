// Re-renders its component when the picture would otherwise lie: ages ("updated 3s ago") and
// countdowns. Every repaint costs a full Ink frame, so the caller says, from the live state when
// the timer fires, how long until the next repaint is due; a timer that fires early (the data was
// refreshed meanwhile, without a repaint) waits again instead of repainting.
import {useEffect, useRef, useState} from 'react';

/** `dueIn(renderedAt)`: ms until a repaint is due (≤ 0: now), or undefined for none. */
export function useNow(now: () => number, dueIn: (renderedAt: number) => number | undefined): number {
	const [tick, setTick] = useState(0);
	const renderedAt = now();
	const due = useRef(dueIn);
	due.current = dueIn;
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const arm = (first: boolean) => {
			const wait = due.current(renderedAt);
			if (wait === undefined || !Number.isFinite(wait)) return;
			if (wait <= 0 && !first) {
				setTick(t => t + 1);
				return;
			}
			timer = setTimeout(() => arm(false), Math.max(50, wait));
		};
		arm(true);
		return () => clearTimeout(timer);
	}, [tick, renderedAt]);
	return renderedAt;
}
