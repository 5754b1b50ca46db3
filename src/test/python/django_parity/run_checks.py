#!/usr/bin/python3
"""Run Django's `manage.py check --deploy` for many environments.

Usage: /usr/bin/python3 run_checks.py IN.json OUT.json

IN.json is a JSON array of objects {"id": "env-001", "env": {"DJANGO_DEBUG": "True", ...}}
(ids must be unique non-empty strings, env values must be strings).

Each environment is checked in its own subprocess,
    [sys.executable, <this folder>/manage.py, 'check', '--deploy'],
whose environment is ONLY PATH, LANG=C.UTF-8, PYTHONPATH=<this folder>[:$PARITY_PYTHONPATH],
DJANGO_SETTINGS_MODULE=parity_settings, PYTHONDONTWRITEBYTECODE=1, plus that
entry's env (applied last). Subprocesses run in a thread pool of
max(2, os.cpu_count()) workers.

OUT.json is written as
    {"results": {"env-001": ["security.W004", ...]},   # sorted, unique check ids
     "errors":  {"env-007": "exit code 1\n...last lines of stderr..."}}
Every input id appears in exactly one of the two maps. An environment is an
error (Django did not start) when its subprocess prints a Python traceback,
exits non-zero for any other reason than Django's own SystemCheckError (which
is how `check` reports check errors such as async.E001: their ids are results),
times out or cannot be started; its check ids are then not reported.

Exit status: 0 when the run completed (even with per-environment errors), 2 on
bad usage or unreadable/malformed IN.json. One summary line goes to stderr.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MANAGE_PY = os.path.join(HERE, 'manage.py')
CHECK_ID = re.compile(r'\(([a-z0-9_]+\.[A-Z]\d{3})\)')  # 4_0.E001 starts with a digit
TRACEBACK = 'Traceback (most recent call last):'
SYSTEM_CHECK_ERROR = 'SystemCheckError: System check identified some issues:'
TAIL_LINES = 15
TIMEOUT_SECONDS = 300


def usage(message):
    print('run_checks.py: %s' % message, file=sys.stderr)
    print('usage: /usr/bin/python3 run_checks.py IN.json OUT.json', file=sys.stderr)
    sys.exit(2)


def load_input(path):
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        usage('cannot read %s: %s' % (path, exc))
    if not isinstance(data, list):
        usage('%s: top level must be a JSON array' % path)
    seen = set()
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            usage('%s: entry %d is not an object' % (path, i))
        env_id, env = entry.get('id'), entry.get('env', {})
        if not isinstance(env_id, str) or not env_id:
            usage('%s: entry %d has no string "id"' % (path, i))
        if env_id in seen:
            usage('%s: duplicate id %r' % (path, env_id))
        seen.add(env_id)
        if not isinstance(env, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
            usage('%s: %r: "env" must be an object of string values' % (path, env_id))
    return data


def tail(text):
    return '\n'.join(text.rstrip().splitlines()[-TAIL_LINES:])


def run_one(env_vars):
    """Return (sorted check ids, None) or (None, error text)."""
    child_env = {
        'PATH': os.environ.get('PATH', os.defpath),
        'LANG': 'C.UTF-8',
        # PARITY_PYTHONPATH: another Django and django-environ to run (the 5.2 pair, unpacked from Debian unstable)
        'PYTHONPATH': os.pathsep.join(p for p in (HERE, os.environ.get('PARITY_PYTHONPATH', '')) if p),
        'DJANGO_SETTINGS_MODULE': 'parity_settings',
        'PYTHONDONTWRITEBYTECODE': '1',
    }
    child_env.update(env_vars)
    try:
        proc = subprocess.run(
            [sys.executable, MANAGE_PY, 'check', '--deploy'],
            env=child_env, cwd=HERE, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=TIMEOUT_SECONDS, encoding='utf-8', errors='replace')
    except subprocess.TimeoutExpired:
        return None, 'timed out after %d s' % TIMEOUT_SECONDS
    except (OSError, ValueError) as exc:  # e.g. NUL byte in a value
        return None, 'cannot start: %s' % exc
    output = proc.stdout + '\n' + proc.stderr
    # check errors end the command with SystemCheckError, exit 1 and no traceback: Django started and answered
    checks_failed = proc.returncode == 1 and proc.stderr.startswith(SYSTEM_CHECK_ERROR)
    if (proc.returncode != 0 and not checks_failed) or TRACEBACK in output:
        return None, 'exit code %d\n%s' % (
            proc.returncode, tail(proc.stderr) or tail(proc.stdout))
    return sorted(set(CHECK_ID.findall(output))), None


def main(argv):
    if len(argv) != 3:
        usage('expected 2 arguments, got %d' % (len(argv) - 1))
    in_path, out_path = argv[1], argv[2]
    entries = load_input(in_path)
    started = time.monotonic()
    results, errors = {}, {}
    workers = max(2, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_one, e.get('env', {})): e['id'] for e in entries}
        for future in concurrent.futures.as_completed(futures):
            ids, error = future.result()
            if error is None:
                results[futures[future]] = ids
            else:
                errors[futures[future]] = error
    out = {'results': dict(sorted(results.items())), 'errors': dict(sorted(errors.items()))}
    tmp_path = out_path + '.tmp'
    with open(tmp_path, 'w', encoding='utf-8') as f:
        json.dump(out, f, indent=2, sort_keys=False)
        f.write('\n')
    os.replace(tmp_path, out_path)
    elapsed = time.monotonic() - started
    print('run_checks: %d environments, %d errors, %.1f s (%d workers)'
          % (len(entries), len(errors), elapsed, workers), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
