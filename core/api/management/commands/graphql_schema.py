"""egov graphql-schema: write the API contract (graphql/schema.graphql, graphql/platform.graphql); --check compares."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.api.contract import FILES, drift, write


class Command(BaseCommand):
    help = "Ghi lược đồ GraphQL của hai điểm truy cập vào graphql/ (--check: chỉ so sánh). / Write or check the schemas."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Không ghi; thoát mã khác 0 nếu tệp lệch với mã nguồn. / Exit non-zero on drift.")
        parser.add_argument("--out-dir", type=Path, default=None, help="Thư mục (mặc định graphql/). / Directory.")

    def handle(self, *args, check=False, out_dir=None, **options):
        if check:
            changed = drift(out_dir)
            if changed:
                raise CommandError("Lược đồ GraphQL lệch với mã nguồn / GraphQL schema drift: " + ", ".join(changed)
                                   + ". Chạy / run: egov graphql-schema")
            self.stdout.write(f"OK: {', '.join(FILES.values())}")
            return
        for path in write(out_dir):
            self.stdout.write(str(path))
