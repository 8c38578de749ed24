// The rules decided before anything is sent, the fields' key reducers, what errors mean for the
// user, and the confirmation's "+N more" budget.
import {describe, expect, it} from 'vitest';
import {ReadOnlyError} from '../../source/aws/errors.js';
import type {KeyEvent} from '../../source/components/keys.js';
import {editNumber} from '../../source/components/number-prompt.js';
import {editField, type FieldState} from '../../source/components/text-prompt.js';
import {callError, failureText} from '../../source/store/actions/errors.js';
import {defaultStopReason, parseDesiredCount, redeployRefusal, refusedDigit, scaleRefusal, stateSkip, stopSkip} from '../../source/store/actions/rules.js';
import {makeInstance, makeService, makeTask} from '../tui/fake-data.js';

const key = (name: string): KeyEvent => (name.length === 1 ? {name, text: name} : {name, text: ''});

describe('scale field rules', () => {
	it('takes 0..5000 as whole numbers and says why anything else is refused', () => {
		expect(parseDesiredCount('0')).toEqual({ok: true, value: 0});
		expect(parseDesiredCount('08')).toEqual({ok: true, value: 8});
		expect(parseDesiredCount('5000')).toEqual({ok: true, value: 5000});
		expect(parseDesiredCount('')).toMatchObject({ok: false, reason: expect.stringContaining('enter')});
		expect(parseDesiredCount('5001')).toMatchObject({ok: false, reason: expect.stringContaining('at most 5000')});
		expect(parseDesiredCount('-3')).toMatchObject({ok: false, reason: expect.stringContaining('negative')});
		expect(parseDesiredCount('2.5')).toMatchObject({ok: false, reason: expect.stringContaining('whole number')});
		expect(parseDesiredCount('1e3')).toMatchObject({ok: false, reason: 'digits only'});
	});

	it('the number field refuses letters as keys with the reason, shows - and . so Enter can explain', () => {
		const rules = {maxLength: 6, refuse: refusedDigit, parse: parseDesiredCount};
		let state: FieldState = {value: ''};
		const type = (...names: string[]) => {
			let last;
			for (const name of names) {
				last = editNumber(state, key(name), rules);
				state = last.state;
			}
			return last!;
		};
		expect(type('a').state).toEqual({value: '', error: 'digits only ("a" ignored)'});
		expect(type('1', '2').state).toEqual({value: '12'});
		expect(type('enter').value).toBe(12);
		expect(type('backspace', 'backspace', '-', '3', 'enter')).toEqual({state: {value: '-3', error: 'a desired count cannot be negative'}});
		expect(type('escape').cancel).toBe(true);
		state = {value: ''};
		expect(type('9', '9', '9', '9', '9', '9', '9').state).toEqual({value: '999999', error: 'at most 6 characters'});
	});

	it('the text field edits, clears and submits', () => {
		let state: FieldState = {value: 'ab'};
		state = editField(state, key('c'), {maxLength: 5}).state;
		state = editField(state, key('backspace'), {maxLength: 5}).state;
		expect(state.value).toBe('ab');
		expect(editField(state, key('ctrl+u'), {maxLength: 5}).state.value).toBe('');
		expect(editField(state, key('enter'), {maxLength: 5}).submit).toBe(true);
		expect(editField(state, key('down'), {maxLength: 5}).state).toBe(state);
	});
});

describe('refusals and skips', () => {
	it('DAEMON and inactive services cannot be scaled; other controllers can', () => {
		expect(scaleRefusal(makeService('c', 'd', {schedulingStrategy: 'DAEMON'}))).toMatch(/DAEMON/);
		expect(scaleRefusal(makeService('c', 'd', {status: 'INACTIVE'}))).toMatch(/INACTIVE/);
		expect(scaleRefusal(makeService('c', 'b', {deploymentController: {type: 'CODE_DEPLOY'}}))).toBeUndefined();
	});

	it('only the ECS controller (or none given) can be redeployed', () => {
		expect(redeployRefusal(makeService('c', 's'))).toBeUndefined();
		expect(redeployRefusal(makeService('c', 's', {deploymentController: {type: 'ECS'}}))).toBeUndefined();
		expect(redeployRefusal(makeService('c', 's', {deploymentController: {type: 'CODE_DEPLOY'}}))).toMatch(/CodeDeploy/);
		expect(redeployRefusal(makeService('c', 's', {deploymentController: {type: 'EXTERNAL'}}))).toMatch(/EXTERNAL/);
	});

	it('skips tasks on their way out and instances already there (or in no state to change)', () => {
		expect(stopSkip(makeTask('c', 't'))).toBeUndefined();
		expect(stopSkip(makeTask('c', 't', {lastStatus: 'STOPPED', desiredStatus: 'STOPPED'}))).toBe('already STOPPED');
		expect(stopSkip(makeTask('c', 't', {desiredStatus: 'STOPPED'}))).toMatch(/already stopping/);
		expect(stateSkip(makeInstance('c', 'i'), 'DRAINING')).toBeUndefined();
		expect(stateSkip(makeInstance('c', 'i', {status: 'DRAINING'}), 'DRAINING')).toBe('already DRAINING');
		expect(stateSkip(makeInstance('c', 'i', {status: 'REGISTERING'}), 'ACTIVE')).toMatch(/only ACTIVE and DRAINING/);
	});

	it('the default stop reason names user and host, without control characters', () => {
		expect(defaultStopReason()).toMatch(/^Stopped by ecs-top \([^()\u0000-\u001F]+\)$/);
	});
});

describe('errors as the user reads them', () => {
	const sdk = (name: string, message = 'm', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), {name, $metadata: {httpStatusCode: 400}, ...extra});

	it('says what was certainly not applied, what may have been, and what stops the rest', () => {
		expect(callError(new ReadOnlyError('StopTask'), 'StopTask')).toMatchObject({applied: 'no', halts: true});
		expect(callError(sdk('ThrottlingException', 'Rate exceeded'), 'StopTask')).toMatchObject({applied: 'no', halts: true, message: expect.stringContaining('throttled StopTask (Rate exceeded)')});
		expect(callError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}), 'UpdateService')).toMatchObject({applied: 'unknown', message: 'ECONNRESET: socket hang up'});
		expect(callError(sdk('InternalFailure', 'x', {$metadata: {httpStatusCode: 500}, $fault: 'server'}), 'UpdateService')).toMatchObject({applied: 'unknown'});
		expect(callError(sdk('ServiceNotActiveException', 'Service was not ACTIVE.'), 'UpdateService')).toMatchObject({applied: 'no', message: expect.stringContaining('not ACTIVE (ServiceNotActiveException)')});
		expect(callError(sdk('InvalidParameterException', 'bad id'), 'StopTask')).toMatchObject({halts: false, message: 'ECS refused a parameter (InvalidParameterException): bad id'});
		expect(callError(sdk('AccessDeniedException', 'User x is not authorized'), 'StopTask')).toMatchObject({halts: true, message: expect.stringMatching(/^access denied/)});
		expect(callError(sdk('ClusterNotFoundException', 'Cluster not found.'), 'StopTask').halts).toBe(true);
	});

	it('explains MISSING failures', () => {
		expect(failureText({arn: 'a', reason: 'MISSING'})).toBe('MISSING: not registered in this cluster any more');
		expect(failureText({arn: 'a', reason: 'INACTIVE', detail: 'x\u001B[2Jy'})).toBe('INACTIVE: xy');
	});
});
