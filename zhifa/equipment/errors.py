from zhifa.core.errors import Conflict, InvalidInput


class InvalidDevice(InvalidInput):
    code = "invalid_device"


class DeviceNumberTaken(Conflict):
    code = "device_number_taken"


class DeviceAlreadyIssued(Conflict):
    code = "device_already_issued"


class DeviceNotIssued(InvalidInput):
    """Evidence made with a device not issued to that officer on that day."""

    code = "device_not_issued_to_officer"
