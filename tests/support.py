"""What the browser tests share with the benchmarks and scripts: ``incident_handbook.local_site``."""

from incident_handbook.local_site import (  # noqa: F401 - re-exported for the tests
    CHROMIUM,
    CHROMIUM_ARGS,
    QuietHandler,
    build_site,
    handler_with_headers,
    headers_from,
    serve,
)
