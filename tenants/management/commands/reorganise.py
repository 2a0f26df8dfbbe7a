"""`egov reorganise`: an administrative reorganisation from a plan file or the shipped 2025 mapping - a dry run that
changes nothing, or the run itself, resumable (docs/ict/reorganisation.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tenants.services import units_over_time
from tenants.services.reorganisation import (
    DATASET,
    PlanFileError,
    PlanRefused,
    carry_out,
    dry_run,
    installed_plan,
    load_plan_file,
    render,
)


class Command(BaseCommand):
    help = (f"Reorganise units: --plan FILE (.csv, .json, .yaml) or --dataset {DATASET} [--province P], "
            "[--effective YYYY-MM-DD] [--decision TEXT], --dry-run to see what would move.")

    def add_arguments(self, parser):
        src = parser.add_mutually_exclusive_group(required=True)
        src.add_argument("--plan", help="A plan file: new units, their kind and parent, their old units (full/partial).")
        src.add_argument("--dataset", choices=[DATASET], help="The 2025 mapping shipped with the project.")
        parser.add_argument("--province", help="With --dataset: the 2025 province code (an old province's code is "
                                               "taken as the 2025 province it was merged into).")
        parser.add_argument("--effective", help="The date the new units take over (YYYY-MM-DD); overrides the file's.")
        parser.add_argument("--decision", help="The decision (number, symbol) ordering the reorganisation.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would move; change nothing.")
        parser.add_argument("--today", help="YYYY-MM-DD instead of today's date (rehearsals).")

    def handle(self, *args, **opts):
        try:
            effective = date.fromisoformat(opts["effective"]) if opts["effective"] else None
            today = date.fromisoformat(opts["today"]) if opts["today"] else units_over_time.today()
        except ValueError as exc:
            raise CommandError(f"Ngày không đúng dạng YYYY-MM-DD: {exc}") from exc
        try:
            if opts["plan"]:
                plan = load_plan_file(opts["plan"])
                plan.source = opts["plan"]
            else:
                plan = installed_plan(opts["province"])
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        if effective is not None:
            plan.effective_on = effective
        if opts["decision"]:
            plan.decision = opts["decision"]
        if opts["dry_run"]:
            report = dry_run(plan, today)
            self.stdout.write(render(report))
            if report.problems:
                raise CommandError(f"{len(report.problems)} vấn đề; kế hoạch bị từ chối, không thay đổi gì.")
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        fresh = sum(1 for u in plan.units if u.kept_code is None)
        try:
            with Progress(*columns, disable=opts["verbosity"] == 0) as progress:
                bar = progress.add_task("Sắp xếp đơn vị", total=fresh + len(plan.old_codes()))
                outcome = carry_out(plan, today, on_progress=lambda code: progress.update(
                    bar, advance=1, description=f"Sắp xếp đơn vị {code}"))
        except PlanRefused as exc:
            for message in exc.messages:
                self.stderr.write(f"  - {message}")
            raise CommandError(f"{len(exc.messages)} vấn đề; kế hoạch bị từ chối, không thay đổi gì.") from exc
        self.stdout.write(f"Đơn vị mới khởi tạo: {len(outcome.provisioned)}; đơn vị cũ xong: {len(outcome.done)}; "
                          f"đã xong từ lần trước: {len(outcome.already_done)}; lỗi: {len(outcome.failed)}.")
        for code, reason in sorted(outcome.failed.items()):
            self.stderr.write(f"LỖI {code}: {reason}")
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} đơn vị cũ lỗi (giữ nguyên); sửa nguyên nhân rồi chạy lại lệnh.")
