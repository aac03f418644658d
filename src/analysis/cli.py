"""`python -m analysis`: the one entry point (build, validate, cni, verify, data)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DATASET = Path("data") / "exempel-2020"
EXIT_FAILED, EXIT_INVALID, EXIT_LOCKED = 1, 2, 3


def project_root(start: Path | None = None) -> Path:
    """The folder holding `_toc.yml`, searched upwards from the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").exists() and (folder / "notebooks").is_dir():
            return folder
    raise SystemExit("Hittar inte projektets rotmapp (med _toc.yml); kör kommandot i projektmappen.")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis", description="Hälsovalsboken: bygg, kontrollera och verifiera."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    b = sub.add_parser("build", help="kör kapitlen och bygg boken (HTML, och PDF med --pdf)")
    b.add_argument("--data", type=Path, help="datamängdens mapp (standard: data/exempel-2020)")
    b.add_argument(
        "--scenario",
        type=Path,
        action="append",
        default=[],
        metavar="FIL",
        help="egen scenariofil (YAML) att lägga till kapitlet Förändringar 2021; kan upprepas",
    )
    b.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="antal processer som arbetar samtidigt: kapitel, och med fler än 1 även figurer i bakgrunden",
    )
    b.add_argument("--pdf", action="store_true", help="bygg även PDF-boken (kräver Chromium)")
    b.add_argument("--force", action="store_true", help="kör alla kapitel även om inget ändrats")
    b.add_argument("--only", action="append", metavar="KAPITEL", help="kör bara detta kapitel (nyckel)")
    b.add_argument("--quiet", action="store_true", help="ingen förloppsvisning")
    b.add_argument(
        "--jamfor-med",
        type=Path,
        metavar="BOK",
        help="lägg till sidan Ändringar sedan förra utgåvan, jämförd med denna byggda bok",
    )

    v = sub.add_parser("validate", help="kontrollera en datamängd utan att bygga")
    v.add_argument("--data", type=Path, help="datamängdens mapp (standard: data/exempel-2020)")

    c = sub.add_parser("cni", help="beräkna CNI per enhet ur en tabell i SCB:s format")
    c.add_argument("fil", type=Path)
    c.add_argument(
        "--referens",
        type=_reference,
        metavar="R",
        help="rikets genomsnittliga index per person (R), t.ex. 2,476; utelämnat skattas R ur "
        "SCB:s levererade CNI-värden",
    )
    c.add_argument("--data", type=Path, help="ta R och vikterna från denna datamängds parameterfil")

    sub.add_parser("verify", help="bygg om i en tillfällig mapp och jämför med _build/manifest.json")

    d = sub.add_parser("data", help="verktyg för datamängder")
    dsub = d.add_subparsers(dest="data_command", required=True, metavar="DELKOMMANDO")
    r = dsub.add_parser("rehash", help="räkna om SHA-256 i manifest.yml efter avsiktliga ändringar")
    r.add_argument("mapp", type=Path)

    sub.add_parser("kapitel", help="lista bokens kapitel")

    j = sub.add_parser("jamfor", help="vad som ändrats mellan två byggda utgåvor av boken")
    j.add_argument("fore", type=Path, metavar="FÖRRA", help="den äldre byggda boken (projektmapp, _build/ eller html/)")
    j.add_argument("efter", type=Path, metavar="NY", help="den nyare byggda boken")
    j.add_argument("--ut", type=Path, default=Path("jamforelse"), help="mapp för rapport, tabeller och diagram")
    j.add_argument("--data-fore", type=Path, help="datamängden den äldre boken byggdes från (om den flyttats)")
    j.add_argument("--data-efter", type=Path, help="datamängden den nyare boken byggdes från")
    return p


def _reference(text: str) -> float:
    from analysis.commands.cni import parse_reference

    return parse_reference(text)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "build": _build,
        "validate": _validate,
        "cni": _cni,
        "verify": _verify,
        "data": _data,
        "kapitel": _chapters,
        "jamfor": _jamfor,
    }[args.command]
    return handler(args)


def _dataset_dir(root: Path, given: Path | None) -> Path:
    return (given or root / DEFAULT_DATASET).resolve()


def _build(args) -> int:
    from analysis.pipeline.build import BuildError, BuildOptions, build
    from analysis.pipeline.lock import BuildLocked
    from analysis.pipeline.progress import console, summary

    root = project_root()
    opts = BuildOptions(
        root=root,
        data_dir=_dataset_dir(root, args.data),
        scenario_files=args.scenario,
        jobs=max(1, args.jobs),
        pdf=args.pdf,
        force=args.force,
        only=args.only,
        quiet=args.quiet,
        compare_with=args.jamfor_med,
    )
    try:
        report = build(opts)
    except BuildLocked as err:
        console.print(str(err), style="red", markup=False, soft_wrap=True)
        return EXIT_LOCKED
    except BuildError as err:
        console.print("[red]Bygget avbröts.[/]")
        console.print(str(err), markup=False, soft_wrap=True)
        return EXIT_FAILED
    console.print(summary(report))
    console.print(f"Total tid: {report.seconds:.1f} s".replace(".", ","))
    print(f"Boken finns i: {report.index_html}")
    if report.pdf:
        print(f"PDF: {report.pdf}")
    return 0


def _validate(args) -> int:
    from analysis.chapters.uppfoljning import chapter_warnings
    from analysis.data import DatasetError, load_dataset
    from analysis.data.errors import format_report

    root = project_root()
    folder = _dataset_dir(root, args.data)
    try:
        dataset = load_dataset(folder)
    except DatasetError as err:
        print(format_report(err.problems, str(folder)))
        return EXIT_INVALID
    try:  # the same computation as the chapter: what validate accepts, the chapter can build
        warnings = chapter_warnings(dataset)
    except Exception as err:  # noqa: BLE001 - any failure here would stop the build: report it
        print(
            f"{folder}: kapitlet Uppföljning kan inte beräknas med den här datamängden ({type(err).__name__}: {err})."
        )
        return EXIT_INVALID
    print(f"{folder}: datamängden är giltig.")
    if warnings:
        print(
            f"\n{len(warnings)} varning{'ar' if len(warnings) != 1 else ''}: boken byggs, och kapitlet "
            "Uppföljning förklarar där vad som saknas:"
        )
        print("\n".join(f"  - {w}" for w in warnings))
    return 0


def _cni(args) -> int:
    from analysis.commands.cni import run

    data = str(args.data) if args.data else None
    return run(str(args.fil), args.referens, data_dir=data)


def _verify(args) -> int:
    from analysis.commands.verify import verify

    return verify(project_root())


def _data(args) -> int:
    from analysis.data.errors import DatasetError
    from analysis.data.manifest import rehash_manifest

    try:
        changed = rehash_manifest(args.mapp)
    except DatasetError as err:
        print(str(err))
        return EXIT_INVALID
    print(f"{args.mapp / 'manifest.yml'}: uppdaterade kontrollsummor för {len(changed)} filer.")
    return 0


def _jamfor(args) -> int:
    from analysis.commands.jamfor import run

    return run(args.fore, args.efter, args.ut, args.data_fore, args.data_efter)


def _chapters(args) -> int:
    from analysis.chapters.registry import CHAPTERS

    for chapter in CHAPTERS:
        print(f"{chapter.key:20} {chapter.title:28} {chapter.template}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
