"""The example courses and SCORM targets every browser test runs over."""

COURSES = ["de-escalation", "insurance-denied", "fee-waiver", "escucha-activa"]
SCORM_TARGETS = {"scorm12": "1.2", "scorm2004-3": "2004", "scorm2004-4": "2004"}
"""Target name -> the SCORM API version the test LMS offers."""
