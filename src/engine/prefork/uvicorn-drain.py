"""Runs `uvicorn ARGS` or `gunicorn ARGS` (with a uvicorn worker class) as
written, with a gentler graceful shutdown of uvicorn's connections.

Usage: uvicorn-drain.py uvicorn|gunicorn ARGS. drover runs a prefork worker
whose command is one of those through this file, with the interpreter of that
command's script. gunicorn imports uvicorn's protocol modules in its workers
after the fork, and finds them patched here. On SIGTERM uvicorn closes every idle keep-alive
connection at once, and ends the responses still in flight without a
`Connection: close` header. Under load the client has usually just sent its next
request on such a connection, so it gets a reset: every reload and every scale
down fails a few requests. Here a stopping worker instead:

- answers the request already in flight with `Connection: close`;
- answers the next request on an idle connection the same way, so the client
  opens its next connection on a worker that stays;
- closes a connection that stays idle for IDLE_GRACE_S, as a keep-alive timeout.

Nothing else changes. When this uvicorn does not have the internals the patch
expects, it says so on stderr and runs uvicorn unchanged.
"""

import sys

IDLE_GRACE_S = 1.0
CONNECTION_CLOSE = (b"connection", b"close")
PROTOCOL_MODULES = (
    ("uvicorn.protocols.http.httptools_impl", "HttpToolsProtocol"),
    ("uvicorn.protocols.http.h11_impl", "H11Protocol"),
)
EXPECTED = ("shutdown", "timeout_keep_alive_handler")


def close_after_this_response(cycle):
    cycle.keep_alive = False
    if not cycle.response_started:
        cycle.default_headers = list(cycle.default_headers) + [CONNECTION_CLOSE]


def draining_shutdown(self):
    # Every request this connection still brings is answered, then the connection closes.
    self.default_headers = list(self.default_headers) + [CONNECTION_CLOSE]
    cycle = self.cycle
    if cycle is not None and not cycle.response_complete:
        close_after_this_response(cycle)
        return
    if self.timeout_keep_alive_task is not None:
        self.timeout_keep_alive_task.cancel()
    self.timeout_keep_alive_task = self.loop.call_later(IDLE_GRACE_S, self.timeout_keep_alive_handler)


def patch_protocols():
    """Patches every protocol class this uvicorn has; returns why not, or None."""
    import importlib

    patched = 0
    for module_name, class_name in PROTOCOL_MODULES:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except ImportError:
            # h11 or httptools is not installed: uvicorn cannot use that protocol either.
            continue
        except AttributeError:
            return "%s has no %s" % (module_name, class_name)
        missing = [name for name in EXPECTED if not hasattr(cls, name)]
        if missing:
            return "%s.%s has no %s" % (module_name, class_name, ", ".join(missing))
        cls.shutdown = draining_shutdown
        patched += 1
    return None if patched else "no uvicorn HTTP protocol found"


def run_uvicorn():
    from uvicorn.main import main

    return main()


def run_gunicorn():
    from gunicorn.app.wsgiapp import run

    return run()


RUNNERS = {"uvicorn": run_uvicorn, "gunicorn": run_gunicorn}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in RUNNERS:
        sys.stderr.write("usage: uvicorn-drain.py uvicorn|gunicorn ARGS\n")
        return 2
    runner = sys.argv[1]
    problem = patch_protocols()
    if problem:
        sys.stderr.write("drover: uvicorn runs without drover's keep-alive drain (%s)\n" % problem)
    sys.argv = [runner] + sys.argv[2:]
    return RUNNERS[runner]()


if __name__ == "__main__":
    sys.exit(main())
