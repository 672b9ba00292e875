"""A visitor on a phone: home page, switch to Korean, sign up, log out, log in."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_visitor_switches_to_korean_signs_up_logs_out_and_in(phone_page, site_url, screenshot):
    page = phone_page
    page.goto(site_url + "/")
    expect(page).to_have_url(site_url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Start learning")).to_be_visible()
    screenshot(page, "home-en-phone")

    page.get_by_role("button", name="한국어").click()
    expect(page).to_have_url(site_url + "/ko/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("미국 생활에 꼭 필요한 것을 배워 보세요")
    expect(page.get_by_role("button", name="한국어")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "home-ko-phone")

    page.get_by_role("link", name="계정 만들기").click()
    expect(page).to_have_url(re.compile(r"/ko/accounts/signup/"))
    page.get_by_label("사용자 이름").fill("haneul")
    page.get_by_label("비밀번호", exact=True).fill("river-Stone-1987")
    page.get_by_label("비밀번호 다시 입력").fill("river-Stone-1987")
    screenshot(page, "signup-ko-phone")
    page.get_by_role("button", name="계정 만들기").click()
    expect(page.locator(".messages")).to_contain_text("환영합니다")
    user = get_user_model().objects.get(username="haneul")
    assert user.language == "ko"
    assert list(user.groups.values_list("name", flat=True)) == ["Learners"]

    page.get_by_role("button", name="나가기").click()
    expect(page.locator(".messages")).to_contain_text("나갔습니다")
    expect(page.get_by_role("link", name="들어가기")).to_be_visible()

    page.get_by_role("link", name="들어가기").click()
    page.get_by_label("사용자 이름").fill("haneul")
    page.get_by_label("비밀번호").fill("river-Stone-1987")
    screenshot(page, "login-ko-phone")
    page.get_by_role("button", name="들어가기").click()
    expect(page.get_by_role("button", name="나가기")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    screenshot(page, "home-ko-signed-in-phone")


def test_sign_up_errors_are_shown_in_korean(phone_page, site_url, screenshot):
    page = phone_page
    page.goto(site_url + "/ko/accounts/signup/")
    page.get_by_label("사용자 이름").fill("two words")
    page.get_by_label("비밀번호", exact=True).fill("12345678")
    page.get_by_label("비밀번호 다시 입력").fill("12345678")
    page.get_by_role("button", name="계정 만들기").click()
    expect(page.get_by_role("alert")).to_contain_text("아래의 잘못된 곳을 고쳐 주세요")
    expect(page.locator("#id_username_error")).to_contain_text("유효한 사용자 이름")
    screenshot(page, "signup-errors-ko-phone")
    assert not get_user_model().objects.filter(username="two words").exists()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_desktop_home_page(desktop_page, site_url, screenshot, language):
    page = desktop_page
    page.goto(f"{site_url}/{language}/")
    expect(page.get_by_role("navigation", name="주요 메뉴" if language == "ko" else "Main")).to_be_visible()
    screenshot(page, f"home-{language}-desktop")


def test_phone_layout_has_large_text_and_tap_targets(phone_page, site_url):
    page = phone_page
    page.goto(site_url + "/en/")
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('header a, header button, main a.button')].map(el => {
              const r = el.getBoundingClientRect();
              return [el.textContent.trim(), r.width, r.height];
            })"""
    )
    assert sizes, "no controls found"
    for label, width, height in sizes:
        assert height >= 44 and width >= 44, (label, width, height)
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_skip_link_and_visible_focus(phone_page, site_url):
    page = phone_page
    page.goto(site_url + "/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
