"""``parley watch FEED...``: poll feeds and folders, store new articles, keep the map current
and deliver alerts (a thin shell over :class:`parley.live.Watcher`)."""

from __future__ import annotations

import logging

import click

from parley.cli._common import clean_errors, open_store


@click.command("watch")
@click.argument("sources", nargs=-1, required=True, metavar="FEED...")
@click.option("--interval", type=click.FloatRange(min=0), default=300.0, show_default=True,
              metavar="S", help="Seconds between the starts of two polling cycles.")
@click.option("--cycles", type=click.IntRange(min=1), default=None, metavar="N",
              help="Stop after N cycles (default: run until interrupted).")
@click.option("--once", is_flag=True, help="One cycle, then stop (same as --cycles 1).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, metavar="S", help="HTTP timeout per request, in seconds.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              metavar="N", help="Extra attempts after a timeout, connection error or HTTP "
              "5xx/429, with exponential backoff.")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              metavar="S", help="First wait between two attempts (doubles each time).")
@click.option("--host-delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              metavar="S", help="Least time between two requests to the same host.")
@click.option("--retry-after", "retry_base", type=click.FloatRange(min=0), default=None,
              metavar="S", help="First wait before polling a failed feed again (doubles with "
              "each failure in a row, at most 6 h). Default: the interval.")
@click.option("--no-pages", is_flag=True,
              help="Do not fetch article pages; use each item's own content or summary.")
@click.option("--no-extract", is_flag=True,
              help="Store articles only, without extracting events (no map changes, no "
              "alerts).")
@click.option("--settle", type=click.FloatRange(min=0), default=1.0, show_default=True,
              metavar="S", help="A file dropped in a watched folder is read once it is this "
              "many seconds old.")
@click.option("--quiet", "-q", is_flag=True, help="Log failures only, not each cycle.")
@click.pass_context
@clean_errors
def watch_cmd(ctx: click.Context, sources: tuple[str, ...], interval: float,
              cycles: int | None, once: bool, timeout: float, retries: int, backoff: float,
              host_delay: float, retry_base: float | None, no_pages: bool, no_extract: bool,
              settle: float, quiet: bool) -> None:
    """Watch RSS/Atom feeds (URLs or files) and folders (for dropped files): poll them every
    --interval seconds with conditional requests (ETag, Last-Modified), fetch each new item's
    article page, extract its events, store it once, detect changes of the negotiation map
    (stance changes, new blockers, talks) and deliver the alerts of `parley alerts`.

    A failing feed (timeout, HTTP error, malformed XML, redirect loop) is logged on stderr
    and retried later with backoff; the others go on. Restarting loses and doubles nothing:
    items already stored are remembered in the store. Alerts for stdout are printed on
    stdout; everything else is logged on stderr. See docs/live.md.

    \b
    Example:
      parley watch https://example.org/world.rss --interval 600
      parley watch feeds/saved.xml inbox/ --once
    """
    from parley.live import HttpOptions, Watcher, WatchOptions

    logging.basicConfig(level=logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("parley.live").setLevel(logging.WARNING if quiet else logging.INFO)
    options = WatchOptions(
        interval=interval,
        http=HttpOptions(timeout=timeout, retries=retries, backoff=backoff,
                         host_delay=host_delay),
        retry_base=retry_base,
        fetch_pages=not no_pages,
        extract=not no_extract,
        settle=settle,
    )
    with open_store(ctx, create=True) as store:
        watcher = Watcher(store, sources, options, echo=click.echo)
        try:
            watcher.run(cycles=1 if once else cycles)
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        finally:
            watcher.close()


def register(main: click.Group) -> None:
    main.add_command(watch_cmd)
