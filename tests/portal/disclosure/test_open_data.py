"""Open data: the catalogue of what the apps register, each dataset generated from
the live data as CSV and JSON, with licence, update date and DCAT-style JSON-LD."""

import json
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.core import datasets
from tests.portal.procedures.conftest import new_procedure


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_apps_register_their_datasets():
    names = [dataset.name for dataset in datasets.datasets()]
    assert names[:2] == ["van-ban", "thu-tuc-hanh-chinh"]
    assert {"ngan-sach", "thong-ke"} <= set(names)


def test_a_badly_named_dataset_is_refused():
    with pytest.raises(ImproperlyConfigured):
        datasets.register_dataset("Bad name", "t", "d", list, [("a", "A")], dict)
    with pytest.raises(ImproperlyConfigured):
        datasets.register_dataset("dup", "t", "d", list, [("a", "A"), ("a", "B")], dict)


def test_the_catalogue_lists_each_dataset_with_downloads_and_json_ld(
    client, open_data, budget
):
    html = client.get(open_data.url).content.decode()
    assert "Ngân sách nhà nước: số liệu chủ yếu" in html
    assert "Văn bản quy phạm pháp luật" in html or "Văn bản" in html
    assert f'href="{open_data.url}ngan-sach/csv/"' in html
    assert "CC BY 4.0" in html
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data["@type"] == "DataCatalog"
    budget_set = next(d for d in data["dataset"] if d["url"].endswith("#ngan-sach"))
    assert budget_set["@type"] == "Dataset"
    assert {d["encodingFormat"] for d in budget_set["distribution"]} == {
        "text/csv",
        "application/json",
    }
    assert budget_set["dateModified"]


def test_budget_figures_as_csv_and_json_from_the_live_data(client, open_data, budget):
    text = streamed(client.get(f"{open_data.url}ngan-sach/csv/"))
    assert text.startswith("\ufeffĐơn vị công bố,Năm,")
    assert "2024,33480,27654.1,13972.5,Ước thực hiện" in text

    response = client.get(f"{open_data.url}ngan-sach/json/")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(streamed(response))
    assert data["license"].startswith("https://creativecommons.org/")
    ours = [row for row in data["rows"] if row["url"] == budget.full_url]
    row = next(row for row in ours if row["year"] == 2023)
    assert row["revenue"] == 31206.9
    assert row["investment"] is None


def test_only_published_procedures_are_in_their_dataset(client, open_data, portal):
    published = new_procedure(portal.procedures, "Đăng ký khai sinh mở", code="9.1")
    draft = new_procedure(portal.procedures, "Thủ tục còn nháp", code="9.2")
    draft.unpublish()
    data = json.loads(streamed(client.get(f"{open_data.url}thu-tuc-hanh-chinh/json/")))
    titles = {row["title"] for row in data["rows"]}
    assert published.title in titles
    assert draft.title not in titles


def test_legal_documents_dataset_streams_csv(client, open_data):
    response = client.get(f"{open_data.url}van-ban/csv/")
    assert response.streaming
    heading = streamed(response).splitlines()[0]
    assert heading.startswith("\ufeffSố ký hiệu")


def test_an_unknown_dataset_is_not_found(client, open_data):
    assert client.get(f"{open_data.url}khong-co/csv/").status_code == 404
    assert client.get(f"{open_data.url}khong-co/json/").status_code == 404


def test_csv_cells_are_formula_safe_and_json_streams_rows():
    columns = [("name", "Tên"), ("amount", "Số")]
    rows = [{"name": "=1+1", "amount": -5}, {"name": "@SUM(A1)", "amount": None}]
    text = "".join(datasets.csv_chunks(columns, rows))
    assert text.splitlines()[1:] == ["'=1+1,-5", "'@SUM(A1),"]
    document = json.loads(
        "".join(datasets.json_chunks({"name": "x"}, ["name", "amount"], rows))
    )
    assert document == {"name": "x", "rows": [dict(rows[0]), dict(rows[1])]}
