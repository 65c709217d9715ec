"""The ``edition`` command: convert, validate, html, pdf, build, text.

Exit codes: 0 success, 1 invalid content, 2 usage or input error.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .diagnostics import EditionError
from .project import Project

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


class _LazyConsole:
    """stderr's rich Console, made on first use: `edition --help` need not import rich."""

    _console: Console | None = None

    def get(self) -> Console:
        console = type(self)._console
        if console is None:
            from rich.console import Console

            console = type(self)._console = Console(stderr=True, highlight=False)
        return console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


err = _LazyConsole()


def escape(text: str) -> str:
    """rich's markup escaped (rich imported on first use, like the console)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


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
        return Project(self.root).raw_dir

    @property
    def tei_dir(self) -> Path:
        return Project(self.root).tei_dir

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def info(self, msg: str) -> None:
        if not self.quiet:
            err.print(msg)

    def debug(self, msg: str) -> None:
        if self.verbose and not self.quiet:
            err.print(f"[dim]{escape(msg)}[/dim]", soft_wrap=True)  # file:line kept whole

    def progress(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        """Iterate with a progress bar on stderr (hidden with -q or when not a terminal)."""
        items = list(items)
        if self.quiet or not err.is_terminal:
            yield from items
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err.get(), transient=True) as bar:
            task = bar.add_task(label, total=total or len(items))
            for item in items:
                yield item
                bar.advance(task)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn every failure into one line on stderr and exit 1 or 2: never a traceback.

    EditionError carries its file, position and exit code; an OSError (read-only or full disk,
    permissions) names its file. Anything else is a bug: one line asking for a report, and the
    traceback only with EDITION_TRACEBACK=1."""
    try:
        yield
    except EditionError as exc:
        _error_line(str(exc))
        sys.exit(exc.exit_code)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error_line(f"{where}{exc.strerror or exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        _error_line("interrupted; no file was left half-written")
        sys.exit(2)
    except Exception as exc:
        if os.environ.get("EDITION_TRACEBACK"):
            raise
        _error_line(f"internal error ({type(exc).__name__}: {exc}); please report it "
                    "(EDITION_TRACEBACK=1 shows the traceback)")
        sys.exit(2)


def _error_line(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)


pass_ctx = click.make_pass_decorator(Ctx)


@contextmanager
def _writing(c: Ctx) -> Iterator[None]:
    """Hold the project's lock (build/.edition.lock): a second run at once stops with a message."""
    from .outputs import project_lock

    with project_lock(c.build_dir):
        yield


def _out_dir(c: Ctx, out: Path | None, default: str) -> Path:
    """``--out`` (or build/<default>) once checked to be the tool's to write; marked as such."""
    from .outputs import check_out_dir

    return check_out_dir(out or c.build_dir / default, c.root, default=out is None)


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
    from .sources import PendingText, discover, load_source

    if names:
        return [load_source(p, c.root) for p in names]
    pending: list[PendingText] = []
    sources = discover(c.raw_dir, c.root, pending)
    for waiting in pending:  # an added text still to be completed does not stop the edition
        err.print(f"[yellow]warning:[/yellow] {escape(str(waiting))}", soft_wrap=True)
    return sources


@main.command()
@click.argument("raw_files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TEI files edited by hand.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Show what a fresh conversion would change; write nothing.")
@click.option("--keep-reviewed", is_flag=True,
              help="Re-convert hand-edited files too, carrying every decision of the editors "
                   "(@resp) over by source position and listing conflicts; files whose source "
                   "text or header was edited by hand are still refused.")
@pass_ctx
def convert(c: Ctx, raw_files: tuple[Path, ...], force: bool, show_diff: bool,
            keep_reviewed: bool) -> None:
    """Convert raw files (default: all in raw/) to TEI in tei/."""
    with reported_errors(), _writing(c):
        sys.exit(run_convert(c, raw_files, force, show_diff, keep_reviewed))


def run_convert(c: Ctx, raw_files: tuple[Path, ...] = (), force: bool = False,
                show_diff: bool = False, keep_reviewed: bool = False, keep_edited: bool = False) -> int:
    """Convert; a hand-edited TEI file is refused (exit 1), or with ``keep_edited`` (the build)
    kept as the editors left it, with a warning."""
    from .build.convert import Conversions
    from .fsutil import remove_stale_temps
    from .guard import Stamps
    from .slugs import inside

    for p in raw_files:
        if not p.exists():
            raise EditionError("no such raw file", file=p)
    sources = _sources(c, raw_files)
    _warn_unmatched_metadata(c, sources, whole_edition=not raw_files, store=not show_diff)
    if not show_diff:
        remove_stale_temps(c.tei_dir)  # left by a killed run (we hold the lock: none is running)
    stamps = Stamps(c.tei_dir)
    refused: list[Path] = []
    # converted again only where an input changed (build/cache/), on c.jobs cores
    conversions = Conversions(sources, c.cache_dir, c.jobs, lambda it: c.progress(it, "converting"))
    for source, data, stats, diagnostics in conversions:
        for key, value in stats.items():  # the converter's self-check figures (-v)
            c.debug(f"{source.raw_name}: {key}: {value}")
        for diagnostic in diagnostics:  # what each stage found, with its raw line (-v)
            c.debug(f"{diagnostic.format_text()} [{diagnostic.severity}]")
        target = inside(c.tei_dir, c.tei_dir / f"{source.slug}.xml")
        if source.guessed:
            err.print(f"[yellow]warning:[/yellow] {source.raw_path.with_suffix('.toml')}: guessed by "
                      f"`edition add`, not yet confirmed: {', '.join(source.guessed)}", soft_wrap=True)
        if show_diff:
            import difflib

            old = target.read_text(encoding="utf-8").splitlines(keepends=True) if target.exists() else []
            new = data.decode("utf-8").splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(old, new, str(target), f"{target} (fresh)"))
            continue
        edited = stamps.edited(target)
        if edited and force:
            err.print(f"[yellow]warning:[/yellow] {target}: edited by hand; overwritten (--force)",
                      soft_wrap=True)
        if edited and not force:
            if keep_reviewed and _carry_reviewed(c, target, data):
                continue
            if keep_edited:
                err.print(f"[yellow]warning:[/yellow] {target}: edited by hand since the last conversion; "
                          "kept as edited (compare with `edition convert --diff`)", soft_wrap=True)
            else:
                refused.append(target)
            continue
        if not target.exists() or target.read_bytes() != data:
            stamps.write(target, data)  # file and stamp together: consistent after a kill
        else:
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


def _warn_unmatched_metadata(c: Ctx, sources: list, whole_edition: bool, store: bool = True) -> None:
    """Errata, notes and corrections that do not match their raw line (or name no text): warned,
    never silent (each source's found again only when its conversion's inputs changed)."""
    from .build.convert import unmatched_metadata
    from .convert.corrections import load_corrections
    from .metadata import unknown_correction_sources

    messages = unmatched_metadata(sources, c.cache_dir, store)
    if whole_edition:
        for path in sorted({s.project.corrections for s in sources}):
            if path.exists():
                messages.extend(unknown_correction_sources(load_corrections(path),
                                                           {s.slug for s in sources}))
    for message in messages:
        err.print(f"[yellow]warning:[/yellow] {escape(message)}", soft_wrap=True)


def _carry_reviewed(c: Ctx, target: Path, data: bytes) -> bool:
    """Write the fresh conversion with the editors' work in ``target`` carried over by source
    position; list the conflicts (the editors' version kept) for the editors to look at.

    The stamp stays that of the plain conversion, so the file still counts as hand-edited and
    a later convert without --keep-reviewed refuses it. False (the file refused) when hand edits
    that name no editor changed the source text or the header: those cannot be carried.
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
    c.info(f"{target}: carried over {carried.accepted} accepted, {carried.corrected} corrected, "
           f"{carried.added} added and {carried.rejected} rejected annotation(s); "
           f"{len(carried.conflicts)} conflict(s)")
    for conflict in carried.conflicts:
        err.print(f"[yellow]conflict:[/yellow] {target}: {conflict}", soft_wrap=True, markup=True)
    if carried.replaced:
        c.info(f"{target}: markup without an editor's @resp taken from the fresh conversion at "
               + ", ".join(carried.replaced[:10]) + (" …" if len(carried.replaced) > 10 else ""))
    return True


def _tei_paths(c: Ctx, paths: tuple[Path, ...]) -> list[Path]:
    from .validate import tei_files

    return tei_files(paths or (c.tei_dir,))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]),
              default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
# validation settings of another project: its own grammar, the rule sets it wants
@click.option("--schema", "schema_spec", metavar="FILE",
              help="Grammar: an .xsd, .rng, .rnc or .odd file, a shipped one (tei_all.rng), or "
                   "'none' (default: the edition's; or `schema` in [tool.edition]).")
@click.option("--rules", "rules_spec", metavar="SET",
              help="Rules: edition (all), pointers (ids and references), none, or rule names, "
                   "comma-separated (default: edition; or `rules` in [tool.edition]).")
# CI: a job summary, and the findings on the lines a change touched first
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Append a Markdown summary (counts by code) to this file, e.g. "
                   "$GITHUB_STEP_SUMMARY.")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="List findings on lines changed since this git commit first.")
@pass_ctx
def validate(c: Ctx, paths: tuple[Path, ...], fmt: str, strict: bool, schema_spec: str | None,
             rules_spec: str | None, summary_file: Path | None, changed_since: str | None) -> None:
    """Validate TEI files (default: tei/) against the edition schema and its rules."""
    with reported_errors():
        sys.exit(run_validate(c, paths, fmt, strict, schema_spec, rules_spec, summary_file,
                              changed_since))


def run_validate(c: Ctx, paths: tuple[Path, ...] = (), fmt: str = "text",
                 strict: bool = False, schema_spec: str | None = None,
                 rules_spec: str | None = None, summary_file: Path | None = None,
                 changed_since: str | None = None) -> int:
    from .validate import validate_files
    from .validate.codes import rule_names
    from .validate.config import read_settings
    from .validate.grammar import grammar_for
    from .validate.report import changed_first, render, summary

    settings = read_settings(c.root)
    grammar = (grammar_for(schema_spec) if schema_spec is not None
               else grammar_for(settings.schema, settings.base) if settings.schema else None)
    try:
        rules = rule_names(rules_spec or settings.rules or "edition")
    except ValueError as exc:
        raise EditionError(str(exc)) from exc
    files = _tei_paths(c, paths)
    if not files:
        raise EditionError("no TEI files to validate", file=paths[0] if paths else c.tei_dir)
    started = time.perf_counter()
    progress = lambda it: c.progress(it, "validating")  # noqa: E731
    if grammar is None and rules == rule_names("edition"):
        # the edition's grammar and rules: file by file on c.jobs cores; unchanged files keep
        # their findings (build/cache/); the same findings as validate_files (a test checks)
        from .build.validate import Validation

        validation = Validation(files, c.cache_dir, c.jobs, progress, rules=rules)
        diagnostics = validation.run()
        checked = len(validation.redone)
    else:  # a project's own grammar or a choice of rules: all files, as they are
        diagnostics = validate_files(files, progress=progress, grammar=grammar, rules=rules)
        checked = len(files)
    elapsed = time.perf_counter() - started
    if changed_since:
        diagnostics = changed_first(diagnostics, changed_since)
    out = render(diagnostics, fmt, files, strict, elapsed)
    if out:
        click.echo(out)
    if summary_file is not None:
        with summary_file.open("a", encoding="utf-8") as f:
            f.write(summary(diagnostics, files, strict) + "\n")
    failing = [d for d in diagnostics if d.severity == "error" or (strict and d.severity == "warning")]
    if fmt == "text":
        c.info(f"validated {len(files)} file(s) ({checked} checked again): "
               f"{sum(d.severity == 'error' for d in diagnostics)} error(s), "
               f"{sum(d.severity == 'warning' for d in diagnostics)} warning(s)")
    return 1 if failing else 0


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/html).")
@click.option("--base-url", metavar="URL", default=None,
              help="The site's canonical address, for permalinks, citations and citation meta tags "
                   "(default: $EDITION_BASE_URL; without it citations carry the page's own address).")
@pass_ctx
def html(c: Ctx, paths: tuple[Path, ...], out: Path | None, base_url: str | None) -> None:
    """Publish the web edition (static HTML) from the TEI."""
    with reported_errors(), _writing(c):
        sys.exit(run_html(c, paths, out, base_url))


def run_html(c: Ctx, paths: tuple[Path, ...] = (), out: Path | None = None,
             base_url: str | None = None, owned: Callable[[str], bool] | None = None) -> int:
    from .build.web import WebBuild

    out = _out_dir(c, out, "html")  # replaced whole: never a folder of the user's
    # `edition build` has no option of its own: the environment sets the address for it too.
    base_url = base_url if base_url is not None else os.environ.get("EDITION_BASE_URL")
    # pages per text on c.jobs cores, made again only for what changed (build/cache/web);
    # the site assembled beside ``out`` and swapped in (edition.outputs)
    web = WebBuild(_tei_paths(c, paths), out, c.cache_dir, c.jobs, owned=owned,
                   progress=lambda it: c.progress(it, "web pages"),
                   warn=lambda msg: err.print(f"[yellow]warning:[/yellow] {escape(msg)}",
                                              soft_wrap=True),
                   base_url=base_url)
    index = web.run()
    c.info(f"web edition: {index}" + (f" (made again: {', '.join(web.redone)})" if web.redone
                                      else " (nothing changed)"))
    return 0


LINE_BREAKING_OPTION = click.option(
    "--line-breaking", type=click.Choice(["first-fit", "total-fit"]), default="first-fit",
    show_default=True,
    help="How justified paragraphs are broken into lines: line by line (the faster render), or "
         "each paragraph as a whole for even word spacing (about 1.5 times the render's time).")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/print).")
@LINE_BREAKING_OPTION
@pass_ctx
def pdf(c: Ctx, paths: tuple[Path, ...], out: Path | None, line_breaking: str) -> None:
    """Publish the print edition (PDF) from the TEI."""
    with reported_errors(), _writing(c):
        sys.exit(run_pdf(c, paths, out, line_breaking))


def run_pdf(c: Ctx, paths: tuple[Path, ...] = (), out: Path | None = None,
            line_breaking: str = "first-fit") -> int:
    from .outputs import mark
    from .publish.pdf import build_pdfs

    out = _out_dir(c, out, "print")
    pdfs = build_pdfs(_tei_paths(c, paths), out, progress=lambda it: c.progress(it, "PDFs"),
                      line_breaking=line_breaking)
    mark(out)  # after the inputs were read: bad input leaves no folder behind
    c.info(f"print edition: {len(pdfs)} PDF(s) in {out}")
    if out == (c.build_dir / "print").resolve():  # the web edition publishes copies: keep them current
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
@LINE_BREAKING_OPTION
@pass_ctx
def build(c: Ctx, force: bool, shard_spec: str | None, merge_dirs: tuple[Path, ...],
          no_pdf: bool, line_breaking: str) -> None:
    """Run convert, validate, pdf and html in order; stop at the first stage that fails.

    Only what changed is made again (build/cache/); each stage says what it made.
    TEI files edited by hand since their last conversion are published as edited, not converted."""
    with reported_errors(), _writing(c):
        stages = _build_stages(c, force, shard_spec, merge_dirs, no_pdf, line_breaking)
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
                  no_pdf: bool, line_breaking: str = "first-fit"
                  ) -> list[tuple[str, Callable[[], int]]]:
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
        stages.append(("pdf", lambda: _build_pdf(c, tei(), line_breaking)))
    stages.append(("html", lambda: run_html(c, (), owned=shard.owns if shard else None)))
    return stages


def _build_pdf(c: Ctx, files: tuple[Path, ...], line_breaking: str) -> int:
    """The print stage of the build: not even started when none of its inputs changed."""
    from .build.run import pdf_fresh, record_pdf

    out = c.build_dir / "print"
    inputs = list(files)
    if not inputs:  # a shard without texts
        return 0
    if pdf_fresh(c.cache_dir, inputs, out, line_breaking):
        c.info("print edition: nothing changed")
        return 0
    code = run_pdf(c, files, line_breaking=line_breaking)
    if code == 0:
        record_pdf(c.cache_dir, inputs, out, line_breaking)
    return code


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", default=None, help="The text's slug (default: guessed from its title).")
@click.option("--profile", default=None,
              help="Conversion profile, built in or the project's (default: guessed from the layout).")
@click.option("--no-convert", is_flag=True, help="Only copy the file and write its metadata.")
@pass_ctx
def add(c: Ctx, file: Path, slug: str | None, profile: str | None, no_convert: bool) -> None:
    """Add a new text: copy FILE into raw/ unchanged, guess its metadata, convert it."""
    with reported_errors():
        sys.exit(run_add(c, file, slug, profile, no_convert))


def run_add(c: Ctx, file: Path, slug: str | None = None, profile: str | None = None,
            no_convert: bool = False) -> int:
    from .fsutil import write_atomic
    from .intake import Guess, content_digest, guess_metadata, metadata_toml, raw_file_name
    from .slugs import slug_problem
    from .sources import PendingText, discover, read_raw_text

    text = read_raw_text(file)  # refuses binary, empty and non-UTF-8 input with its position
    data = file.read_bytes()
    from .profiles import names

    if profile is not None and profile not in names(Project(c.root)):
        raise EditionError(f"no profile {profile!r}; known: {', '.join(names(Project(c.root)))}")
    pending: list[PendingText] = []  # texts added before and still to be completed count too
    existing = discover(c.raw_dir, c.root, pending) if c.raw_dir.is_dir() else []
    taken = [(s.raw_path, s.slug) for s in existing] + [(w.raw_path, w.slug) for w in pending]
    for other, _ in taken:
        if content_digest(other.read_bytes()) == content_digest(data):
            raise EditionError(f"this text is already in the edition as {other}", file=file)
    intake = guess_metadata(text, file.stem, profile)
    for key, value in (("slug", slug),):
        if value is not None:  # the editor's own choice replaces the guess
            intake.guesses = [g for g in intake.guesses if g.key != key]
            intake.unknown = [k for k in intake.unknown if k != key]
            intake.guesses.insert(0, Guess(key, value, "given on the command line"))
    chosen = str(intake.get("slug") or "")
    problem = slug_problem(chosen) if chosen else None
    if problem is None and chosen in {slug for _, slug in taken}:
        problem = f"slug {chosen!r} is taken in the edition"
    if problem:
        raise EditionError(f"{problem}; choose another with --slug", file=file)
    name = raw_file_name(c.raw_dir, chosen or "text")
    raw_target, meta_target = c.raw_dir / f"{name}.txt", c.raw_dir / f"{name}.toml"
    write_atomic(raw_target, data)
    write_atomic(meta_target, metadata_toml(intake, raw_target.name).encode("utf-8"))
    c.info(f"added {raw_target} and {meta_target}; check these guesses:")
    for g in intake.guesses:
        where = f" (line {g.line})" if g.line else ""
        c.info(f"  {g.key} = {g.value!r}  ← {g.evidence}{where}")
    for key in intake.unknown:
        c.info(f"  [yellow]{key}: unknown[/yellow] — fill it in {meta_target}")
    if no_convert or intake.unknown:
        if intake.unknown:
            c.info(f"not converted yet: complete {meta_target}, then `edition convert {raw_target}`")
        return 0
    return run_convert(c, (raw_target,))


@main.command()
@click.argument("tei_file", type=click.Path(path_type=Path))
@pass_ctx
def text(c: Ctx, tei_file: Path) -> None:
    """Print the source text recovered from a TEI file (sic/orig readings, fw kept)."""
    from .recover import recover_text
    from .tei.xml import parse_file, require_tei

    with reported_errors():
        tree = parse_file(tei_file)
        require_tei(tree, tei_file)  # TEI in another namespace would print nothing, exit 0
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
# -- the review desk and batch decisions (issue 16) --
@click.option("--serve", is_flag=True, help="Open the review desk: a local web page on 127.0.0.1 "
              "that writes each decision into the TEI.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port of the review desk.")
@click.option("--accept", "accept_filter", metavar="FILTER", default=None,
              help='Accept every pending annotation the filter selects, e.g. "kind=persName cert=high".')
@click.option("--editor", metavar="NAME", default=None,
              help="Who decides (--serve, --accept): the TEI records the decisions as theirs.")
@pass_ctx
def review(c: Ctx, paths: tuple[Path, ...], out: Path | None, fmt: str, fail_on: str,
           reviewer: str | None, against_conversion: bool, serve: bool, port: int,
           accept_filter: str | None, editor: str | None) -> None:
    """Review the encoding: annotations to check and anomalies, with the raw lines beside them."""
    with reported_errors():
        changed: list[Path] | None = None
        if serve or accept_filter is not None:
            if not editor or not editor.strip():
                raise EditionError("--serve and --accept need --editor NAME (who decides)")
            if accept_filter is not None:
                with _writing(c):
                    changed = run_accept(c, paths, accept_filter, editor.strip())
            if serve:  # each decision is one atomic write; the site can be built meanwhile
                changed = run_desk(c, paths, editor.strip(), port)
        with _writing(c):
            sys.exit(run_review(c, paths, out, fmt, fail_on, reviewer, against_conversion, changed))


def run_accept(c: Ctx, paths: tuple[Path, ...], spec: str, editor: str) -> list[Path]:
    """Accept what ``spec`` selects, one minimal write per file; the files written."""
    from .review import review_files
    from .review.decide import Decision, Reviewer, decide
    from .review.query import Query

    query = Query.parse(spec)
    written = []
    for r in review_files(_tei_paths(c, paths), c.root):
        chosen = [Decision(a.ident) for a in r.annotations if query.matches(a, r.slug)]
        if chosen:
            decide(r.tei_path, chosen, Reviewer(editor))
            written.append(r.tei_path)
        c.info(f"{r.tei_path}: accepted {len(chosen)} annotation(s)")
    return written


def run_desk(c: Ctx, paths: tuple[Path, ...], editor: str, port: int) -> list[Path]:
    from .review.decide import Reviewer
    from .review.server import serve

    return serve(_tei_paths(c, paths), c.root, Reviewer(editor), port, info=c.info)


def _to_record(c: Ctx, path: Path, paths: tuple[Path, ...], changed: list[Path] | None) -> bool:
    """--record writes into the files named, else those this session changed, else those the
    editors changed since their conversion: never into a file nobody touched."""
    from .guard import Stamps

    if paths:
        return True
    if changed is not None:
        return path in changed
    return Stamps(path.parent).edited(path)


def run_review(c: Ctx, paths: tuple[Path, ...] = (), out: Path | None = None, fmt: str = "text",
               fail_on: str = "none", reviewer: str | None = None,
               against_conversion: bool = False, changed: list[Path] | None = None) -> int:
    from .build.review import review_in_pool
    from .review.cli_output import print_review

    if reviewer is not None and not reviewer.strip():
        raise EditionError("--record needs the reviewer's name")
    if reviewer is None and not against_conversion:
        return _review_from_kept_parts(c, paths, out, fmt, fail_on)
    # --record writes into the TEI and --against-conversion adds to each review: both need
    # the whole reviews, and take this path, which makes the whole report again
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
    from .outputs import mark
    from .review.report import write_report

    report_dir = _out_dir(c, out, "review")
    mark(report_dir)
    index = write_report(reviews, report_dir)
    print_review(reviews, fmt, against_conversion, verbose=c.verbose)
    if fmt == "text":  # persons the register does not know yet (issue 15)
        _print_register_candidates(c, [r.tei_path for r in reviews])
    if reviewer is not None:
        from .review.record import record_session

        recorded = [r for r in reviews if _to_record(c, r.tei_path, paths, changed)
                    and record_session(r, reviewer.strip())]
        c.info(f"recorded the review by {reviewer.strip()} in {len(recorded)} file(s)")
    c.info(f"review report: {index}")
    failing = sum(len(r.open_anomalies) for r in reviews) if fail_on != "none" else 0
    if fail_on == "pending":
        failing += sum(len(r.pending) for r in reviews)
    return 1 if failing else 0


def _review_from_kept_parts(c: Ctx, paths: tuple[Path, ...], out: Path | None, fmt: str,
                            fail_on: str) -> int:
    """The review of an edition of many texts: only the texts changed since the last review
    are reviewed, rendered and scanned again (build/review_report.py); the report and the
    summary come from every text's small kept parts."""
    from .annotate.candidates import merge_findings
    from .build.review_report import make_report, stream_json
    from .outputs import mark
    from .review.cli_output import print_summary

    report_dir = _out_dir(c, out, "review")
    mark(report_dir)
    report = make_report(_tei_paths(c, paths), c.root, c.jobs, c.cache_dir, report_dir,
                         Project(c.root).register, progress=lambda it: c.progress(it, "reviewing"))
    summaries = [t.summary for t in report.texts]
    if fmt == "json":
        stream_json(report.texts, c.cache_dir, sys.stdout)
    else:
        print_summary(summaries, verbose=c.verbose)
        _print_candidates(c, merge_findings((t.tei_path.stem, t.findings) for t in report.texts))
    c.info(f"review report: {report_dir / 'index.html'} (texts made again: {report.rendered} "
           f"of {len(report.texts)})")
    failing = sum(len(t.open_codes) for t in summaries) if fail_on != "none" else 0
    if fail_on == "pending":
        failing += sum(t.pending for t in summaries)
    return 1 if failing else 0


# -- the register: persons not yet in it (issue 15) ---------------------------------------------

def _register_candidates(c: Ctx, paths: list[Path]):
    """The candidates in ``paths``, checked against the project's register (--root's)."""
    from .annotate.candidates import find_candidates
    from .annotate.register import load_register
    from .build.review_report import body_text

    return find_candidates({path.stem: body_text(path) for path in paths
                            if path.name != "register.xml"}, load_register(Project(c.root).register))


def _print_register_candidates(c: Ctx, paths: list[Path]) -> None:
    _print_candidates(c, _register_candidates(c, paths))


def _print_candidates(c: Ctx, candidates: list) -> None:
    from .annotate.candidates import describe

    if candidates:
        c.info(f"persons not in the register ({len(candidates)}): {describe(candidates)}; "
               "add one with `edition register add`")


@main.group()
def register() -> None:
    """The register of persons and organisations (tei/register.xml)."""


@register.command("candidates")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_ctx
def register_candidates(c: Ctx, paths: tuple[Path, ...]) -> None:
    """List names the texts print as persons' names that the register does not know."""
    with reported_errors():
        for cand in _register_candidates(c, _tei_paths(c, paths)):
            click.echo(f"{cand.surname}\t{cand.count}\t{'; '.join(cand.forms)}\t{' '.join(cand.where)}")


@register.command("add")
@click.argument("ident")
@click.option("--name", required=True, help="The full name as the register prints it first.")
@click.option("--form", "forms", multiple=True, help="A name form the texts print (repeatable).")
@click.option("--wikidata", default=None, help="The entry's Wikidata id (Q…).")
@click.option("--note", default=None, help="A short note on who this is.")
@click.option("--org", is_flag=True, help="An organisation (org:ID) instead of a person (per:ID).")
@pass_ctx
def register_add(c: Ctx, ident: str, name: str, forms: tuple[str, ...], wikidata: str | None,
                 note: str | None, org: bool) -> None:
    """Add an entry to tei/register.xml: IDENT becomes per:IDENT (or org:IDENT)."""
    from .annotate.register import add_entry

    with reported_errors():
        ref = add_entry(c.tei_dir / "register.xml", ident, name, list(forms), org=org,
                        wikidata=wikidata, note=note)
        c.info(f"added {ref} to {c.tei_dir / 'register.xml'}; `edition convert` tags its name forms")


if __name__ == "__main__":
    main()
