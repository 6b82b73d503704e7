from zhifa.core.errors import Conflict, InvalidInput


class InvalidInspection(InvalidInput):
    code = "invalid_inspection"


class OutsideTerritory(InvalidInput):
    """A target in another agency's territory (T2 Arts. 22–23; opinion item 七: 不得超越检查范围和权限)."""

    code = "inspection_outside_territory"


class OutsideMatters(InvalidInput):
    """A matter outside the agency's powers (opinion item 七)."""

    code = "inspection_outside_matters"


class DrawRefused(InvalidInput):
    code = "draw_refused"


class InspectionStateConflict(Conflict):
    code = "inspection_state"
