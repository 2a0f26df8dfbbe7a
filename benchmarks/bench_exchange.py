"""Document exchange figures (issue 12, QCVN 102:2016 edXML), from one run:

(a) delivery between units: DOCUMENTS official documents issued by one unit to another with a real Celery worker
    running (the configured broker); time from the sender's outbox row (written in the issuing transaction) to the
    row marked delivered - the envelope parsed and the document registered at the receiver - p50 and p95; and the
    time until the receiver's status 03 (registered) shows on the sender's recipient row;
(b) a 20 MB envelope (one attachment of 15 MB, base64) parsed in a process of its own that loads only the parser:
    seconds, the process's peak memory and what the parse added to it.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from django.db import connections
from django_tenants.utils import tenant_context

from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.documents.edxml import Attachment, Envelope, Party, write_envelope
from modules.documents.models import Distribution, DocumentEvent
from modules.documents.services import actions
from modules.documents.services.delivery import DELIVER
from modules.documents.services.inputs import FileInput, Metadata, RecipientInput
from tenants.messaging.models import OutboxMessage
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

DOCUMENTS = 31  # the first one warms the worker up and is not timed
SPACING = 0.3   # seconds between issues
TARGET_P95_S = 1.0
ENVELOPE_MB = 20
TARGET_PARSE_S, TARGET_PARSE_MB = 2.0, 200
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _units() -> tuple[Unit, Unit, dict]:
    from django.contrib.auth import get_user_model

    ensure_template()
    record_units([UnitRecord("B-SEND", "Sở gửi (đo)", "department"), UnitRecord("B-RECV", "Sở nhận (đo)",
                                                                               "department")])
    for unit in Unit.objects.filter(code__in=["B-SEND", "B-RECV"]):
        provision_unit(unit)
    sender, receiver = Unit.objects.get(code="B-SEND"), Unit.objects.get(code="B-RECV")
    for unit in (sender, receiver):
        for module in ("doctypes", "documents"):
            enable(unit, module)
    people = {}
    for role in ("clerk", "leader", "specialist"):
        people[role] = get_user_model().objects.create_user(f"bench-exchange-{role}")
        grant_membership(people[role], sender, [role])
    return sender, receiver, people


def _issue(people, receiver: Unit, n: int):
    doc = actions.create_outgoing(Metadata(type_code="cong_van", subject=f"Văn bản đo số {n}"),
                                  actor=people["specialist"], signing_authority_id=people["leader"].pk)
    actions.add_version(doc.pk, actor=people["specialist"], file=FileInput("cv.pdf", PDF + str(n).encode(),
                                                                           "application/pdf"))
    for step, who in (("submit", "specialist"), ("review_content", "leader"), ("review_format", "clerk"),
                      ("approve", "leader"), ("sign", "leader")):
        getattr(actions, step)(doc.pk, actor=people[who])
    return actions.issue(doc.pk, actor=people["clerk"], recipients=[RecipientInput("", unit_code=receiver.code)])


def _worker() -> subprocess.Popen:
    cmd = [sys.executable, "-m", "celery", "-A", "core.celery_app", "worker", "--pool", "threads", "--concurrency", "4",
           "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(cmd, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _p(values: list[float], q: float) -> float:
    return values[int(q * (len(values) - 1))] if values else float("inf")


def delivery() -> list[tuple[str, str]]:
    sender, receiver, people = _units()
    connections.close_all()
    worker = _worker()
    try:
        with tenant_context(sender):
            warm = _issue(people, receiver, 0)
            give_up = time.perf_counter() + 90
            while Distribution.objects.get(document=warm).status_code != "03" and time.perf_counter() < give_up:
                time.sleep(0.1)
            ids = []
            for n in range(1, DOCUMENTS):
                ids.append(_issue(people, receiver, n).pk)
                time.sleep(SPACING)
            give_up = time.perf_counter() + 90
            rows = Distribution.objects.filter(document_id__in=ids)
            while rows.filter(status_code="03").count() < len(ids) and time.perf_counter() < give_up:
                time.sleep(0.1)
            sent = OutboxMessage.objects.filter(kind=DELIVER, payload__id__in=ids, status="delivered")
            delivered = sorted((d - c).total_seconds() for c, d in sent.values_list("created_at", "delivered_at"))
            # When the sender recorded the receiver's 03 (its history line), from the outbox row of the document.
            created = dict(sent.values_list("payload__id", "created_at"))
            statused = sorted((at - created[doc]).total_seconds() for doc, at in DocumentEvent.objects.filter(
                document_id__in=created, action="recipient_status", data__code="03").values_list("document_id", "at"))
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    p95 = _p(delivered, 0.95)
    return [
        (f"documents delivered as edXML by the worker (issued every {SPACING} s)", f"{len(delivered)}/{len(ids)}"),
        ("delivery p50 (s, outbox row to registered at the receiver)",
         f"{statistics.median(delivered):.3f}" if delivered else "-"),
        ("delivery p95 (s)", f"{p95:.3f} (target < {TARGET_P95_S}: {'met' if p95 < TARGET_P95_S else 'MISSED'})"),
        ("status 03 (registered) back in the sender's history, p95 (s, from its outbox row)",
         f"{_p(statused, 0.95):.3f}" if statused else "-"),
    ]


_CHILD = """
import json, sys, time
from django.conf import settings
settings.configure(USE_I18N=False)  # the parser alone: no project loaded, so the peak is the parse's
from modules.documents.edxml import parse


def status(field):  # kB; VmHWM is this process's own peak (ru_maxrss keeps the forking parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])


before = status("VmRSS")
start = time.perf_counter()
with parse(sys.argv[1]) as parsed:
    size = sum(a.size for a in parsed.envelope.attachments)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_kb": status("VmHWM"), "before_kb": before, "bytes": size}))
"""


def parsing() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.edxml"
        raw = ENVELOPE_MB * 1024 * 1024 * 3 // 4
        env = Envelope(Party("000.00.00.H42", "UBND tỉnh"), [Party("000.00.31.H42", "Sở Nội vụ")], "12", "QĐ-UBND",
                       date(2026, 11, 18), "Tệp lớn",
                       attachments=[Attachment("ban-do.pdf", "application/pdf", data=PDF + os.urandom(raw))])
        start = time.perf_counter()
        with open(path, "wb") as out:
            write_envelope(env, out)
        built = time.perf_counter() - start
        megabytes = path.stat().st_size / 1024 / 1024
        run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
        if run.returncode:
            raise RuntimeError(run.stderr[-2000:])
        found = json.loads(run.stdout.strip().splitlines()[-1])
    peak = found["peak_kb"] / 1024
    return [
        (f"a {megabytes:.1f} MB envelope written (attachment streamed in base64, s)", f"{built:.2f}"),
        (f"the {megabytes:.1f} MB envelope parsed (iterparse, attachment decoded to a file, s)",
         f"{found['seconds']:.2f} (target < {TARGET_PARSE_S}: {'met' if found['seconds'] < TARGET_PARSE_S else 'MISSED'})"),
        ("attachment bytes decoded / written", f"{found['bytes']} / {len(PDF) + raw}"),
        ("peak memory of a process that parses it (MB)",
         f"{peak:.0f} (target < {TARGET_PARSE_MB}: {'met' if peak < TARGET_PARSE_MB else 'MISSED'})"),
        ("of which the parse (MB, peak after minus before)", f"{(found['peak_kb'] - found['before_kb']) / 1024:.0f}"),
    ]


def run() -> list[tuple[str, str]]:
    return parsing() + delivery()
