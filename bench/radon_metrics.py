"""radon raw, hal and mi on each file, as its three commands would run them, for bench/run.mjs.

Prints JSON: per file radon's results, the seconds radon spent, and the files radon took longer
than the timeout on (radon's raw counting re-tokenizes a growing buffer for every line of a long
statement, so a few large literals take it minutes). Run it with radon's own interpreter.
Usage: radon_metrics.py TIMEOUT_SECONDS FILE...
"""
import json
import signal
import sys
import time
import tokenize

from radon.metrics import h_visit, mi_visit
from radon.raw import analyze


class Timeout(Exception):
    pass


def on_alarm(*_):
    raise Timeout()


def main():
    timeout = float(sys.argv[1])
    signal.signal(signal.SIGALRM, on_alarm)
    files, slow, failed = {}, [], 0
    spent = 0.0
    for path in sys.argv[2:]:
        try:
            with tokenize.open(path) as handle:
                source = handle.read()
        except (OSError, SyntaxError, UnicodeDecodeError):
            failed += 1
            continue
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            raw = analyze(source)
            hal = h_visit(source)
            mi = mi_visit(source, True)
        except Timeout:
            slow.append(path)
            continue
        except Exception:  # radon's own failures (syntax errors): as its commands report them
            failed += 1
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            spent += time.perf_counter() - start
        files[path] = {
            'raw': list(raw),
            'hal': {'total': list(hal.total), 'functions': [[name, list(r)] for name, r in hal.functions]},
            'mi': mi,
        }
    json.dump({'files': files, 'seconds': spent, 'slow': slow, 'failed': failed}, sys.stdout)


if __name__ == '__main__':
    main()
