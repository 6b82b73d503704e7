from zhifa.core.errors import Conflict, InvalidInput


class CertificateNumberTaken(Conflict):
    code = "certificate_number_taken"


class InvalidCertificate(InvalidInput):
    code = "invalid_certificate"


class InvalidSuspension(InvalidInput):
    code = "invalid_suspension"


class NotAnOfficer(InvalidInput):
    code = "not_an_officer"


class InvalidTraining(InvalidInput):
    code = "invalid_training"


class InvalidAssessment(InvalidInput):
    code = "invalid_assessment"


class InvalidConductRecord(InvalidInput):
    code = "invalid_conduct_record"
