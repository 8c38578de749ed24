// A TCP proxy in front of the simulator that can stop answering, as a black-holed network or a
// SIGSTOPped endpoint does: connections are accepted and requests swallowed, nothing comes back.
// `release` ends the silence the way a network coming back does: the connections that lost a
// request are reset, new ones go through.
import net from 'node:net';

export interface BlackHole {
	url: string;
	hold(): void;
	release(): void;
	close(): Promise<void>;
}

export async function blackHole(target: string): Promise<BlackHole> {
	const {hostname, port} = new URL(target);
	const sockets = new Set<net.Socket>();
	const swallowed = new Set<net.Socket>();
	let holding = false;
	const server = net.createServer(client => {
		const upstream = net.connect(Number(port), hostname);
		sockets.add(client);
		sockets.add(upstream);
		const end = () => {
			for (const s of [client, upstream]) {
				s.destroy();
				sockets.delete(s);
				swallowed.delete(s);
			}
		};
		client.on('data', data => {
			if (holding) swallowed.add(client);
			else upstream.write(data);
		});
		upstream.on('data', data => client.write(data));
		for (const s of [client, upstream]) {
			s.on('close', end);
			s.on('error', end);
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${address.port}`,
		hold: () => {
			holding = true;
		},
		release: () => {
			holding = false;
			for (const s of [...swallowed]) s.resetAndDestroy();
		},
		close: () =>
			new Promise<void>(resolve => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
