# The contact page moves onto Wagtail's form builder (wagtail.contrib.forms): every
# contact page gets the fields its form had, and every contact message is kept as a
# submission of it, its answers under the same names as the old columns.

import django.core.serializers.json
import django.db.models.deletion
import modelcluster.fields
import wagtail.contrib.forms.models
from django.conf import settings
from django.db import migrations, models

#: The form before this migration: (clean name, label, field type, required), the
#: labels as citizens read them. The clean names are the old columns' names.
FORMER_FIELDS = [
    ("name", "Họ và tên", "singleline", True),
    ("email", "Thư điện tử", "email", True),
    ("phone", "Điện thoại", "singleline", False),
    ("subject", "Tiêu đề", "singleline", True),
    ("message", "Nội dung", "multiline", True),
]
COLUMNS = [name for name, *_rest in FORMER_FIELDS]


def fields_and_submissions(apps, schema_editor):
    ContactPage = apps.get_model("engagement", "ContactPage")
    ContactFormField = apps.get_model("engagement", "ContactFormField")
    ContactMessage = apps.get_model("engagement", "ContactMessage")
    Page = apps.get_model("wagtailcore", "Page")
    pages = list(ContactPage.objects.order_by("path"))
    for page in pages:
        if not ContactFormField.objects.filter(page=page).exists():
            ContactFormField.objects.bulk_create(
                ContactFormField(
                    page=page,
                    sort_order=order,
                    clean_name=name,
                    label=label,
                    field_type=field_type,
                    required=required,
                )
                for order, (name, label, field_type, required) in enumerate(
                    FORMER_FIELDS
                )
            )
    # Messages named no page: they came from the contact page (the first one, when
    # there are several). Should none be left, the root of the page tree keeps them
    # (the admin lists only a form page's own; the rows stay in the table).
    if pages:
        page_id = pages[0].pk
    else:
        page_id = Page.objects.filter(depth=1).order_by("path").values_list(
            "pk", flat=True
        ).first()
    for message in ContactMessage.objects.order_by("pk"):
        message.form_data = {column: getattr(message, column) for column in COLUMNS}
        message.page_id = page_id
        message.save(update_fields=["form_data", "page"])


def columns_from_submissions(apps, schema_editor):
    ContactMessage = apps.get_model("engagement", "ContactMessage")
    for message in ContactMessage.objects.order_by("pk"):
        for column in COLUMNS:
            setattr(message, column, str(message.form_data.get(column) or ""))
        message.save(update_fields=COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0005_figure_block_on_wagtail_image_block"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactFormField",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "sort_order",
                    models.IntegerField(blank=True, editable=False, null=True),
                ),
                (
                    "clean_name",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="Safe name of the form field, the label converted to ascii_snake_case",
                        max_length=255,
                        verbose_name="name",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="The label of the form field",
                        max_length=255,
                        verbose_name="label",
                    ),
                ),
                (
                    "field_type",
                    models.CharField(
                        choices=[
                            ("singleline", "Single line text"),
                            ("multiline", "Multi-line text"),
                            ("email", "Email"),
                            ("number", "Number"),
                            ("url", "URL"),
                            ("checkbox", "Checkbox"),
                            ("checkboxes", "Checkboxes"),
                            ("dropdown", "Drop down"),
                            ("multiselect", "Multiple select"),
                            ("radio", "Radio buttons"),
                            ("date", "Date"),
                            ("datetime", "Date/time"),
                            ("hidden", "Hidden field"),
                        ],
                        max_length=16,
                        verbose_name="field type",
                    ),
                ),
                (
                    "required",
                    models.BooleanField(default=True, verbose_name="required"),
                ),
                (
                    "choices",
                    models.TextField(
                        blank=True,
                        help_text="Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown.",
                        verbose_name="choices",
                    ),
                ),
                (
                    "default_value",
                    models.TextField(
                        blank=True,
                        help_text="Default value. Comma or new line separated values supported for checkboxes.",
                        verbose_name="default value",
                    ),
                ),
                (
                    "help_text",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="help text"
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="form_fields",
                        to="engagement.contactpage",
                    ),
                ),
            ],
            options={"ordering": ["sort_order"], "abstract": False},
        ),
        migrations.AddField(
            model_name="contactpage",
            name="to_address",
            field=models.CharField(
                blank=True,
                help_text="Optional - form submissions will be emailed to these addresses. Separate multiple addresses by comma.",
                max_length=255,
                validators=[wagtail.contrib.forms.models.validate_to_address],
                verbose_name="to address",
            ),
        ),
        migrations.AddField(
            model_name="contactpage",
            name="from_address",
            field=models.EmailField(
                blank=True, max_length=255, verbose_name="from address"
            ),
        ),
        migrations.AddField(
            model_name="contactpage",
            name="subject",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="subject"
            ),
        ),
        migrations.AddField(
            model_name="contactmessage",
            name="form_data",
            field=models.JSONField(
                default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.AddField(
            model_name="contactmessage",
            name="page",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.RenameField(
            model_name="contactmessage", old_name="submitted_at", new_name="submit_time"
        ),
        migrations.AlterModelOptions(
            name="contactmessage",
            options={
                "ordering": ["-submit_time"],
                "verbose_name": "contact message",
                "verbose_name_plural": "contact messages",
            },
        ),
        migrations.RunPython(fields_and_submissions, columns_from_submissions),
        # Defaults for the way back only: unapplied, the columns return empty before
        # columns_from_submissions fills them in.
        migrations.AlterField(
            model_name="contactmessage",
            name="name",
            field=models.CharField(default="", max_length=255, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="contactmessage",
            name="email",
            field=models.EmailField(default="", max_length=254, verbose_name="email"),
        ),
        migrations.AlterField(
            model_name="contactmessage",
            name="subject",
            field=models.CharField(default="", max_length=255, verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="contactmessage",
            name="message",
            field=models.TextField(default="", verbose_name="message"),
        ),
        migrations.RemoveField(model_name="contactmessage", name="name"),
        migrations.RemoveField(model_name="contactmessage", name="email"),
        migrations.RemoveField(model_name="contactmessage", name="phone"),
        migrations.RemoveField(model_name="contactmessage", name="subject"),
        migrations.RemoveField(model_name="contactmessage", name="message"),
        migrations.AlterField(
            model_name="contactmessage",
            name="form_data",
            field=models.JSONField(
                encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.AlterField(
            model_name="contactmessage",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="contactmessage",
            name="submit_time",
            field=models.DateTimeField(auto_now_add=True, verbose_name="submit time"),
        ),
    ]
