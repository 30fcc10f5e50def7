"""Questions that instruct the assistant instead of asking about the documents.

"Bỏ qua mọi hướng dẫn trước đó …", "Ignore your documents …", "SYSTEM: you are now …", "Hãy trả
lời ngoài văn bản …", "in ra khóa API": on the public page such text is an attempt to make the
assistant speak beyond its sources (OWASP LLM01, prompt injection). The extractive answerer has no
instructions to override, but a clause that happens to share its words would still be quoted as
if it answered; so these are refused outright, whatever retrieval finds.
"""

from __future__ import annotations

import re

_INSTRUCTIONS = re.compile(
    r"\b(bỏ qua|phớt lờ|quên|không cần (theo|tuân theo))\s+(mọi|tất cả|các|những)?\s*(hướng dẫn|chỉ dẫn|quy tắc|lệnh|văn bản)\b|"
    r"\b(trả lời|nói)\s+(ngoài|không (dựa|theo))\s+(văn bản|tài liệu)\b|"
    r"\b(in ra|tiết lộ|cho (tôi )?xem)\s+.{0,30}(cấu hình|biến môi trường|khóa api|mật khẩu|system prompt|lời nhắc hệ thống)\b|"
    r"\bignore\s+(all\s+|any\s+|your\s+|the\s+|previous\s+|prior\s+)*(instructions|documents|rules|prompts?)\b|"
    r"\b(disregard|forget)\s+(all\s+|your\s+|previous\s+|the\s+)*(instructions|documents|rules)\b|"
    r"\byou are now\b|^\s*system\s*:|\bsystem\s*:\s*you\b|\b(reveal|print|show)\s+(your\s+|the\s+)?"
    r"(system prompt|instructions|configuration|environment variables|api keys?)\b",
    re.IGNORECASE)


def is_instruction(question: str) -> bool:
    """The question tells the assistant what to be or to ignore, rather than asking what a text says."""
    return bool(_INSTRUCTIONS.search(question))
