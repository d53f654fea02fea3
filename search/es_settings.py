"""Elasticsearch analysis for Vietnamese (plain data: settings import it).

Full text: words lower-cased and folded with `preserve_original`, so "báo"
is indexed as both "báo" and "bao" at one position; a query analysed the same
way matches "bao chi" and "báo chí" alike and scores the exact spelling higher
(it matches both tokens). Autocomplete: edge n-grams of the folded words, and
the typed prefix folded the same way (Wagtail's default searches it
unfolded). With the analysis-icu plugin (our docker/elasticsearch.Dockerfile),
ICU tokenises and normalises to NFC first, and folds the n-grams.
"""


def index_settings(*, icu: bool) -> dict:
    tokenizer = "icu_tokenizer" if icu else "standard"
    normalise = ["icu_normalizer"] if icu else []
    fold = "icu_folding" if icu else "asciifolding"
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "vi_folding": {"type": "asciifolding", "preserve_original": True},
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": tokenizer,
                        "filter": [*normalise, "lowercase", "vi_folding"],
                    },
                    "vi_folded": {
                        "type": "custom",
                        "tokenizer": tokenizer,
                        "filter": [*normalise, "lowercase", fold],
                    },
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": tokenizer,
                        "filter": [*normalise, "lowercase", fold, "edgengram"],
                    },
                },
            }
        }
    }
