"""Login with throttling, logout, and the audit log page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from ..access import audit_scope, can_see_audit, require
from ..models import AuditEntry
from ..throttle import ThrottledAuthenticationForm
from ..trail import trail_rows
from ..workflow import ACTIONS as WORKFLOW

__all__ = ["LoginView", "audit_log"]

# Audit log labels of each action; the workflow's transitions are named by workflow.ACTIONS
# (one source: a renamed transition renames its log lines too).
ACTIONS = {
    **{name: capfirst(action.label) for name, action in WORKFLOW.items()},
    "metric": "Sửa số liệu",
    "not_applicable": "Không áp dụng",
    "claim": "Điểm tự chấm",
    "document_add": "Thêm tài liệu",
    "document_withdraw": "Rút tài liệu",
    "import": "Nhập từ tệp",
    "open_year": "Mở năm đánh giá",
    "demo": "Tạo dữ liệu mẫu",
    "plan_saved": "Lưu kế hoạch",
    "round_1": "Điểm thẩm định vòng 1",
    "round_2": "Điểm thẩm định vòng 2",
    "ask_explanation": "Yêu cầu giải trình",
    "explain": "Giải trình",
    "adjustment_propose": "Đề nghị điểm thưởng, trừ",
    "adjustment_decide": "Quyết định điểm thưởng, trừ",
    "publish": "Công bố kết quả",
    "withdraw": "Thu hồi công bố kết quả",
    "deadlines": "Đặt các hạn",
    "pack_migrate": "Chuyển gói quy tắc",
    "assign": "Phân công thẩm định",
    "unassign": "Bỏ phân công thẩm định",
    "meeting": "Thông tin cuộc họp thẩm định",
    "refused": "Bị từ chối",
    "unlock": "Mở khóa đăng nhập",
}


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(can_see_audit(request.user))
    entries = AuditEntry.objects.select_related("commune").order_by("-at", "-pk")
    scope = audit_scope(request.user)
    if scope is not None:
        entries = entries.filter(scope)
    commune = request.GET.get("xa", "")
    if commune:  # a commune's code as its URLs spell it; anything else names no commune
        entries = (
            entries.filter(commune__slug=commune) if slug_re.match(commune) else entries.none()
        )
    page = Paginator(entries, 100).get_page(request.GET.get("trang"))
    rows = trail_rows(page.object_list, ACTIONS)
    return render(request, "web/audit.html", {"page": page, "rows": rows, "xa": commune})
