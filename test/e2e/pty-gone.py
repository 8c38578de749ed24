#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, then makes that terminal vanish WITHOUT a SIGHUP.

Usage: pty-gone.py [--columns N] [--rows N] [--marker TEXT] [--quiet S] [--timeout S]
                   [--stderr FILE] -- COMMAND...

Node has no openpty(), hence Python (on the machine and in CI, as for the moto tests).

The command gets the pty's slave as stdin and stdout (and stderr, unless --stderr names a file),
in a session of its own (setsid). The slave was opened before setsid, so it never becomes that
session's controlling terminal: when the master closes, the kernel hangs the slave up (reads end,
writes fail with EIO) but has no session to send SIGHUP to. That is the case under test: a
terminal gone while nothing signals the process (a container's console torn down, a terminal
emulator or multiplexer that dies while the process is not its tty's foreground job).

Once MARKER has been drawn, and then nothing more for QUIET seconds (so no write is in flight),
the master is closed and the driver waits up to TIMEOUT seconds for the command to end. It prints
one JSON line: the exit code or signal, whether it ended in time, and the processes of its
session still alive afterwards (whatever the command started). Anything still alive at the end is
killed (SIGKILL), so the driver leaves nothing behind either way.
"""
import argparse
import fcntl
import json
import os
import select
import signal
import struct
import subprocess
import termios
import time


def session_members(sid):
    """PIDs of live (non-zombie) processes in session `sid`."""
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, session, ...
        fields = stat[stat.rindex(')') + 2:].split()
        if fields[0] != 'Z' and int(fields[3]) == sid:
            found.append(int(entry))
    return found


def read_some(master, seen, wait):
    """Appends what the command drew within `wait` seconds; False once there is nothing more."""
    ready, _, _ = select.select([master], [], [], wait)
    if not ready:
        return seen, False
    try:
        return seen + os.read(master, 65536), True
    except OSError:
        return seen, False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--columns', type=int, default=100)
    parser.add_argument('--rows', type=int, default=30)
    parser.add_argument('--marker', default='')
    parser.add_argument('--quiet', type=float, default=0)
    parser.add_argument('--timeout', type=float, default=10)
    parser.add_argument('--stderr')
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', args.rows, args.columns, 0, 0))
    stderr = open(args.stderr, 'w') if args.stderr else slave
    # start_new_session: setsid() in the child, which keeps the already open slave but gets no
    # controlling terminal, so closing the master sends no SIGHUP.
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=stderr, start_new_session=True, close_fds=True)
    os.close(slave)
    if args.stderr:
        stderr.close()

    marker = args.marker.encode()
    seen = b''
    deadline = time.monotonic() + 30
    while marker not in seen and child.poll() is None and time.monotonic() < deadline:
        seen, _ = read_some(master, seen, max(0.0, deadline - time.monotonic()))
    drew = marker in seen
    more = True
    while drew and args.quiet > 0 and more and child.poll() is None:
        seen, more = read_some(master, seen, args.quiet)

    # The terminal goes away. We send no signal, and the kernel has no session to send SIGHUP to.
    alive_before = child.poll() is None
    os.close(master)
    closed_at = time.monotonic()
    try:
        status = child.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        status = None
    took = time.monotonic() - closed_at

    # What the command started may take a moment longer to wind down than the command itself.
    leftover = session_members(child.pid)
    for _ in range(50):
        if not leftover:
            break
        time.sleep(0.1)
        leftover = session_members(child.pid)
    for pid in leftover:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if status is None:
        child.kill()
        child.wait()

    print(json.dumps({
        'drew': drew,
        'aliveWhenClosed': alive_before,
        'inTime': status is not None,
        'code': status if status is not None and status >= 0 else None,
        'signal': signal.Signals(-status).name if status is not None and status < 0 else None,
        'seconds': round(took, 2),
        'leftover': leftover,
    }))


if __name__ == '__main__':
    main()
