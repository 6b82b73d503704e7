"""The texts of the indicator catalogue (zhifa/core/indicators.py) and of the 12328 indicators
(zhifa/core/complaint_flow.py) marked for translation: the core imports no Django, so its Chinese
strings are listed here for `makemessages`, and the pages translate them at render time
({% translate ind.label %}). zhifa/web/tests/test_english.py fails when the core gains a text
missing here."""

from django.utils.translation import gettext_noop

TEXTS = (
    gettext_noop("案件数"),
    gettext_noop(
        "线索受理日期在统计期内的案件数（含线索、立案和简易程序案件），按办案阶段和程序分列。"
    ),
    gettext_noop("在办案件数"),
    gettext_noop("尚未结案、归档或不予立案的案件数。"),
    gettext_noop("平均办案天数"),
    gettext_noop("已作出决定的普通程序案件，从立案到作出决定的平均自然日数。"),
    gettext_noop("平均调查天数"),
    gettext_noop("已提交调查报告的案件，从立案到提交调查报告的平均自然日数。"),
    gettext_noop("平均法制审核天数"),
    gettext_noop("已审核完毕的案件，从提交法制审核到审核完毕的平均自然日数。"),
    gettext_noop("法制审核覆盖率（应审必审）"),
    gettext_noop("依法应当法制审核且已作出决定的案件中，经法制审核通过后作出决定的比例。"),
    gettext_noop("集体讨论覆盖率"),
    gettext_noop("依法应当集体讨论且已作出决定的案件中，经集体讨论决定的比例。"),
    gettext_noop("听证举行率"),
    gettext_noop("告知听证权利的案件中，举行了听证的比例。"),
    gettext_noop("不予处罚适用率"),
    gettext_noop("已作出决定的案件中，作出不予行政处罚决定的比例。"),
    gettext_noop("首违不罚适用率"),
    gettext_noop("已作出决定的案件中，以初次违法且危害后果轻微并及时改正为由不予处罚的比例。"),
    gettext_noop("偏离裁量建议率"),
    gettext_noop("有裁量建议并作出处罚决定的案件中，经批准偏离建议数额作出决定的比例。"),
    gettext_noop("证据记录合规率"),
    gettext_noop(
        "已作出决定的普通程序案件中，平台登记了至少一项证据（含文件摘要和取证信息）的比例。"
    ),
    gettext_noop("复议诉讼发生率"),
    gettext_noop("期限逾期率"),
    gettext_noop("统计期内届满的期限中，届满时仍未履行（已逾期）的比例，按期限种类分列。"),
    gettext_noop("强制措施超期率"),
    gettext_noop(
        "统计期内届满的先行登记保存、查封、扣押期限中，超过法定期限仍未解除或处理的比例。"
    ),
    gettext_noop("执法决定公示及时率"),
    gettext_noop("统计期内届满的公示期限中，在期限内公示的比例。"),
    gettext_noop("12328投诉举报指标"),
    gettext_noop(
        "投诉举报工单的受理、办结、回访和满意率，按交办运〔2021〕60号口径由投诉举报模块计算。"
    ),
    gettext_noop("人均培训学时"),
    gettext_noop("统计年度内执法人员培训记录学时之和除以执法人员数。"),
    gettext_noop("考核合格率"),
    gettext_noop("统计年度内执法人员参加考核的合格次数占考核次数的比例。"),
    gettext_noop("越高越好"),
    gettext_noop("越低越好"),
    gettext_noop("观察"),
    gettext_noop("信息咨询类即时答复率"),
    gettext_noop("非投诉举报类限时办结率"),
    gettext_noop("即时答复满意率"),
    gettext_noop("转办工单回访率"),
    gettext_noop("差评整改率"),
    gettext_noop("投诉举报类限时办结率"),
    gettext_noop("投诉举报类复核率"),
    gettext_noop("投诉举报类回访满意率"),
    gettext_noop("件"),
    gettext_noop("天"),
    gettext_noop("学时"),
    gettext_noop("已作出决定的案件中，被申请行政复议或者提起行政诉讼的比例。"),
    gettext_noop("复议诉讼审结数"),
    gettext_noop(
        "已作出决定的案件中，行政复议或者行政诉讼已有结果（含撤回、调解）的案件数；先复议后诉讼的，以最后的结果为准。"
    ),
    gettext_noop("维持数"),
    gettext_noop("复议或者诉讼结果为维持原决定（诉讼中驳回诉讼请求）的案件数。"),
    gettext_noop("变更数"),
    gettext_noop("复议或者诉讼结果为变更原决定的案件数。"),
    gettext_noop("撤销数"),
    gettext_noop("复议或者诉讼结果为撤销原决定或者确认原决定无效的案件数。"),
    gettext_noop("复议诉讼纠错率"),
    gettext_noop(
        "复议或者诉讼已有结果的案件中，原决定被变更、撤销、确认违法、确认无效或者责令履行的比例（撤回、调解计入分母）。"
    ),
    gettext_noop("案件投诉率"),
    gettext_noop("线索受理在统计期内的案件中，有投诉举报工单关联该案件的比例。"),
)
