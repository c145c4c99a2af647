"""What a pull-request check runs: every seed (or every changed seed) built, and reported.

`check_seeds` builds the corpus (not the site) and reports what each seed
produced: its title, byline, date, actors and topics, why it was rejected,
or which other seed it duplicates, and whether its metadata sidecar is
valid. `changed_seed_names` asks git which seeds a branch added or changed.
Check failures are values in the report; `UserError` is raised only for
arguments the user can fix.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from ..errors import UserError
from ..ingest import SIDECAR_SUFFIX, list_seed_paths, read_sidecar
from ..model.analysis import Candidate
from ..model.corpus import Corpus
from ..model.records import Article, NearDuplicate, Rejection
from ..runtime.options import RunOptions
from ..text.invisible import one_line, printable
from .build import load_corpus

# A git revision as the check accepts it: no option, no shell syntax.
_REVISION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._/@{}^~-]*$")

ProblemKind = Literal["rejected", "duplicate", "metadata"]


@dataclass(slots=True, kw_only=True, frozen=True)
class Problem:
    """Something that fails the check, naming the file to fix."""

    source: str
    message: str
    kind: ProblemKind


@dataclass(slots=True, kw_only=True)
class SeedReport:
    """What one seed produced, for the pull-request summary."""

    source: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    paragraphs: int = 0
    actors: list[str] = field(default_factory=list)  # display names
    topics: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    rejected: str | None = None
    copy_of: str | None = None  # the seed this one duplicates


@dataclass(slots=True, kw_only=True)
class CheckReport:
    seeds: int
    articles: int
    problems: list[Problem] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[NearDuplicate] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # new ones, for review
    # The seeds the summary is about: the changed ones, or all when no change set was given.
    changed: list[SeedReport] = field(default_factory=list)
    changed_from: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def render_text(self) -> str:
        lines = [
            f"{'OK' if self.ok else 'FAILED'}: {self.seeds} seeds, {self.articles} articles, "
            f"{len(self.problems)} problem(s), {len(self.candidates)} actor candidate(s) to review"
        ]
        lines += [f"  problem: {p.source}: {p.message}" for p in self.problems]
        for seed in self.changed:
            if seed.rejected is None and seed.copy_of is None:
                lines.append(
                    f"  {seed.source}: {seed.title!r} by {seed.author or '?'}, "
                    f"{seed.published or 'no date'}; actors: {', '.join(seed.actors) or '-'}; "
                    f"topics: {', '.join(seed.topics) or '-'}"
                )
        lines += [f"  candidate: {c.name} ({c.reason})" for c in self.candidates]
        return "".join(safe_line(line) + "\n" for line in lines)

    def render_markdown(self) -> str:
        """The pull-request job summary (GitHub Markdown). Every input value is escaped."""
        t = md_text
        status = "passed" if self.ok else "failed"
        out = [f"## Seed check {status}", ""]
        out.append(
            f"{self.seeds} seeds, {self.articles} articles, {len(self.problems)} problem(s)."
        )
        out.append("")
        others = [p for p in self.problems if p.kind != "rejected"]
        if others:
            out += ["### Problems", ""]
            out += [f"- `{_code(p.source)}`: {t(p.message)}" for p in others]
            out.append("")
        scope = (
            f"Seeds changed since `{_code(self.changed_from)}`"
            if self.changed_from
            else "All seeds"
        )
        out += [f"### {scope}", ""]
        if not self.changed:
            out += ["No seed files changed.", ""]
        for seed in self.changed:
            out += [f"#### `{_code(seed.source)}`", ""]
            if seed.rejected is not None:
                out += [f"**Rejected:** {t(seed.rejected)}", ""]
                continue
            if seed.copy_of is not None:
                out += [f"**Near-duplicate of** `{_code(seed.copy_of)}`", ""]
                continue
            rows = [
                ("Title", seed.title),
                ("Author", seed.author),
                ("Published", seed.published),
                ("Publisher", seed.publisher),
                ("URL", seed.url),
                ("Paragraphs", str(seed.paragraphs)),
                ("Actors", ", ".join(seed.actors)),
                ("Topics", ", ".join(seed.topics)),
                ("New actor candidates", ", ".join(seed.candidates)),
            ]
            out += ["| | |", "| --- | --- |"]
            out += [f"| {name} | {t(value) if value else '—'} |" for name, value in rows]
            out.append("")
        if self.rejected:
            out += ["### Rejected inputs", ""]
            out += [f"- `{_code(r.source)}`: {t(r.reason)}" for r in self.rejected]
            out.append("")
        if self.candidates:
            out += ["### New actor candidates (for review, no pages)", ""]
            out += [f"- {t(c.name)}: {t(c.reason)}" for c in self.candidates]
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n\n"


def _code(value: str) -> str:
    """A file name or revision inside a code span: no backticks, line breaks or format chars."""
    return re.sub(r"[`\s]+", " ", printable(value)).strip() or "?"


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md_text(value: str) -> str:
    """Input text as literal GitHub Markdown: one line, every ASCII punctuation backslash-escaped.

    GitHub's Markdown lets a backslash escape any ASCII punctuation, so no
    tag, entity, link, autolink, emphasis or table cell boundary survives, and
    an apostrophe shows as an apostrophe (HTML entities, as on the site's pages,
    would be shown raw here: the escaped `#` of `&#x27;`).
    """
    collapsed = " ".join(printable(value).split())
    return _MD_PUNCTUATION.sub(r"\\\1", collapsed)


def safe_line(line: str) -> str:
    """A line for the check's standard output, where GitHub reads workflow commands.

    A runner takes a line that starts with `::` (after spaces) as a command
    (`::error file=...::`); input text never starts a line here (it comes
    after a prefix), and line breaks inside it are shown as `\\n`, so a file
    name cannot start one. Invisible and control characters are removed or
    shown escaped; a line that would still start with `::` gets a prefix.
    """
    out = one_line(line)
    return f"| {out}" if out.lstrip().startswith("::") else out


def sidecar_problems(seeds_dir: Path, *, today: date | None = None) -> list[Problem]:
    """Hand-edited sidecars: valid values (no date after `today`), a seed file beside each one.

    The same reader and validator as the build's; a sidecar that is not a
    regular file is reported without being opened.
    """
    problems: list[Problem] = []
    for path in sorted(seeds_dir.glob("*" + SIDECAR_SUFFIX)):
        seed = path.name[: -len(SIDECAR_SUFFIX)]
        if not os.path.lexists(seeds_dir / seed):
            problems.append(
                Problem(source=path.name, message=f"sidecar without a seed {seed}", kind="metadata")
            )
            continue
        sidecar = read_sidecar(path, today=today)
        problems += [
            Problem(source=path.name, message=m, kind="metadata") for m in sidecar.problems
        ]
        if sidecar.unknown:
            problems.append(
                Problem(
                    source=path.name,
                    message=f"unknown key(s): {', '.join(sidecar.unknown)}",
                    kind="metadata",
                )
            )
    return problems


def changed_seed_names(base: str, seeds_dir: Path, *, repo: Path | None = None) -> list[str]:
    """Seed files added or modified since git revision `base` (a sidecar counts for its seed).

    Compares `base` with the working tree's HEAD, as a pull-request job sees
    it (HEAD is the merge commit there). Deleted seeds are not listed.
    """
    if not _REVISION.match(base):
        raise UserError(f"not a git revision: {base!r}")
    cwd = repo if repo is not None else Path.cwd()
    try:
        proc = subprocess.run(
            ["git", "diff", "--name-only", "--no-renames", "--diff-filter=d", base, "HEAD", "--"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GIT_PAGER": "cat"},
        )
    except OSError as exc:
        raise UserError(f"cannot run git: {exc.strerror or exc}") from exc
    if proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        raise UserError(f"git diff against {base} failed: {detail[0]}")
    top = _git_toplevel(cwd)
    seeds_abs = seeds_dir.resolve()
    names: set[str] = set()
    for line in proc.stdout.splitlines():
        path = (top / line).resolve()
        if path.parent != seeds_abs:
            continue
        name = path.name
        if name.endswith(SIDECAR_SUFFIX):
            name = name[: -len(SIDECAR_SUFFIX)]
        if (seeds_dir / name).is_file() and not name.startswith("."):
            names.add(name)
    return sorted(names)


def _git_toplevel(cwd: Path) -> Path:
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise UserError(f"not in a git repository: {cwd}")
    return Path(proc.stdout.strip())


def seed_reports(corpus: Corpus, names: Sequence[str]) -> list[SeedReport]:
    """Per seed: the article it became (or why not), its actors, topics and candidates."""
    by_source: dict[str, Article] = {}
    for article in corpus.articles:
        for source in article.sources:
            by_source.setdefault(source, article)
    rejected = {r.source: r.reason for r in corpus.rejected}
    copies = {d.copy: d.original for d in corpus.duplicates}
    actor_names = {a.id: a.name for a in corpus.actors.actors}
    topic_names = {t.id: t.name for t in corpus.topics.topics}
    reports: list[SeedReport] = []
    for name in names:
        report = SeedReport(source=name)
        reports.append(report)
        if name in rejected:
            report.rejected = rejected[name]
            continue
        if name in copies:
            report.copy_of = copies[name]
            continue
        found = by_source.get(name)
        if found is None:
            report.rejected = "not in the corpus"
            continue
        report.title, report.author = found.title, found.author
        report.published, report.publisher, report.url = found.published, found.publisher, found.url
        report.paragraphs = len(found.paragraphs)
        report.actors = [actor_names.get(a, a) for a in found.actors]
        report.topics = [topic_names.get(t, t) for t in found.topics]
        report.candidates = [c.name for c in corpus.actors.candidates if found.id in c.articles]
    return reports


def check_corpus(
    corpus: Corpus,
    *,
    seed_names: Sequence[str],
    changed: Sequence[str] | None = None,
    changed_from: str | None = None,
    extra_problems: Sequence[Problem] = (),
) -> CheckReport:
    """The check as a pure function of a built corpus."""
    problems = list(extra_problems)
    # A sidecar's problem also rejects its seed in the build: say it once, on the sidecar.
    said = {p.message for p in extra_problems}
    problems += [
        Problem(source=r.source, message=f"rejected: {r.reason}", kind="rejected")
        for r in corpus.rejected
        if r.reason not in said
    ]
    problems += [
        Problem(
            source=d.copy,
            message=f"near-duplicate of {d.original} ({d.containment:.0%} shared); "
            "keep one of the two",
            kind="duplicate",
        )
        for d in corpus.duplicates
    ]
    names = list(seed_names) if changed is None else list(changed)
    reports = seed_reports(corpus, names)
    if changed is None:
        candidates = list(corpus.actors.candidates)
    else:
        ids = {a.id for a in corpus.articles if set(a.sources) & set(changed)}
        candidates = [c for c in corpus.actors.candidates if ids & set(c.articles)]
    return CheckReport(
        seeds=len(seed_names),
        articles=len(corpus.articles),
        problems=sorted(problems, key=lambda p: (p.source, p.message)),
        rejected=list(corpus.rejected),
        duplicates=list(corpus.duplicates),
        candidates=candidates,
        changed=reports,
        changed_from=changed_from,
    )


def check_seeds(
    options: RunOptions,
    *,
    changed_from: str | None = None,
    changed: Sequence[str] | None = None,
) -> CheckReport:
    """What a pull-request check runs: every seed yields an article, none duplicates another.

    `changed_from` (a git revision) or `changed` (seed file names) limits the
    per-seed summary and the candidate list to those seeds; the pass/fail
    verdict always covers every seed.
    """
    seeds_dir = options.seeds_dir
    if not seeds_dir.is_dir():
        raise UserError(f"seeds folder not found: {seeds_dir}")
    if changed_from is not None:
        changed = changed_seed_names(changed_from, seeds_dir)
    corpus = load_corpus(options)
    return check_corpus(
        corpus,
        seed_names=[p.name for p in list_seed_paths(seeds_dir)],
        changed=changed,
        changed_from=changed_from,
        extra_problems=sidecar_problems(seeds_dir, today=date.today()),
    )
