"""The columns a search reads for every match, apart from the row's text
(search/models.py, SearchEntry.Meta)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0004_scans_ocr")]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=[
                    "id",
                    "has_body",
                    "live",
                    "owner_unit",
                    "kind",
                    "document_type",
                    "unit",
                    "directive",
                    "year",
                    "day",
                ],
                name="search_entry_narrow",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["kind", "document_type", "unit", "directive", "year", "live", "owner_unit"],
                name="search_entry_facets",
            ),
        ),
    ]
