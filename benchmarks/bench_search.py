"""Vietnamese search of official documents (issue 11, item 6), the default backend (PostgreSQL, core.search):
DOCUMENTS documents in one unit (EGOV_BENCH_SEARCH_DOCS overrides; the issue asks 1,000,000), p50 and p95 of the
first page (20) of `search_documents` for a leader (the list's permission filter included) for:

- a two-word query without tone marks, of moderate frequency (a phrase in about 1 % of the documents);
- a document number and symbol ("127/QĐ-UBND", a handful of documents across the years);
- the worst case: the most common phrase (in about a third of the documents), every match ranked.

Subjects are drawn from phrases of administrative Vietnamese with a Zipf distribution; their vectors are built in
Python once per distinct subject (as on write) and the rows are made with generate_series, the GIN index after.
"""

import os
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import tenant_context

from core.accounts.services import grant_membership
from core.modules.services import enable
from core.search import build_vector, fold
from modules.documents.services.search import search_documents
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

DOCUMENTS = int(os.environ.get("EGOV_BENCH_SEARCH_DOCS") or 1_000_000)
SUBJECTS = 50_000  # distinct subjects, repeated
RUNS = 60  # timed searches per figure
RUNS_WORST = 10
TARGET_MS = 100
PHRASES = """
đất đai; xây dựng; giáo dục; y tế; môi trường; giao thông; nông nghiệp; thủy lợi; phòng chống; thiên tai; dịch bệnh;
an ninh; trật tự; quốc phòng; tài chính; ngân sách; đầu tư; công nghiệp; thương mại; du lịch; văn hóa; thể thao;
thông tin; truyền thông; khoa học; công nghệ; lao động; việc làm; bảo hiểm; xã hội; dân tộc; tôn giáo; tư pháp;
hộ tịch; chứng thực; nội vụ; cán bộ; công chức; viên chức; thi đua; khen thưởng; kỷ luật; thanh tra; khiếu nại;
tố cáo; tiếp công dân; cải cách; hành chính; một cửa; dịch vụ công; trực tuyến; chuyển đổi số; chính quyền số;
kinh tế; kế hoạch; quy hoạch; sử dụng đất; giải phóng; mặt bằng; bồi thường; tái định cư; nhà ở; đô thị; nông thôn;
nông thôn mới; xóa đói; giảm nghèo; hộ nghèo; an sinh; người có công; thương binh; liệt sĩ; trẻ em; bình đẳng giới;
phòng cháy; chữa cháy; cứu nạn; cứu hộ; lụt bão; hạn hán; xâm nhập mặn; rừng; kiểm lâm; thủy sản; chăn nuôi;
trồng trọt; khuyến nông; hợp tác xã; doanh nghiệp; đăng ký kinh doanh; thuế; phí; lệ phí; kho bạc; quyết toán;
dự toán; mua sắm; tài sản công; đấu thầu; giải ngân; vốn đầu tư; công trình; nghiệm thu; bàn giao; bảo trì;
đường giao thông; cầu; trường học; trạm y tế; bệnh viện; tiêm chủng; vắc xin; an toàn thực phẩm; vệ sinh;
nước sạch; rác thải; ô nhiễm; khí hậu; tài nguyên; khoáng sản; địa giới; hành chính cấp xã; sáp nhập; sắp xếp;
tổ chức bộ máy; tinh giản; biên chế; đào tạo; bồi dưỡng; tuyển dụng; thi tuyển; nâng lương; nghỉ hưu; bổ nhiệm;
điều động; luân chuyển; bầu cử; hội đồng nhân dân; ủy ban nhân dân; mặt trận; đoàn thanh niên; hội phụ nữ;
cựu chiến binh; nông dân; công đoàn; lễ hội; di tích; thư viện; bảo tàng; gia đình; dân số; kế hoạch hóa;
cư trú; căn cước; định danh; dữ liệu; an toàn thông tin; chữ ký số; văn thư; lưu trữ; báo cáo; thống kê; tổng kết;
sơ kết; triển khai; hướng dẫn; đôn đốc; kiểm tra; giám sát; phối hợp; tăng cường; chấn chỉnh; thực hiện
"""
SYMBOLS = ["QĐ-UBND", "UBND-VP", "KH-UBND", "TB-UBND", "BC-UBND", "TTr-UBND", "CV-UBND", "HD-UBND", "QĐ-CT",
           "KH-VP", "BC-STP", "QĐ-STNMT", "TB-SYT", "HD-SGDĐT", "CV-SXD", "KH-SNN", "TTr-STC", "QĐ-SNV", "BC-CA",
           "TB-BCH"]
NUMBERS = 9999  # numbers 1..9999 per symbol, repeated across the years


def _phrases() -> list[str]:
    return [p.strip() for p in PHRASES.replace("\n", " ").split(";") if p.strip()]


def _subjects(phrases: list[str]) -> list[str]:
    rng = random.Random(2026)
    weights = [1 / (rank + 1) for rank in range(len(phrases))]
    subjects = set()
    while len(subjects) < SUBJECTS:
        picked = rng.choices(phrases, weights, k=rng.randint(3, 6))
        subjects.add("Về việc " + " ".join(picked))
    return sorted(subjects)


def _setup() -> tuple[Unit, object]:
    ensure_template()
    record_units([UnitRecord("B-DOCS", "Văn phòng đo tìm kiếm", "department")])
    unit = Unit.objects.get(code="B-DOCS")
    provision_unit(unit)
    for module in ("doctypes", "documents"):
        enable(unit, module)
    leader = get_user_model().objects.create_user(username="bench-search-leader")
    grant_membership(leader, unit, ["leader"])
    return unit, leader


def _fill(subjects: list[str]) -> float:
    """DOCUMENTS rows and their vectors; seconds taken."""
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("CREATE TEMP TABLE bench_subject (i int PRIMARY KEY, subject text, vector tsvector)")
        rows = [(i, s, build_vector([s])) for i, s in enumerate(subjects)]
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            cur.execute("INSERT INTO bench_subject VALUES " + ",".join(["(%s, %s, %s::tsvector)"] * len(chunk)),
                        [v for row in chunk for v in row])
        cur.execute("CREATE TEMP TABLE bench_symbol (j int PRIMARY KEY, symbol text, folded text, vector tsvector)")
        for j, symbol in enumerate(SYMBOLS):
            cur.execute("INSERT INTO bench_symbol VALUES (%s, %s, %s, %s::tsvector)",
                        [j, symbol, fold(symbol), build_vector([symbol])])
        cur.execute("DROP INDEX documents_search_vector")
        # Incoming documents of an issuer: number n of a symbol, in the year the row falls in.
        cur.execute(f"""
            INSERT INTO documents_document (direction, status, type_code, type_abbreviation, type_name, year, number,
                symbol, issuer_name, issuer_code, place, subject, summary, signer_name, signer_position,
                authority_prefix, recipients, language, urgency, confidentiality, is_copy, source_unit_code,
                relation, validity, filed_in, created_at, updated_at)
            SELECT 'incoming', 'registered', 'cong_van', '', 'Công văn', 2000 + g / ({NUMBERS} * {len(SYMBOLS)}),
                1 + mod(g, {NUMBERS}), s.symbol, 'UBND tỉnh', '', '', b.subject, '', '', '', '', '', 'vi', '', '', false,
                '', '', 'in_force', '', now() - g * interval '1 minute', now()
            FROM generate_series(0, %s - 1) g
            JOIN bench_subject b ON b.i = mod(g, {len(subjects)})
            JOIN bench_symbol s ON s.j = mod(g / {NUMBERS}, {len(SYMBOLS)})""", [DOCUMENTS])
        cur.execute("""
            INSERT INTO documents_documentsearchindex (document_id, vector)
            SELECT d.id, format('''%%s/%%s'':1A ''%%s'':1B', d.number, s.folded, d.number)::tsvector
                         || s.vector || b.vector
            FROM documents_document d JOIN bench_symbol s ON s.symbol = d.symbol
            JOIN bench_subject b ON b.subject = d.subject""", [])  # [] : psycopg2 turns %% into %
        cur.execute("CREATE INDEX documents_search_vector ON documents_documentsearchindex USING gin (vector)")
        cur.execute("ANALYZE documents_document")
        cur.execute("ANALYZE documents_documentsearchindex")
    return time.perf_counter() - started


def _time(leader, queries: list[str], runs: int) -> tuple[float, float, int]:
    """p50 and p95 (ms) of the first page of each query in turn, `runs` times; median number of matches."""
    for q in queries:
        list(search_documents(leader, q)[:20])  # warm the cache once per query
    times = []
    for run in range(runs):
        q = queries[run % len(queries)]
        t0 = time.perf_counter()
        list(search_documents(leader, q)[:20])
        times.append((time.perf_counter() - t0) * 1000)
    matches = statistics.median(search_documents(leader, q).count() for q in queries)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], int(matches)


def run() -> list[tuple[str, str]]:
    unit, leader = _setup()
    phrases = _phrases()
    subjects = _subjects(phrases)
    figures = []
    with tenant_context(unit):
        seconds = _fill(subjects)  # statement by statement: the GIN index is made after the rows are committed
        figures.append((f"documents made (vectors of {SUBJECTS:,} distinct subjects built in Python), s",
                        f"{DOCUMENTS:,} in {seconds:.0f}"))
        moderate = [fold(p) for p in phrases[30:40] if len(p.split()) == 2][:6]
        rows = [DOCUMENTS * k // 7 for k in range(1, 7)]  # six rows spread over the table: their number and symbol
        numbers = [f"{1 + g % NUMBERS}/{SYMBOLS[(g // NUMBERS) % len(SYMBOLS)]}" for g in rows]
        worst = [fold(phrases[0]), fold(phrases[1])]
        for label, queries, runs in (("two words without tone marks", moderate, RUNS),
                                     ("a document number", numbers, RUNS),
                                     ("worst case: the two most common phrases", worst, RUNS_WORST)):
            p50, p95, matches = _time(leader, queries, runs)
            figures.append((f"{label} ({', '.join(queries[:2])}, ...): p50 / p95 ms, median matches",
                            f"{p50:.0f} / {p95:.0f}, {matches:,}"))
        figures.append(("target p95 for the first two (ms)", f"< {TARGET_MS}"))
        if os.environ.get("EGOV_BENCH_SEARCH_PLANS"):  # the query plans, on standard error, for tuning
            import sys

            for q in (moderate[0], numbers[0]):
                sql, params = search_documents(leader, q)[:20].query.sql_with_params()
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    print(f"--- {q}\n" + "\n".join(r[0] for r in cur.fetchall()), file=sys.stderr)
    return figures
