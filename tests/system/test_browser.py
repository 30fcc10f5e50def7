"""Both pages in a real browser: Playwright driving Debian's chromium (installed by `make test`).

Screenshots go to var/test-home/screenshots/, or to POLICYQA_SCREENSHOTS (`make screenshots`
writes the ones README shows)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from tests.conftest import PROJECT, free_port, make_app, wait_for
from webui.auth import hash_password

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
QUESTION = "Cơ quan nào chủ trì xây dựng Nghị định quy định hoạt động của Sàn dữ liệu?"
SHOTS = Path(os.environ.get("POLICYQA_SCREENSHOTS") or PROJECT / "var" / "test-home" / "screenshots")


def _serve(app) -> tuple[str, uvicorn.Server]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/api/health", seconds=30)
    return url, server


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="module")
def site(assistant, home):
    url, server = _serve(make_app(assistant, home))
    yield url
    server.should_exit = True


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _ask_officials(page, question: str) -> None:
    """Ask, and wait until the answer is complete (its sources are shown)."""
    before = page.locator("#pq-chat .pq-sources").count()
    page.fill("#pq-question textarea", question)
    page.click("#pq-send")
    expect(page.locator("#pq-chat .pq-sources")).to_have_count(before + 1)


def test_officials_enter_sends_and_shift_enter_adds_a_line(page, site):
    page.goto(site + "/can-bo/")
    box = page.locator("#pq-question textarea")
    box.click()
    box.type("Cơ quan nào chủ trì xây dựng Nghị định")
    box.press("Shift+Enter")
    box.type("về Sàn dữ liệu?")
    assert box.input_value() == "Cơ quan nào chủ trì xây dựng Nghị định\nvề Sàn dữ liệu?"
    expect(page.locator("#pq-chat .pq-sources")).to_have_count(0)
    box.press("Enter")
    expect(page.locator("#pq-chat .pq-sources")).to_have_count(1)
    assert "Bộ Công an" in page.inner_text("#pq-chat")


def test_officials_chat_answers_and_opens_a_citation(page, site, home):
    page.goto(site + "/can-bo/")
    expect(page.get_by_text("Câu hỏi mẫu")).to_be_visible()
    _ask_officials(page, QUESTION)
    assert "Bộ Công an" in page.inner_text("#pq-chat")

    page.locator("#pq-chat .pq-sources a.pq-cite").first.click()
    mark = page.locator("#pq-panel mark")
    expect(mark).to_contain_text("Sàn dữ liệu")
    panel = page.inner_text("#pq-panel")
    assert "Phụ lục II" in panel and "1033/QĐ-TTg" in panel and "đã ban hành" in panel
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "officials.png"), full_page=True)

    with page.context.expect_page() as opened:
        page.click("#pq-panel a.pq-document-link")
    document = opened.value
    document.wait_for_load_state()
    assert document.url.endswith("/van-ban/qd-1033-2026#qd-1033-2026:pl2.m1.r5")
    cited = document.locator('[id="qd-1033-2026:pl2.m1.r5"]')
    expect(cited).to_contain_text("Sàn dữ liệu")
    assert cited.evaluate("e => getComputedStyle(e.querySelector('td')).backgroundColor") == "rgb(255, 243, 176)"

    page.check("#pq-show-passages input")
    expect(page.locator("#pq-passages table.pq-passages")).to_be_visible()

    page.click("#pq-copy")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Bộ Công an" in copied and "[1] Phụ lục II, Mục I, nhiệm vụ 5" in copied
    with page.expect_download() as download:
        page.click("#pq-export")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("# Hỏi đáp chính sách số") and QUESTION in exported and "“5 Xây dựng" in exported

    page.fill("#pq-comment textarea", "thiếu cơ quan phối hợp")
    page.locator("#pq-chat button[aria-label='Dislike']").last.click()
    expect(page.locator("#pq-feedback-status")).to_contain_text("Đã ghi nhận")
    from webui.feedback import read_all

    stored = read_all(home)[-1]
    assert stored["rating"] == "wrong" and stored["comment"] == "thiếu cơ quan phối hợp"
    assert stored["question"] == QUESTION and stored["citations"][0].startswith("[1] Phụ lục II")


def test_follow_up_uses_the_history(page, site):
    page.goto(site + "/can-bo/")
    _ask_officials(page, "Tỷ trọng kinh tế số trong GDP đến năm 2030 theo Quyết định 1033 là bao nhiêu?")
    _ask_officials(page, "Còn cơ quan phối hợp thì sao?")  # alone, this would be refused
    follow_up = page.locator("#pq-chat .pq-answer").last.inner_text()
    assert "Bộ Tài chính" in follow_up and "Bộ Khoa học và Công nghệ" in follow_up


def test_facts_tab_filters_by_agency_and_year(page, site):
    page.goto(site + "/can-bo/")
    page.get_by_role("tab", name="Chỉ tiêu và nhiệm vụ").click()
    expect(page.locator("#pq-facts tr.pq-fact").first).to_be_visible()
    everything = page.locator("#pq-facts .pq-count").inner_text()
    shown = page.locator("#pq-facts tr.pq-fact").count()
    for control, value in (("#pq-facts-agency", "Bộ Công an"), ("#pq-facts-year", "2026")):
        page.click(f"{control} input")
        page.get_by_role("option", name=value, exact=True).click()
    expect(page.locator("#pq-facts .pq-count")).not_to_have_text(everything)
    rows = page.locator("#pq-facts tr.pq-fact")
    assert 0 < rows.count() < shown
    assert all("Bộ Công an" in text for text in rows.all_inner_texts())
    assert rows.first.locator("a").get_attribute("href").startswith("/van-ban/")
    with page.expect_download() as download:  # the CSV of what is shown, built when asked for
        page.click("#pq-facts-csv")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Loại,Văn bản,Điều khoản") and len(lines) == rows.count() + 1


def test_public_page_answers_and_shows_script_as_text(page, site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto(site + "/")
    page.get_by_label("Câu hỏi của bạn").fill(QUESTION)
    page.get_by_role("button", name="Hỏi", exact=True).click()
    expect(page.locator(".pq-result")).to_contain_text("Bộ Công an")
    expect(page.locator(".pq-sources a.pq-cite").first).to_contain_text("Quyết định số 1033/QĐ-TTg")
    page.screenshot(path=str(SHOTS / "public.png"), full_page=True)

    page.get_by_label("Câu hỏi của bạn").fill("<script>alert('xss')</script>")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the "Hỏi" button, by keyboard
    expect(page.locator(".pq-question-echo")).to_have_text("<script>alert('xss')</script>")
    assert dialogs == [] and page.locator(".pq-result script").count() == 0

    page.get_by_role("button", name="Đúng").click()
    expect(page.locator(".pq-thanks")).to_be_visible()


def test_officials_page_needs_a_login_when_users_are_configured(assistant, tmp_path, page):
    users = tmp_path / "users"
    users.write_text(f"lan:{hash_password('mat-khau-dung')}\n")
    url, server = _serve(make_app(assistant, tmp_path, officials_users=users))
    try:
        page.goto(url + "/can-bo/")
        expect(page.get_by_text("Đăng nhập bằng tài khoản cán bộ.")).to_be_visible()
        assert page.locator("#pq-chat").count() == 0
        page.get_by_label("username").fill("lan")
        page.get_by_label("password").fill("sai")
        page.get_by_role("button", name="Login").click()
        expect(page.get_by_text("Incorrect Credentials")).to_be_visible()
        assert page.locator("#pq-chat").count() == 0
        page.get_by_label("username").fill("lan")
        page.get_by_label("password").fill("mat-khau-dung")
        page.get_by_role("button", name="Login").click()
        expect(page.locator("#pq-chat")).to_be_visible(timeout=30_000)
    finally:
        server.should_exit = True
