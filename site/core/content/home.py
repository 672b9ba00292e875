"""The home and course index pages' text, in English and Korean side by side.

The Korean is written for readers from North Korea: plain words, few English
loanwords, and the North's word in brackets where the two differ.
"""

# Slugs stay the same in Korean, so switching language keeps the URL's path.
HOME = {
    "title": ("ENoK Learn", "ENoK 배움터"),
    "slug": ("home", "home"),
    "heading": (
        "Learn what you need for life in the United States",
        "미국 생활에 꼭 필요한 것을 배워 보세요",
    ),
    "intro": (
        "Short, practical lessons for North Korean refugees starting a new life in America: "
        "everyday life, money and banking, finding work, and English. Learn at your own pace, "
        "on your phone, in Korean or English.",
        "미국에서 새 삶을 시작하는 북한 출신 난민을 위한 짧고 쓸모 있는 공부입니다. "
        "일상생활, 돈과 은행, 일자리 찾기, 영어를 배웁니다. 손전화(휴대전화)로, "
        "한국어나 영어로, 자기 속도에 맞춰 공부하세요.",
    ),
    "start_label": ("Start learning", "공부 시작하기"),
    "features": [
        (
            ("American life", "미국 생활"),
            (
                "Renting a home, getting around, seeing a doctor, shopping and staying safe.",
                "집 빌리기, 교통, 병원 가기, 물건 사기, 안전하게 지내기.",
            ),
        ),
        (
            ("Money and banking", "돈과 은행"),
            (
                "Bank accounts, cards, credit, paying bills and avoiding scams.",
                "은행 계좌, 카드, 신용, 요금 내기, 사기 피하기.",
            ),
        ),
        (
            ("Jobs and work", "일과 직장"),
            (
                "Finding a job, first-day paperwork, your paycheck and your rights at work.",
                "일자리 찾기, 첫 출근 날의 서류, 월급(로임), 직장에서의 권리.",
            ),
        ),
        (
            ("English", "영어"),
            (
                "Words and phrases for the bank, the doctor, work and the phone, "
                "with a Listen button to hear them spoken.",
                "은행, 병원, 직장, 전화에서 쓰는 말과 표현. '듣기' 단추를 누르면 소리로 들을 수 있습니다.",
            ),
        ),
    ],
    "privacy_note": (
        "You can read every lesson without an account. To save your progress you need only a "
        "username and a password: we never ask for your name, email or phone number.",
        "계정이 없어도 모든 공부 내용을 읽을 수 있습니다. 공부한 기록을 남기려면 사용자 이름과 "
        "비밀번호만 있으면 됩니다. 실제 이름, 전자우편, 전화번호는 묻지 않습니다.",
    ),
}

COURSE_INDEX = {
    "title": ("Courses", "과정"),
    "slug": ("courses", "courses"),
    "intro": (
        "Choose a course. Each has short modules you can finish in a few minutes a day.",
        "과정을 고르세요. 과정마다 하루 몇 분이면 끝낼 수 있는 짧은 단원이 있습니다.",
    ),
}


def english(content):
    """The English field values of a content dict (features excluded)."""
    return {key: value[0] for key, value in content.items() if key != "features"}


def korean_by_english(content):
    """Map every English string in a content dict to its Korean."""
    pairs = {}
    for key, value in content.items():
        if key == "features":
            for title, text in value:
                pairs[title[0]] = title[1]
                pairs[text[0]] = text[1]
        else:
            pairs[value[0]] = value[1]
    return pairs
