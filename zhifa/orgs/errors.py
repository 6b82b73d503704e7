from zhifa.core.errors import Conflict, InvalidInput


class AgencyNameTaken(Conflict, code="agency_name_taken"): ...


class InvalidAgencyParent(InvalidInput, code="invalid_agency_parent"): ...
