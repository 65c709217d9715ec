"""The ``edition`` command: convert, validate, html, pdf, build, text.

Exit codes: 0 success, 1 invalid content, 2 usage or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .diagnostics import EditionError

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


class _LazyConsole:
    """stderr's rich Console, made on first use: `edition --help` need not import rich."""

    _console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            type(self)._console = Console(stderr=True, highlight=False)
        return getattr(self._console, name)


err = _LazyConsole()


class Ctx:
    def __init__(self, verbose: int, quiet: bool, root: Path, jobs: int = 1) -> None:
        self.verbose = verbose
        self.quiet = quiet
        self.root = root
        self.jobs = jobs  # processes for per-file work (--jobs)

    @property
    def cache_dir(self) -> Path:
        return self.build_dir / "cache"

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def info(self, msg: str) -> None:
        if not self.quiet:
            err.print(msg)

    def debug(self, msg: str) -> None:
        if self.verbose and not self.quiet:
            err.print(f"[dim]{msg}[/dim]")

    def progress(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        """Iterate with a progress bar on stderr (hidden with -q or when not a terminal)."""
        items = list(items)
        if self.quiet or not err.is_terminal:
            yield from items
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task(label, total=total or len(items))
            for item in items:
                yield item
                bar.advance(task)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn EditionError into one line on stderr and its exit code: never a traceback."""
    try:
        yield
    except EditionError as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        sys.exit(exc.exit_code)


pass_ctx = click.make_pass_decorator(Ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
@click.option("-v", "--verbose", count=True, help="More detail (repeat for more).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Project folder holding raw/, tei/ and build/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for per-file work (default: the number of cores).")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool, root: Path, jobs: int | None) -> None:
    """Convert the raw texts to TEI, validate them, and publish web and print editions."""
    if jobs is None:
        from .build.graph import default_jobs

        jobs = default_jobs()
    ctx.obj = Ctx(verbose, quiet, root, jobs)


def _sources(c: Ctx, names: tuple[Path, ...]):
    from .sources import discover, load_source

    if names:
        return [load_source(p) for p in names]
    return discover(c.raw_dir)


@main.command()
@click.argument("raw_files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TEI files edited by hand.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Show what a fresh conversion would change; write nothing.")
@click.option("--keep-reviewed", is_flag=True,
              help="Re-convert hand-edited files too, carrying the editors' accepted annotations "
                   "over; files with other hand edits are still refused.")
@pass_ctx
def convert(c: Ctx, raw_files: tuple[Path, ...], force: bool, show_diff: bool,
            keep_reviewed: bool) -> None:
    """Convert raw files (default: all in raw/) to TEI in tei/."""
    with reported_errors():
        sys.exit(run_convert(c, raw_files, force, show_diff, keep_reviewed))


def run_convert(c: Ctx, raw_files: tuple[Path, ...] = (), force: bool = False,
                show_diff: bool = False, keep_reviewed: bool = False, keep_edited: bool = False) -> int:
    """Convert; a hand-edited TEI file is refused (exit 1), or with ``keep_edited`` (the build)
    kept as the editors left it, with a warning."""
    from .build.convert import Conversions
    from .fsutil import write_atomic
    from .guard import Stamps

    for p in raw_files:
        if not p.exists():
            raise EditionError("no such raw file", file=p)
    sources = _sources(c, raw_files)
    stamps = Stamps(c.tei_dir)
    refused: list[Path] = []
    # converted again only where an input changed (build/cache/), on c.jobs cores
    conversions = Conversions(sources, c.cache_dir, c.jobs, lambda it: c.progress(it, "converting"))
    for source, data, stats in conversions:
        for key, value in stats.items():  # the converter's self-check figures (-v)
            c.debug(f"{source.raw_name}: {key}: {value}")
        target = c.tei_dir / f"{source.slug}.xml"
        if show_diff:
            import difflib

            old = target.read_text(encoding="utf-8").splitlines(keepends=True) if target.exists() else []
            new = data.decode("utf-8").splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(old, new, str(target), f"{target} (fresh)"))
            continue
        if stamps.edited(target) and not force:
            if keep_reviewed and _carry_reviewed(c, target, data):
                continue
            if keep_edited:
                err.print(f"[yellow]warning:[/yellow] {target}: edited by hand since the last conversion; "
                          "kept as edited (compare with `edition convert --diff`)", soft_wrap=True)
            else:
                refused.append(target)
            continue
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
        stamps.record(target, data)
        c.debug(f"{source.raw_name} → {target}")
    if not show_diff:
        stamps.save()
    for target in refused:
        err.print(f"[red]error:[/red] {target}: edited by hand since the last conversion; "
                  "not overwritten (see the changes with --diff, overwrite with --force)",
                  soft_wrap=True)
    if refused:
        return 1
    if not show_diff:
        c.info(f"converted {len(conversions.redone)} of {len(sources)} file(s) into {c.tei_dir}"
               + (f" ({', '.join(conversions.redone)})" if conversions.redone else
                  " (nothing changed)"))
    return 0


def _carry_reviewed(c: Ctx, target: Path, data: bytes) -> bool:
    """Write the fresh conversion with the reviewed decisions of ``target`` carried over.

    The stamp stays that of the plain conversion, so the file still counts as hand-edited and
    a later convert without --keep-reviewed refuses it. False when other hand edits would be lost.
    """
    from .fsutil import write_atomic
    from .review.carry import carry_reviewed
    from .tei.xml import parse_file

    carried = carry_reviewed(parse_file(target).getroot(), data)
    if carried.lost:
        err.print(f"[red]error:[/red] {target}: hand edits in {', '.join(carried.lost[:5])} "
                  "cannot be carried over", soft_wrap=True)
        return False
    write_atomic(target, carried.data)
    c.debug(f"{target}: {carried.accepted} reviewed annotation(s) carried over")
    return True


def _tei_paths(c: Ctx, paths: tuple[Path, ...]) -> list[Path]:
    from .validate import tei_files

    return tei_files(paths or (c.tei_dir,))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]),
              default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@pass_ctx
def validate(c: Ctx, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate TEI files (default: tei/) against the edition schema and its rules."""
    with reported_errors():
        sys.exit(run_validate(c, paths, fmt, strict))


def run_validate(c: Ctx, paths: tuple[Path, ...] = (), fmt: str = "text",
                 strict: bool = False) -> int:
    from .build.validate import Validation
    from .validate.report import render

    files = _tei_paths(c, paths)
    if not files:
        raise EditionError("no TEI files to validate", file=paths[0] if paths else c.tei_dir)
    # file by file on c.jobs cores; unchanged files keep their findings (build/cache/)
    validation = Validation(files, c.cache_dir, c.jobs, lambda it: c.progress(it, "validating"))
    diagnostics = validation.run()
    out = render(diagnostics, fmt, files, strict)
    if out:
        click.echo(out)
    failing = [d for d in diagnostics if d.severity == "error" or (strict and d.severity == "warning")]
    if fmt == "text":
        c.info(f"validated {len(files)} file(s) ({len(validation.redone)} checked again): "
               f"{sum(d.severity == 'error' for d in diagnostics)} error(s), "
               f"{sum(d.severity == 'warning' for d in diagnostics)} warning(s)")
    return 1 if failing else 0


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/html).")
@pass_ctx
def html(c: Ctx, paths: tuple[Path, ...], out: Path | None) -> None:
    """Publish the web edition (static HTML) from the TEI."""
    with reported_errors():
        sys.exit(run_html(c, paths, out))


def run_html(c: Ctx, paths: tuple[Path, ...] = (), out: Path | None = None,
             owned: Callable[[str], bool] | None = None) -> int:
    from .build.web import WebBuild

    out = out or c.build_dir / "html"
    # pages per text on c.jobs cores, made again only for what changed (build/cache/web)
    web = WebBuild(_tei_paths(c, paths), out, c.cache_dir, c.jobs, owned=owned,
                   progress=lambda it: c.progress(it, "web pages"),
                   warn=lambda msg: err.print(f"[yellow]warning:[/yellow] {msg}", soft_wrap=True))
    index = web.run()
    c.info(f"web edition: {index}" + (f" (made again: {', '.join(web.redone)})" if web.redone
                                      else " (nothing changed)"))
    return 0


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/print).")
@pass_ctx
def pdf(c: Ctx, paths: tuple[Path, ...], out: Path | None) -> None:
    """Publish the print edition (PDF) from the TEI."""
    with reported_errors():
        sys.exit(run_pdf(c, paths, out))


def run_pdf(c: Ctx, paths: tuple[Path, ...] = (), out: Path | None = None) -> int:
    from .publish.pdf import build_pdfs

    out = out or c.build_dir / "print"
    pdfs = build_pdfs(_tei_paths(c, paths), out, progress=lambda it: c.progress(it, "PDFs"))
    c.info(f"print edition: {len(pdfs)} PDF(s) in {out}")
    if out == c.build_dir / "print":  # the web edition publishes copies: keep them current
        from .publish.html import refresh_published_pdfs

        refresh_published_pdfs(pdfs, c.build_dir / "html")
    return 0


@main.command()
@click.option("--force", is_flag=True,
              help="Overwrite TEI files edited by hand (default: keep them as edited, with a warning).")
@click.option("--shard", "shard_spec", metavar="K/N", default=None,
              help="Build only shard K of N of the texts (for a CI matrix); assemble with --merge.")
@click.option("--merge", "merge_dirs", multiple=True, metavar="BUILD_DIR",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A shard's build folder to take over first (repeat); then build the whole site.")
@click.option("--no-pdf", is_flag=True, help="Leave the print edition out.")
@pass_ctx
def build(c: Ctx, force: bool, shard_spec: str | None, merge_dirs: tuple[Path, ...],
          no_pdf: bool) -> None:
    """Run convert, validate, pdf and html in order; stop at the first stage that fails.

    Only what changed is made again (build/cache/); each stage says what it made.
    TEI files edited by hand since their last conversion are published as edited, not converted."""
    with reported_errors():
        stages = _build_stages(c, force, shard_spec, merge_dirs, no_pdf)
        for name, stage in stages:
            c.info(f"[bold]{name}[/bold]")
            code = stage()
            if code:
                err.print(f"[red]build stopped:[/red] stage {name} failed (exit {code})")
                sys.exit(code)
    if shard_spec:
        c.info(f"[green]shard {shard_spec} complete[/green]: {c.build_dir} (assemble the shards' "
               "build folders with `edition build --merge DIR …`)")
    else:
        c.info("[green]build complete[/green]: build/html/index.html and build/print/")


def _build_stages(c: Ctx, force: bool, shard_spec: str | None, merge_dirs: tuple[Path, ...],
                  no_pdf: bool) -> list[tuple[str, Callable[[], int]]]:
    from .build.run import merge_shards, owned_tei
    from .build.shard import parse_shard

    shard = parse_shard(shard_spec) if shard_spec else None
    if shard and merge_dirs:
        raise EditionError("--shard and --merge: build a shard, or merge shards, not both")
    if merge_dirs:
        c.info(f"merged {merge_shards(list(merge_dirs), c.build_dir)} shard build(s)")
    raws = tuple(s.raw_path for s in _sources(c, ()) if shard is None or shard.owns(s.slug))

    def tei() -> tuple[Path, ...]:  # after convert: the share's TEI files
        return tuple(owned_tei(_tei_paths(c, ()), shard))

    # The build publishes hand-edited TEI as the editors left it; `convert` alone refuses.
    stages: list[tuple[str, Callable[[], int]]] = [
        ("convert", lambda: run_convert(c, raws, force, keep_edited=not force) if raws else 0),
        ("validate", lambda: run_validate(c, tei()) if tei() else 0)]
    if not no_pdf:  # first: the web edition publishes the PDFs (html/pdf/) and links them
        stages.append(("pdf", lambda: _build_pdf(c, tei())))
    stages.append(("html", lambda: run_html(c, (), owned=shard.owns if shard else None)))
    return stages


def _build_pdf(c: Ctx, files: tuple[Path, ...]) -> int:
    """The print stage of the build: not even started when none of its inputs changed."""
    from .build.run import pdf_fresh, record_pdf

    out = c.build_dir / "print"
    inputs = list(files)
    if not inputs:  # a shard without texts
        return 0
    if pdf_fresh(c.cache_dir, inputs, out):
        c.info("print edition: nothing changed")
        return 0
    code = run_pdf(c, files)
    if code == 0:
        record_pdf(c.cache_dir, inputs, out)
    return code


@main.command()
@click.argument("tei_file", type=click.Path(path_type=Path))
@pass_ctx
def text(c: Ctx, tei_file: Path) -> None:
    """Print the source text recovered from a TEI file (sic/orig readings, fw kept)."""
    from .recover import recover_text
    from .tei.xml import parse_file

    with reported_errors():
        tree = parse_file(tei_file)
        click.echo(recover_text(tree.getroot()), nl=False)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Report folder (default: build/review).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output on stdout.")
@click.option("--fail-on", type=click.Choice(["none", "anomalies", "pending"]), default="none",
              show_default=True, help="Exit 1 on open anomalies (or also on annotations to review).")
@click.option("--record", "reviewer", metavar="NAME", default=None,
              help="Record this review session as a change in each file's revisionDesc.")
@click.option("--against-conversion", is_flag=True,
              help="Show what the editors changed compared with a fresh conversion.")
@pass_ctx
def review(c: Ctx, paths: tuple[Path, ...], out: Path | None, fmt: str, fail_on: str,
           reviewer: str | None, against_conversion: bool) -> None:
    """Review the encoding: annotations to check and anomalies, with the raw lines beside them."""
    with reported_errors():
        sys.exit(run_review(c, paths, out, fmt, fail_on, reviewer, against_conversion))


def run_review(c: Ctx, paths: tuple[Path, ...] = (), out: Path | None = None, fmt: str = "text",
               fail_on: str = "none", reviewer: str | None = None,
               against_conversion: bool = False) -> int:
    from .build.review import review_in_pool
    from .review.cli_output import print_review

    if reviewer is not None and not reviewer.strip():
        raise EditionError("--record needs the reviewer's name")
    reviews = review_in_pool(_tei_paths(c, paths), c.root, c.jobs,
                             progress=lambda it: c.progress(it, "reviewing"),
                             cache_dir=None if reviewer else c.cache_dir)  # --record edits the TEI
    if against_conversion:
        from .review.against import changes_against

        sources = {s.slug: s for s in _sources(c, ())}
        for r in reviews:
            if r.slug not in sources:
                raise EditionError("no raw source for this TEI file", file=r.tei_path)
            r.changes = changes_against(r, sources[r.slug])
    from .review.report import write_report

    index = write_report(reviews, out or c.build_dir / "review")
    print_review(reviews, fmt, against_conversion, verbose=c.verbose)
    if reviewer is not None:
        from .review.record import record_session

        for r in reviews:
            record_session(r, reviewer.strip())
        c.info(f"recorded the review by {reviewer.strip()} in {len(reviews)} file(s)")
    c.info(f"review report: {index}")
    failing = sum(len(r.open_anomalies) for r in reviews) if fail_on != "none" else 0
    if fail_on == "pending":
        failing += sum(len(r.pending) for r in reviews)
    return 1 if failing else 0


if __name__ == "__main__":
    main()
