from zhifa.core.errors import InvalidInput


class InvalidNotification(InvalidInput, code="invalid_notification"): ...
