# Elasticsearch with ICU analysis (Vietnamese folding) for the portal's search.
FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.3
RUN bin/elasticsearch-plugin install --batch analysis-icu
