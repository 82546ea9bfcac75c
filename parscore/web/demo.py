"""The demo province (``parscore serve --demo``): the sample communes shipped with parscore and a
few synthetic ones, every one labelled as invented data, and demo accounts (one password).

Loading twice changes nothing: existing data is kept; missing demo accounts are created.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from ..loader import LoadedEvidence, evidence_from_data, load_evidence
from ..resources import shipped_dir, shipped_rules_dir
from ..synthetic import synthetic_communes
from ..yamlio import YamlDocument
from .audit import record
from .demo_workflow import COUNCIL_USER, FIELD_USER, load_workflow
from .evidence import stored_text
from .models import (
    Assessment,
    Claim,
    Commune,
    EvidenceDocument,
    Membership,
    MetricValue,
    NotApplicable,
    PackVersion,
    Province,
)
from .packs import freeze_pack, loaded_pack

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "load_demo", "store_evidence"]

DEMO_PASSWORD = "parscore-demo"
PROVINCE_SLUG = "thai-nguyen"
SYNTHETIC_COUNT = 7
# user name, full name, role, commune slug (None: the province / everything)
DEMO_ACCOUNTS = [
    ("tinh", "Cán bộ Sở Nội vụ (mẫu)", Membership.PROVINCE, None),
    ("dantien", "Cán bộ xã Dân Tiến (mẫu)", Membership.STAFF, "dan-tien"),
    ("dantien-lanhdao", "Chủ tịch UBND xã Dân Tiến (mẫu)", Membership.LEADER, "dan-tien"),
    ("hachau", "Cán bộ xã Hà Châu (mẫu)", Membership.STAFF, "ha-chau"),
    ("thamdinh", "Thẩm định viên (mẫu)", Membership.AUDITOR, None),
    (COUNCIL_USER, "Thành viên hội đồng thẩm định (mẫu)", Membership.COUNCIL, None),
    (FIELD_USER, "Thành viên hội đồng theo lĩnh vực (mẫu)", Membership.COUNCIL, None),
]
# sample evidence file -> (commune slug, its pack file)
_SAMPLES = {
    "dan-tien-2025.yaml": ("dan-tien", "2025.yaml"),
    "ha-chau-2023.yaml": ("ha-chau", "2023.yaml"),
}


def store_evidence(assessment: Assessment, evidence: LoadedEvidence) -> None:
    """Rows for a checked evidence (a new year): metrics, declarations, claims, documents."""
    model = evidence.model
    MetricValue.objects.bulk_create(
        MetricValue(assessment=assessment, name=k, value=stored_text(v))
        for k, v in evidence.metrics.items()
    )
    NotApplicable.objects.bulk_create(
        NotApplicable(assessment=assessment, code=k, reason=v)
        for k, v in model.not_applicable.items()
    )
    Claim.objects.bulk_create(
        Claim(assessment=assessment, code=k, points=str(v)) for k, v in model.claims.items()
    )
    EvidenceDocument.objects.bulk_create(
        EvidenceDocument.from_evidence(assessment, d) for d in model.documents
    )


def _year(
    province: Province, slug: str, evidence: LoadedEvidence, version: PackVersion
) -> Assessment | None:
    commune, _ = Commune.objects.get_or_create(
        slug=slug, defaults={"name": evidence.model.commune, "province": province}
    )
    if Assessment.objects.filter(commune=commune, year=version.year).exists():
        return None
    model = evidence.model
    assessment = Assessment.objects.create(
        commune=commune,
        year=version.year,
        pack=version,
        as_of=model.as_of,
        goal=model.goal.total if model.goal is not None else None,
        synthetic=model.synthetic or "Dữ liệu mẫu (giả lập) để xem thử parscore.",
    )
    store_evidence(assessment, evidence)
    record(None, "demo", assessment, slug, "", "dữ liệu mẫu")
    return assessment


def _load_communes(province: Province) -> None:
    samples = shipped_dir("evidence", "*.yaml")
    rules = shipped_rules_dir()
    if samples is None or rules is None:
        return
    for name, (slug, pack_file) in _SAMPLES.items():
        if (samples / name).is_file() and (rules / pack_file).is_file():
            version = freeze_pack(rules / pack_file)
            evidence, _ = load_evidence(samples / name, loaded_pack(version))
            _year(province, slug, evidence, version)
    if (rules / "2025.yaml").is_file():
        version = freeze_pack(rules / "2025.yaml")
        pack = loaded_pack(version)
        for i, (_, model) in enumerate(synthetic_communes(pack, SYNTHETIC_COUNT, 2025), 1):
            data = model.model_dump(mode="python", exclude_none=True)
            name = data["commune"].removeprefix("Xã ")
            data["commune"] = name[:1].upper() + name[1:]
            evidence = evidence_from_data(YamlDocument("demo", data, {}), pack)
            _year(province, f"tong-hop-{i:04d}", evidence, version)


def load_demo() -> list[tuple[str, str]]:
    """Create the demo province, communes and accounts; returns ``(user name, role)`` rows."""
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(
            slug=PROVINCE_SLUG, defaults={"name": "Thái Nguyên"}
        )
        if not Assessment.objects.filter(commune__province=province).exists():
            _load_communes(province)
        accounts = []
        council = {}
        users = get_user_model()
        for username, full_name, role, commune_slug in DEMO_ACCOUNTS:
            user = users.objects.filter(username=username).first()
            if user is None:
                user = users.objects.create_user(username, password=DEMO_PASSWORD)
                user.first_name = full_name
                user.save()
                commune = (
                    Commune.objects.filter(slug=commune_slug).first() if commune_slug else None
                )
                Membership.objects.create(
                    user=user,
                    role=role,
                    commune=commune,
                    province=province if role == Membership.PROVINCE else None,
                )
            accounts.append((username, f"{dict(Membership.ROLES)[role]} – {full_name}"))
            if role == Membership.COUNCIL:
                council[username] = user
        load_workflow(province, council[COUNCIL_USER], council[FIELD_USER])
    return accounts
