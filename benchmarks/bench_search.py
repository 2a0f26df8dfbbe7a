"""Vietnamese search of official documents (issue 11, item 6), the default backend (PostgreSQL, core.search):
DOCUMENTS documents in one unit (EGOV_BENCH_SEARCH_DOCS overrides; the issue asks 1,000,000), p50 and p95 of the
first page (20) for a leader (the list's permission filter included), two ways in the same run, their runs
interleaved so that both meet the same load: "every match" (`matching`: every match ranked, as the registers' filter
does) and "best" (`search_documents`, core.search.best: a bounded set of candidates ranked), for:

- a two-word query without tone marks, of moderate frequency (a phrase in about 2.5 % of the documents);
- the same words with their tone marks;
- a document number and symbol ("127/QĐ-UBND", a handful of documents across the years);
- the worst case: the most common phrase (in about half of the documents);
- a specialist who sees only the 500 documents routed to them, searching a moderate phrase.

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
from modules.documents.models import Access
from modules.documents.services import listing
from modules.documents.services.search import matching, search_documents
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
    specialist = get_user_model().objects.create_user(username="bench-search-specialist")
    grant_membership(specialist, unit, ["specialist"])
    return unit, leader, specialist


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


def _every_match(user, text):
    return matching(listing.documents_for(user), text)


def _time(user, queries: list[str], runs: int) -> dict:
    """p50 and p95 (ms) of the first page of each query in turn, `runs` times, both ways (interleaved); the median
    number of matches."""
    ways = {"every match": _every_match, "best": search_documents}
    for q in queries:
        for way in ways.values():
            list(way(user, q)[:20])  # warm the cache once per query
    times = {name: [] for name in ways}
    for run in range(runs):
        q = queries[run % len(queries)]
        for name in (list(ways) if run % 2 else list(ways)[::-1]):
            t0 = time.perf_counter()
            list(ways[name](user, q)[:20])
            times[name].append((time.perf_counter() - t0) * 1000)
    result = {"matches": int(statistics.median(_every_match(user, q).count() for q in queries))}
    for name, taken in times.items():
        taken.sort()
        result[name] = (statistics.median(taken), taken[int(0.95 * (len(taken) - 1))])
    return result


def _route(specialist, count: int = 500) -> None:
    """`count` documents spread over the years routed to the specialist (as a directive's assignee)."""
    step = max(1, DOCUMENTS // count)
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {Access._meta.db_table} (document_id, person_id, reason) "
                    "SELECT id, %s, 'lead' FROM documents_document WHERE mod(id, %s) = 0 LIMIT %s",
                    [specialist.pk, step, count])


def run() -> list[tuple[str, str]]:
    unit, leader, specialist = _setup()
    phrases = _phrases()
    subjects = _subjects(phrases)
    figures = []
    with tenant_context(unit):
        seconds = _fill(subjects)  # statement by statement: the GIN index is made after the rows are committed
        _route(specialist)
        figures.append((f"documents made (vectors of {SUBJECTS:,} distinct subjects built in Python), s",
                        f"{DOCUMENTS:,} in {seconds:.0f}"))
        two_words = [p for p in phrases[30:40] if len(p.split()) == 2][:6]
        moderate = [fold(p) for p in two_words]
        rows = [DOCUMENTS * k // 7 for k in range(1, 7)]  # six rows spread over the table: their number and symbol
        numbers = [f"{1 + g % NUMBERS}/{SYMBOLS[(g // NUMBERS) % len(SYMBOLS)]}" for g in rows]
        worst = [fold(phrases[0]), fold(phrases[1])]
        for label, user, queries, runs in (
                ("two words without tone marks", leader, moderate, RUNS),
                ("two words with tone marks", leader, two_words, RUNS),
                ("a document number", leader, numbers, RUNS),
                ("worst case: the two most common phrases", leader, worst, RUNS_WORST),
                ("a specialist seeing 500 routed documents, two words", specialist, moderate, RUNS)):
            found = _time(user, queries, runs)
            (b50, b95), (a50, a95) = found["every match"], found["best"]
            figures.append((f"{label} ({', '.join(queries[:2])}, ...): median matches", f"{found['matches']:,}"))
            figures.append(("  every match ranked (before): p50 / p95 ms", f"{b50:.0f} / {b95:.0f}"))
            figures.append(("  best, bounded candidates (after): p50 / p95 ms; p95 before/after",
                            f"{a50:.0f} / {a95:.0f}; {b95 / max(a95, 0.01):.1f}x"))
        figures.append(("target p95 for two words and a number (ms)", f"< {TARGET_MS}"))
        if os.environ.get("EGOV_BENCH_SEARCH_PLANS"):  # the query plans, on standard error, for tuning
            import sys

            for q in (moderate[0], numbers[0]):
                sql, params = search_documents(leader, q)[:20].query.sql_with_params()
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    print(f"--- {q}\n" + "\n".join(r[0] for r in cur.fetchall()), file=sys.stderr)
    return figures
