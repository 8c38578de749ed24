// Tab in the `:` prompt as a pure step from one line to the next (the prompt keeps the line in
// its overlay state; these are the transitions the key makes).
import {describe, expect, it} from 'vitest';
import {tabComplete, type CommandLine} from '../../source/views/command.js';

const clusters = ['data', 'production', 'staging'];
const typed = (value: string): CommandLine => ({value, shown: []});

describe('tabComplete', () => {
	it('completes the one candidate', () => {
		expect(tabComplete(typed('cluster pr'), clusters)).toEqual({value: 'cluster production', shown: ['cluster production']});
	});

	it('types the common part, then lists the candidates and cycles through them', () => {
		const listed = tabComplete(typed('t'), clusters);
		expect(listed).toMatchObject({value: 't', shown: ['tasks', 'task', 'taskdefs', 'td']});
		const first = tabComplete(listed, clusters);
		expect(first.value).toBe('tasks');
		const second = tabComplete(first, clusters);
		expect(second.value).toBe('task');
		expect(second.shown).toEqual(listed.shown);
		let line = second;
		for (let i = 0; i < 3; i++) line = tabComplete(line, clusters);
		expect(line.value).toBe('tasks');
	});

	it('says when there is nothing to complete', () => {
		expect(tabComplete(typed('zzz'), clusters)).toEqual({value: 'zzz', error: 'nothing to complete', shown: []});
	});
});
