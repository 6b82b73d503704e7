"""Journal event types of officer records not in the records app's base list."""

from django.utils.translation import gettext_lazy as _

from zhifa.records.events import register_event

CERTIFICATE_REVIEWED = register_event("certificate.reviewed", _("行政执法证件年度审验"))
TRAINING_RECORDED = register_event("training.recorded", _("登记培训记录"))
TRAINING_PLAN_CREATED = register_event("training_plan.created", _("制定年度培训计划"))
TRAINING_COURSE_CREATED = register_event("training_course.created", _("列入培训课程"))
TRAINING_REMINDED = register_event("training.reminded", _("培训学时不足提醒"))
ASSESSMENT_RECORDED = register_event("assessment.recorded", _("登记考核成绩"))
CONDUCT_RECORDED = register_event("conduct_record.created", _("登记违反执法规范记录"))
CONDUCT_ANSWERED = register_event("conduct_record.answered", _("执法人员对违规记录作出陈述"))
CONDUCT_DECIDED = register_event("conduct_record.decided", _("负责人审批吊销执法证件"))
CONDUCT_ITEM_EDITED = register_event("conduct_item.edited", _("修改待核实的执法规范条目"))
