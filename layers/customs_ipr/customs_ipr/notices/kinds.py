"""The notices customs issues, who receives each, and on what legal basis.

One table (``KINDS``) drives the templates, the notice numbers, the per-kind checks of
``NoticeContext`` and the documentation, so a notice's title or article is written once.
Articles are those of the customs' Implementing Measures (seed 002) unless the text says
"Regulations" (the State Council's Regulations on Customs Protection of IPR, seed 001).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MEASURES_ZH = "《中华人民共和国海关关于〈中华人民共和国知识产权海关保护条例〉的实施办法》"
MEASURES_EN = (
    "Implementing Measures of the Customs of the PRC for the Regulations on Customs "
    "Protection of Intellectual Property Rights"
)
REGULATIONS_ZH = "《中华人民共和国知识产权海关保护条例》"
REGULATIONS_EN = "Regulations of the PRC on Customs Protection of Intellectual Property Rights"


class NoticeKind(StrEnum):
    REQUIRE_IP_STATUS_DECLARATION = "require_ip_status_declaration"
    SUSPENSION_NOTICE = "suspension_notice"
    DETENTION_NOTICE = "detention_notice"
    DETENTION_VOUCHER = "detention_voucher"
    RELEASE_NOTICE = "release_notice"
    UNDETERMINED_NOTICE = "undetermined_notice"
    CONFISCATION_NOTICE = "confiscation_notice"
    PERSONAL_ITEMS_DETENTION = "personal_items_detention"
    PUBLIC_ANNOUNCEMENT = "public_announcement"
    RECORDATION_RECEIVED = "recordation_received"
    RECORDATION_INCOMPLETE = "recordation_incomplete"
    RECORDATION_APPROVAL = "recordation_approval"
    RECORDATION_REJECTION = "recordation_rejection"
    RENEWAL_REMINDER = "renewal_reminder"
    UPLOAD_REJECTED = "upload_rejected"
    APPLICATION_REFUSED = "application_refused"


class AddresseeRole(StrEnum):
    HOLDER = "holder"
    CONSIGNEE = "consignee"
    CONSIGNOR = "consignor"
    PASSENGER = "passenger"
    MAIL_RECIPIENT = "mail_recipient"
    PUBLIC = "public"
    APPLICANT = "applicant"
    UPLOADER = "uploader"


ROLE_LABELS: dict[AddresseeRole, tuple[str, str]] = {
    AddresseeRole.HOLDER: ("知识产权权利人", "IP right holder"),
    AddresseeRole.CONSIGNEE: ("收货人", "consignee"),
    AddresseeRole.CONSIGNOR: ("发货人", "consignor"),
    AddresseeRole.PASSENGER: ("进出境旅客", "passenger"),
    AddresseeRole.MAIL_RECIPIENT: ("邮递物品收件人", "recipient of postal items"),
    AddresseeRole.PUBLIC: ("社会公众", "the public"),
    AddresseeRole.APPLICANT: ("备案申请人", "applicant for recordation"),
    AddresseeRole.UPLOADER: ("文件提交人", "submitter of the document"),
}


class ReleaseReason(StrEnum):
    """Why customs releases suspended or detained goods; each has its own article."""

    NO_APPLICATION = "no_application"
    NO_GUARANTEE = "no_guarantee"
    HOLDER_NO_DETENTION = "holder_no_detention"
    SETTLEMENT = "settlement"
    NO_COURT_NOTICE = "no_court_notice"
    COUNTER_GUARANTEE = "counter_guarantee"
    NOT_INFRINGING = "not_infringing"
    NO_COURT_NOTICE_ON_APPLICATION = "no_court_notice_on_application"


@dataclass(frozen=True)
class ReleaseReasonInfo:
    article_zh: str
    article_en: str
    text_zh: str
    text_en: str
    regulations: bool = False
    """The article is one of the Regulations (seed 001), not of the Implementing Measures."""


RELEASE_REASONS: dict[ReleaseReason, ReleaseReasonInfo] = {
    ReleaseReason.NO_APPLICATION: ReleaseReasonInfo(
        "第二十五条",
        "Art. 25",
        "知识产权权利人未在规定期限内向海关提出扣留侵权嫌疑货物的申请",
        "the right holder did not apply for detention of the suspected goods in time",
    ),
    ReleaseReason.NO_GUARANTEE: ReleaseReasonInfo(
        "第二十五条",
        "Art. 25",
        "知识产权权利人未在规定期限内提供担保",
        "the right holder did not provide the guarantee in time",
    ),
    ReleaseReason.HOLDER_NO_DETENTION: ReleaseReasonInfo(
        "第二十二条第一款第（二）项、第二十五条",
        "Art. 22 ¶1 (2) and Art. 25",
        "知识产权权利人书面说明不要求海关扣留有关货物",
        "the right holder explained in writing that it does not ask customs to detain the goods",
    ),
    ReleaseReason.SETTLEMENT: ReleaseReasonInfo(
        "第二十七条第三款",
        "Art. 27 ¶3",
        "知识产权权利人与收货人或者发货人达成协议，并书面申请海关放行",
        "the right holder and the consignee or consignor settled and asked in writing for release",
    ),
    ReleaseReason.NO_COURT_NOTICE: ReleaseReasonInfo(
        "第二十九条第二款",
        "Art. 29 ¶2",
        "海关自扣留之日起50个工作日内未收到人民法院协助执行通知",
        "customs received no assistance notice from a people's court within 50 working days "
        "of detention",
    ),
    ReleaseReason.COUNTER_GUARANTEE: ReleaseReasonInfo(
        "第二十八条第二款",
        "Art. 28 ¶2",
        "收货人或者发货人已向海关提供与货物等值的担保，申请放行涉嫌侵犯专利权的货物",
        "the consignee or consignor provided a guarantee equal to the value of the goods "
        "suspected of infringing a patent",
    ),
    ReleaseReason.NOT_INFRINGING: ReleaseReasonInfo(
        "第二十七条第一款",
        "Art. 27 ¶1",
        "经海关调查，认定有关货物不侵犯知识产权",
        "customs' investigation found that the goods do not infringe the recorded right",
    ),
    ReleaseReason.NO_COURT_NOTICE_ON_APPLICATION: ReleaseReasonInfo(
        "第二十四条第（一）项",
        "Art. 24 (1)",
        "海关依知识产权权利人的申请扣留货物，自扣留之日起20个工作日内未收到人民法院协助执行通知",
        "customs detained the goods on the right holder's application and received no "
        "assistance notice from a people's court within 20 working days of detention",
        regulations=True,
    ),
}


@dataclass(frozen=True)
class KindInfo:
    """What a notice kind is: its title, who receives it, its article, what it must state.

    ``required`` names the ``NoticeContext`` fields (dotted paths) the kind's template
    needs; ``NoticeContext`` refuses a context that lacks any of them.
    """

    kind: NoticeKind
    abbr: str
    title_zh: str
    title_en: str
    roles: tuple[AddresseeRole, ...]
    article_zh: str
    article_en: str
    required: tuple[str, ...]
    due_required: bool = False


def _m(zh: str, en: str) -> tuple[str, str]:
    return f"{MEASURES_ZH}{zh}", f"{MEASURES_EN}, {en}"


def _r(zh: str, en: str) -> tuple[str, str]:
    return f"{REGULATIONS_ZH}{zh}", f"{REGULATIONS_EN}, {en}"


_GOODS_CASE = ("facts.declaration_no", "facts.goods", "facts.consignee")
_ART30 = (
    "facts.goods",
    "facts.consignee",
    "facts.consignor",
    "facts.declaration_date",
    "facts.detention_date",
    "facts.penalty_effective_date",
    "facts.departure",
    "facts.destination",
    "facts.other_facts",
    "facts.fine_amount",
)

_H, _C, _S = AddresseeRole.HOLDER, AddresseeRole.CONSIGNEE, AddresseeRole.CONSIGNOR

KINDS: dict[NoticeKind, KindInfo] = {
    info.kind: info
    for info in (
        KindInfo(
            NoticeKind.REQUIRE_IP_STATUS_DECLARATION,
            "IPD",
            "知识产权状况申报通知书",
            "Requirement to Declare the IP Status of Goods",
            (_C, _S),
            *_m("第二十一条第一款", "Art. 21 ¶1"),
            (*_GOODS_CASE, "facts.recordation"),
            due_required=True,
        ),
        KindInfo(
            NoticeKind.SUSPENSION_NOTICE,
            "SUS",
            "中止放行侵权嫌疑货物通知书",
            "Notice of Suspended Release of Suspected Infringing Goods",
            (_H,),
            *_m("第二十一条第二款、第二十二条", "Art. 21 ¶2 and Art. 22"),
            (*_GOODS_CASE, "facts.declaration_date", "facts.recordation"),
            due_required=True,
        ),
        KindInfo(
            NoticeKind.DETENTION_NOTICE,
            "DET",
            "扣留侵权嫌疑货物通知书",
            "Notice of Detention of Suspected Infringing Goods",
            (_H,),
            *_m("第二十五条", "Art. 25"),
            (*_GOODS_CASE, "facts.detention_date", "facts.recordation"),
        ),
        KindInfo(
            NoticeKind.DETENTION_VOUCHER,
            "DTV",
            "扣留凭单",
            "Detention Voucher for Suspected Infringing Goods",
            (_C, _S),
            *_m("第二十六条", "Art. 26"),
            (*_GOODS_CASE, "facts.detention_date", "facts.recordation"),
        ),
        KindInfo(
            NoticeKind.RELEASE_NOTICE,
            "REL",
            "放行通知书",
            "Notice of Release of Goods",
            (_H, _C, _S),
            *_m("第二十五条、第二十七条、第二十八条、第二十九条", "Arts. 25, 27, 28 and 29"),
            (*_GOODS_CASE, "facts.release_reason"),
        ),
        KindInfo(
            NoticeKind.UNDETERMINED_NOTICE,
            "UND",
            "不能认定货物是否侵权通知书",
            "Notice that Infringement Cannot Be Determined",
            (_H, _C, _S),
            *_m("第二十八条、第二十九条", "Arts. 28 and 29"),
            (*_GOODS_CASE, "facts.detention_date", "facts.recordation"),
            due_required=True,
        ),
        KindInfo(
            NoticeKind.CONFISCATION_NOTICE,
            "CNF",
            "没收侵权货物通知书",
            "Notice of Confiscation of Infringing Goods",
            (_H,),
            *_m("第三十条", "Art. 30"),
            (*_ART30, "facts.recordation"),
        ),
        KindInfo(
            NoticeKind.PERSONAL_ITEMS_DETENTION,
            "PID",
            "扣留侵权嫌疑物品通知书",
            "Notice of Detention of Personal Items or Postal Items",
            (AddresseeRole.PASSENGER, AddresseeRole.MAIL_RECIPIENT, _H),
            *_m("第三十一条", "Art. 31"),
            ("facts.goods", "facts.detention_date", "facts.recordation"),
        ),
        KindInfo(
            NoticeKind.PUBLIC_ANNOUNCEMENT,
            "ANN",
            "海关公告（当事人无法查清的侵权货物）",
            "Public Announcement: Infringing Goods Whose Parties Cannot Be Identified",
            (AddresseeRole.PUBLIC,),
            *_m("第三十二条第一款", "Art. 32 ¶1"),
            ("facts.goods", "facts.detention_date"),
            due_required=True,
        ),
        KindInfo(
            NoticeKind.RECORDATION_RECEIVED,
            "RRC",
            "知识产权海关保护备案申请受理通知书",
            "Acknowledgement of a Complete Application for Recordation",
            (AddresseeRole.APPLICANT, _H),
            *_r("第七条、第八条", "Arts. 7 and 8"),
            ("facts.application_no", "facts.received_on", "facts.recordation"),
            due_required=True,
        ),
        KindInfo(
            NoticeKind.RECORDATION_INCOMPLETE,
            "RIN",
            "备案申请补正通知书",
            "Notice of an Incomplete Application for Recordation",
            (AddresseeRole.APPLICANT, _H),
            *_r("第七条、第八条", "Arts. 7 and 8"),
            ("facts.application_no", "facts.received_on", "facts.missing_items"),
        ),
        KindInfo(
            NoticeKind.RECORDATION_APPROVAL,
            "RAP",
            "知识产权海关保护备案核准通知书",
            "Notice of Approval of Recordation",
            (AddresseeRole.APPLICANT, _H),
            *_r("第八条、第十条", "Arts. 8 and 10"),
            (
                "facts.application_no",
                "facts.recordation.recordation_no",
                "facts.valid_from",
                "facts.valid_until",
            ),
        ),
        KindInfo(
            NoticeKind.RECORDATION_REJECTION,
            "RRJ",
            "知识产权海关保护备案不予核准通知书",
            "Notice of Rejection of an Application for Recordation",
            (AddresseeRole.APPLICANT, _H),
            *_r("第八条、第九条", "Arts. 8 and 9"),
            ("facts.application_no", "facts.recordation", "facts.reasons"),
        ),
        KindInfo(
            NoticeKind.RENEWAL_REMINDER,
            "RNW",
            "备案续展提醒",
            "Reminder: Recordation Renewal Window Open",
            (_H,),
            *_r("第十条", "Art. 10"),
            ("facts.recordation.recordation_no", "facts.valid_until"),
            due_required=True,
        ),
        KindInfo(
            NoticeKind.APPLICATION_REFUSED,
            "ARF",
            "不予扣留侵权嫌疑货物通知书",
            "Notice of Refusal to Detain Suspected Infringing Goods",
            (_H,),
            *_r("第十四条、第十五条", "Arts. 14 and 15"),
            ("facts.goods", "facts.reasons"),
        ),
        KindInfo(
            NoticeKind.UPLOAD_REJECTED,
            "UPR",
            "文件无法处理通知",
            "Notice: Uploaded Document Could Not Be Processed",
            (AddresseeRole.UPLOADER,),
            "海关知识产权保护系统处理说明（非行政决定）",
            "Service message of the customs IPR system (not an administrative decision)",
            ("facts.upload",),
        ),
    )
}


def release_basis(reason: ReleaseReason | str) -> tuple[str, str]:
    """The legal basis of a release notice depends on why the goods are released."""
    info = RELEASE_REASONS[ReleaseReason(reason)]
    if info.regulations:
        return f"{REGULATIONS_ZH}{info.article_zh}", f"{REGULATIONS_EN}, {info.article_en}"
    return f"{MEASURES_ZH}{info.article_zh}", f"{MEASURES_EN}, {info.article_en}"


def kind_info(kind: NoticeKind | str) -> KindInfo:
    return KINDS[NoticeKind(kind)]


def kinds_table() -> dict[str, dict[str, object]]:
    """Kind → addressee roles, legal basis and title, for docs and the ``notice kinds`` CLI."""
    return {
        info.kind.value: {
            "abbr": info.abbr,
            "title_zh": info.title_zh,
            "title_en": info.title_en,
            "addressees": [role.value for role in info.roles],
            "legal_basis_zh": info.article_zh,
            "legal_basis_en": info.article_en,
            "required": list(info.required),
            "due_date_required": info.due_required,
        }
        for info in KINDS.values()
    }
