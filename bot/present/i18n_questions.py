"""Messages of plain-language questions (bot/tg/questions.py), in English and
Korean; merged into bot.present.i18n.MESSAGES."""

QUESTION_MESSAGES = {
    "en": {
        "question_not_understood": "I didn't understand that. Questions I can answer:",
        "question_alert_proposal": "Tap to create this alert (admins in groups).",
        "question_alert_type": "Send this command to create the alert.",
        "question_alert_button": "Create alert",
        "question_alert_crossing_button": "Alert at the next crossing",
        "question_alert_created": "Alert created by {name}.",
        "question_admins_only": "Only admins can create alerts in this group.",
        "question_setting_proposal": "Tap to apply this setting (admins in groups).",
        "question_setting_button": "Apply",
        "question_setting_applied": "Applied by {name}.",
        "question_setting_admins_only": "Only admins can change this group's settings.",
        "question_alternative": "Not what you meant?",
        "question_alternative_button": "Did you mean {command}?",
        "question_button_stale": "This button has expired: ask again.",
        "question_unavailable": "That command is not available yet.",
    },
    "ko": {
        "question_not_understood": "무슨 뜻인지 잘 모르겠습니다. 이런 식으로 물어봐 주세요:",
        "question_alert_proposal": "아래 버튼을 누르면 이 알림이 만들어집니다(그룹에서는 관리자만).",
        "question_alert_type": "이 명령어를 보내면 알림이 만들어집니다.",
        "question_alert_button": "알림 만들기",
        "question_alert_crossing_button": "다음 돌파 때 알림",
        "question_alert_created": "{name} 님이 알림을 만들었습니다.",
        "question_admins_only": "이 그룹에서는 관리자만 알림을 만들 수 있습니다.",
        "question_setting_proposal": "아래 버튼을 누르면 이 설정이 적용됩니다(그룹에서는 관리자만).",
        "question_setting_button": "적용하기",
        "question_setting_applied": "{name} 님이 적용했습니다.",
        "question_setting_admins_only": "이 그룹에서는 관리자만 설정을 바꿀 수 있습니다.",
        "question_alternative": "이 뜻이 아니었나요?",
        "question_alternative_button": "{command:이라는} 뜻인가요?",
        "question_button_stale": "만료된 버튼입니다. 다시 물어봐 주세요.",
        "question_unavailable": "아직 쓸 수 없는 명령어입니다.",
    },
}
