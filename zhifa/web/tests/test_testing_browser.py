"""The shared browser set-up says why browser tests cannot run, instead of failing them."""

from zhifa import testing_browser


def test_browser_tests_are_skipped_with_a_reason_without_chromium(monkeypatch):
    monkeypatch.setattr(testing_browser.shutil, "which", lambda name: None)
    assert "chromium not installed" in testing_browser.missing_reason()


def test_nothing_missing_when_chromium_and_playwright_are_there(monkeypatch):
    monkeypatch.setattr(testing_browser.shutil, "which", lambda name: name)
    monkeypatch.setattr(testing_browser.importlib.util, "find_spec", lambda name: object())
    assert testing_browser.missing_reason() == ""
