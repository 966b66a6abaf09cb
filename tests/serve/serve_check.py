"""Shared by dyad serve's API and browser tests: counted checks and starting a server on a
free loopback port."""
import re
import subprocess

FAILURES = []
PASSED = [0]


def check(cond, what):
    """Counts a passed check, or records and prints a failed one."""
    if cond:
        PASSED[0] += 1
    else:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)


def summary():
    """Prints the closing line ('N passed, M failed') and returns the exit status."""
    print("%d passed, %d failed" % (PASSED[0], len(FAILURES)))
    return 1 if FAILURES else 0


def start_server(dyad, store, *extra, stderr=subprocess.PIPE):
    """`dyad serve STORE --port 0 ...` → (process, port), once it says it is listening."""
    proc = subprocess.Popen([dyad, "serve", store, "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=stderr, text=True)
    line = proc.stdout.readline()
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit("server did not start: %r" % line)
    return proc, int(m.group(1))
