"""Every page type of the portal can be created through the Wagtail admin, under the
parent it is meant for, with the form an editor fills in."""

import datetime

from django.apps import apps
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from portal.core.models import HomePage, PublicBodyKind, SectionPage
from portal.disclosure.models import (
    BudgetIndexPage,
    BudgetReportPage,
    IndicatorPage,
    OpenDataPage,
    StatisticsIndexPage,
)
from portal.engagement.models import (
    ContactPage,
    DraftIndexPage,
    DraftPage,
    QuestionIndexPage,
)
from portal.leadership.models import (
    LeaderIndexPage,
    LeaderPage,
    PressConferencePage,
    PressIndexPage,
    PressReleasePage,
    SchedulePage,
)
from portal.legal.models import LegalDocumentIndexPage, LegalDocumentPage
from portal.news.models import NewsIndexPage, NewsPage
from portal.organisation.models import DirectoryPage, OrganisationChartPage
from portal.planning.models import (
    PlanIndexPage,
    PlanPage,
    ProjectIndexPage,
    ProjectPage,
)
from portal.procedures.models import ProcedureIndexPage, ProcedurePage
from tests.factories import (
    DocumentTypeFactory,
    LegalFieldFactory,
    ProcedureFieldFactory,
    PublicBodyFactory,
    SignerFactory,
    build_portal,
    forget_site_roots,
)


def page_form(title, slug, **fields):
    return nested_form_data(
        {"title": title, "slug": slug, "seo_title": "", "search_description": ""}
        | fields
    )


class PageTypesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.portal = build_portal()

    def setUp(self):
        self.login()
        self.addCleanup(forget_site_roots)

    def test_every_page_type_is_covered(self):
        portal_pages = {
            model
            for model in apps.get_models()
            if issubclass(model, Page) and model.__module__.startswith("portal.")
        }
        self.assertEqual(
            portal_pages,
            {
                HomePage,
                SectionPage,
                LegalDocumentIndexPage,
                LegalDocumentPage,
                NewsIndexPage,
                NewsPage,
                ProcedureIndexPage,
                ProcedurePage,
                ContactPage,
                DraftIndexPage,
                DraftPage,
                QuestionIndexPage,
                # Created in the admin in tests/portal/disclosure, but the two below.
                BudgetIndexPage,
                BudgetReportPage,
                StatisticsIndexPage,
                IndicatorPage,
                OpenDataPage,
                LeaderIndexPage,
                LeaderPage,
                SchedulePage,
                PressIndexPage,
                PressReleasePage,
                PressConferencePage,
                OrganisationChartPage,
                DirectoryPage,
                # Created in the admin below.
                PlanIndexPage,
                PlanPage,
                ProjectIndexPage,
                ProjectPage,
            },
        )

    def test_can_create_statistics_and_open_data_pages(self):
        self.assertCanCreate(
            self.portal.home,
            StatisticsIndexPage,
            page_form("Thống kê", "thong-ke", intro="", body=streamfield([])),
        )
        self.assertCanCreate(
            self.portal.home,
            OpenDataPage,
            page_form(
                "Dữ liệu mở",
                "du-lieu-mo",
                intro="",
                body=streamfield([]),
                licence_name="CC BY 4.0",
                licence_url="https://creativecommons.org/licenses/by/4.0/",
            ),
        )

    def test_can_create_home_page(self):
        # A home page sits at the top of a tree: the root holds the demo's home
        # already (one per parent), so a plain page stands in for another root.
        root = Page.get_first_root_node().add_child(title="Gốc khác", slug="goc-khac")
        self.assertCanCreate(
            root,
            HomePage,
            page_form(
                "Trang chủ mới", "trang-chu-moi", intro="", sections=streamfield([])
            ),
        )

    def test_can_create_section_page(self):
        self.assertCanCreate(
            self.portal.home,
            SectionPage,
            page_form(
                "Giới thiệu",
                "gioi-thieu",
                intro="Giới thiệu về tỉnh.",
                body=streamfield([]),
                show_children="on",
            ),
        )

    def test_can_create_legal_document_index_page(self):
        section = self.portal.home.add_child(
            instance=SectionPage(title="Chính quyền", slug="chinh-quyen")
        )
        self.assertCanCreate(
            section,
            LegalDocumentIndexPage,
            page_form(
                "Văn bản chỉ đạo",
                "van-ban-chi-dao",
                intro=rich_text("<p>Văn bản của tỉnh.</p>"),
                per_page=20,
            ),
        )

    def test_can_create_legal_document_page(self):
        body = PublicBodyFactory(kind=PublicBodyKind.PROVINCIAL)
        self.assertCanCreate(
            self.portal.legal,
            LegalDocumentPage,
            page_form(
                "Kế hoạch cải cách hành chính",
                "15-kh-ubnd",
                number="15/KH-UBND",
                doc_type=DocumentTypeFactory(name="Kế hoạch").pk,
                issuing_body=body.pk,
                signer=SignerFactory().pk,
                signer_position="Chủ tịch",
                fields=[LegalFieldFactory().pk],
                issued_date="01/02/2024",
                effective_date="01/02/2024",
                expiry_date="",
                gazette_number="",
                gazette_date="",
                scope="tinh",
                group="chi-dao-dieu-hanh",
                body=rich_text("<p>Nội dung kế hoạch.</p>"),
                status_override="",
                status_override_reason="",
                attachments=inline_formset([]),
                relations=inline_formset(
                    [
                        {
                            "kind": "can_cu",
                            "target": "",
                            "target_number": "01/2020/QĐ-UBND",
                            "note": "",
                        }
                    ]
                ),
            ),
        )

    def test_can_create_news_index_page(self):
        self.assertCanCreate(
            self.portal.news,
            NewsIndexPage,
            page_form("Tin hoạt động", "tin-hoat-dong", intro="", show_on_home="on"),
        )

    def test_can_create_news_page(self):
        self.assertCanCreate(
            self.portal.news,
            NewsPage,
            page_form(
                "Hội nghị triển khai nhiệm vụ năm 2024",
                "hoi-nghi-trien-khai-nhiem-vu-nam-2024",
                sapo="Sáng nay, tỉnh tổ chức hội nghị.",
                hero_image="",
                hero_caption="",
                body=streamfield([]),
                author="Phóng viên",
                source="",
                publication_date="2024-01-15 08:00",
                tags="",
                attachments=inline_formset([]),
                cited_documents=inline_formset([{"number": "15/KH-UBND", "label": ""}]),
                related_links=inline_formset([]),
            ),
        )

    def test_can_create_procedure_index_page(self):
        section = self.portal.home.add_child(
            instance=SectionPage(title="Dịch vụ công", slug="dich-vu-cong")
        )
        self.assertCanCreate(
            section,
            ProcedureIndexPage,
            page_form(
                "Thủ tục hành chính cấp xã",
                "thu-tuc-cap-xa",
                intro="",
                body=streamfield([]),
                per_page=20,
            ),
        )

    def test_can_create_procedure_page(self):
        self.assertCanCreate(
            self.portal.procedures,
            ProcedurePage,
            page_form(
                "Đăng ký khai sinh",
                "dang-ky-khai-sinh",
                code="9.999001",
                intro="",
                field=ProcedureFieldFactory(name="Hộ tịch").pk,
                level="xa",
                implementing_agencies=[PublicBodyFactory().pk],
                competent_authority="",
                coordinating_agencies=[],
                audiences=[],
                online_level="toan-trinh",
                online_url="",
                steps=inline_formset([{"title": "Nộp hồ sơ", "description": ""}]),
                dossier_items=inline_formset(
                    [
                        {
                            "name": "Tờ khai đăng ký khai sinh",
                            "originals": 1,
                            "copies": 0,
                            "form": "",
                            "note": "",
                        }
                    ]
                ),
                dossier_count="01 bộ",
                requirements="",
                result="Giấy khai sinh",
                body=streamfield([]),
                channels=inline_formset(
                    [
                        {
                            "channel": "truc-tiep",
                            "time_limit": "Ngay trong ngày",
                            "fee": "Miễn lệ phí",
                            "description": "",
                        }
                    ]
                ),
                legal_bases=inline_formset(
                    [{"number": "123/2015/NĐ-CP", "title": "Nghị định hộ tịch"}]
                ),
            ),
        )

    def test_can_create_contact_page(self):
        self.assertCanCreate(
            self.portal.home,
            ContactPage,
            page_form(
                "Liên hệ",
                "lien-he",
                intro="",
                body=streamfield([]),
                # The form the editor builds, and where it is e-mailed.
                form_fields=inline_formset(
                    [
                        {"label": "Họ và tên", "field_type": "singleline"},
                        {"label": "Thư điện tử", "field_type": "email"},
                        {"label": "Nội dung", "field_type": "multiline"},
                    ]
                ),
                to_address="banbientap@example.gov.vn",
                from_address="",
                subject="Liên hệ",
            ),
        )
        page = ContactPage.objects.child_of(self.portal.home).get(slug="lien-he")
        # Clean names from the labels without diacritics ("đ" too).
        self.assertEqual(
            [field.clean_name for field in page.form_fields.all()],
            ["ho_va_ten", "thu_dien_tu", "noi_dung"],
        )

    def test_can_create_draft_index_page(self):
        self.assertCanCreate(
            self.portal.home,
            DraftIndexPage,
            page_form("Dự thảo văn bản", "du-thao", intro="", body=streamfield([])),
        )

    def test_can_create_draft_page(self):
        index = self.portal.home.add_child(
            instance=DraftIndexPage(title="Dự thảo", slug="du-thao")
        )
        start = datetime.date.today()
        deadline = start + datetime.timedelta(days=30)
        self.assertCanCreate(
            index,
            DraftPage,
            page_form(
                "Dự thảo quy định về quản lý chợ",
                "du-thao-quy-dinh-quan-ly-cho",
                summary="Lấy ý kiến nhân dân.",
                drafting_agency="Sở Công Thương",
                document="",
                consultation_start=f"{start:%Y-%m-%d} 08:00",
                consultation_deadline=f"{deadline:%Y-%m-%d} 17:00",
                contact_email="",
                intro="",
                body=streamfield([]),
            ),
        )

    def test_can_create_question_index_page(self):
        self.assertCanCreate(
            self.portal.home,
            QuestionIndexPage,
            page_form("Hỏi đáp", "hoi-dap", intro="", body=streamfield([])),
        )

    def test_can_create_leader_pages(self):
        self.assertCanCreate(
            self.portal.home,
            LeaderIndexPage,
            page_form(
                "Lãnh đạo huyện", "lanh-dao-huyen", intro="", body=streamfield([])
            ),
        )
        index = LeaderIndexPage.objects.child_of(self.portal.home).get()
        self.assertCanCreate(
            index,
            LeaderPage,
            page_form(
                "Nguyễn Văn Tỉnh",
                "nguyen-van-tinh",
                position="Chủ tịch Ủy ban nhân dân tỉnh",
                order=1,
                public_body=PublicBodyFactory().pk,
                photo="",
                intro="",
                responsibilities=rich_text("<p>Phụ trách chung.</p>"),
                phone="",
                email="",
                body=streamfield([]),
            ),
        )

    def test_can_create_schedule_page(self):
        self.assertCanCreate(
            self.portal.home,
            SchedulePage,
            page_form("Lịch công tác", "lich-cong-tac", intro="", body=streamfield([])),
        )

    def test_can_create_press_pages(self):
        self.assertCanCreate(
            self.portal.home,
            PressIndexPage,
            page_form(
                "Họp báo",
                "hop-bao",
                intro="",
                body=streamfield([]),
                spokesperson_name="Trần Văn Phát",
                spokesperson_position="Chánh Văn phòng",
                spokesperson_body="",
                spokesperson_phone="",
                spokesperson_email="",
                spokesperson_note="",
                per_page=20,
            ),
        )
        press = PressIndexPage.objects.child_of(self.portal.home).get()
        self.assertCanCreate(
            press,
            PressReleasePage,
            page_form(
                "Thông cáo báo chí",
                "thong-cao-bao-chi",
                date="2026-12-01",
                number="",
                intro="",
                body=streamfield([]),
                attachments=inline_formset([]),
            ),
        )
        self.assertCanCreate(
            press,
            PressConferencePage,
            page_form(
                "Họp báo thường kỳ",
                "hop-bao-thuong-ky",
                start="2026-12-10 15:00",
                place="Hội trường tỉnh",
                chair="",
                chair_name="Chánh Văn phòng",
                intro="",
                topics="Kinh tế - xã hội",
                body=streamfield([]),
                summary=rich_text(""),
                attachments=inline_formset([]),
            ),
        )

    def test_can_create_organisation_chart_page(self):
        intro = self.portal.home.add_child(
            instance=SectionPage(title="Giới thiệu", slug="gioi-thieu")
        )
        self.assertCanCreate(
            intro,
            OrganisationChartPage,
            page_form(
                "Cơ cấu tổ chức", "co-cau-to-chuc", intro="", body=streamfield([])
            ),
        )

    def test_can_create_directory_page(self):
        self.assertCanCreate(
            self.portal.home,
            DirectoryPage,
            page_form("Danh bạ", "danh-ba", intro="", body=streamfield([])),
        )

    def test_can_create_plan_and_project_index_pages(self):
        for model, title, slug in (
            (PlanIndexPage, "Quy hoạch, kế hoạch", "quy-hoach-ke-hoach"),
            (ProjectIndexPage, "Dự án đầu tư", "du-an-dau-tu"),
        ):
            self.assertCanCreate(
                self.portal.home,
                model,
                page_form(title, slug, intro="", body=streamfield([]), per_page=20),
            )

    def test_can_create_plan_and_project_pages(self):
        from tests.portal.planning.conftest import AreaFactory, SectorFactory
        from tests.portal.planning.test_admin import plan_form, project_form

        sector, area = SectorFactory(), AreaFactory()
        for index, model, form in (
            (PlanIndexPage, PlanPage, plan_form),
            (ProjectIndexPage, ProjectPage, project_form),
        ):
            parent = self.portal.home.add_child(
                instance=index(title=model.__name__, slug=model.__name__.lower())
            )
            self.assertCanCreate(parent, model, form(sector, area))
