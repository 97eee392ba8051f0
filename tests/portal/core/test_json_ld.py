"""The JSON-LD every app writes into its pages (portal.core.json_ld)."""

import datetime
import json

from portal.core.json_ld import json_ld


def test_text_that_would_end_the_script_element_is_escaped():
    data = {"name": "Quy hoạch </script><script>alert(1)</script> & <!-- x"}
    text = json_ld(data)

    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003C/script\\u003E" in text
    assert json.loads(text) == data


def test_vietnamese_is_written_as_it_is_on_one_line():
    text = json_ld({"@type": "GovernmentService", "name": "Đăng ký khai sinh"})
    assert text == '{"@type": "GovernmentService", "name": "Đăng ký khai sinh"}'


def test_indent_and_dates():
    text = json_ld(
        {"datePublished": datetime.date(2024, 6, 10), "name": "Luật"}, indent=1
    )
    assert text == '{\n "datePublished": "2024-06-10",\n "name": "Luật"\n}'
