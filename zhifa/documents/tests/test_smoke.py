from zhifa.cases.models import Document
from zhifa.documents import services
from zhifa.documents.tests.conftest import decided_case


def test_issue_penalty_decision(api, world, people, law, doc_settings):
    cid = decided_case(api, people)
    doc = Document.objects.get(case_id=cid, kind="penalty_decision")
    issued = services.issue_document(doc, actor=people.head)
    open("/tmp/decision.pdf", "wb").write(bytes(issued.pdf))
    open("/tmp/decision.docx", "wb").write(bytes(issued.docx))
    print(issued.number, issued.fields)
