# Elasticsearch with ICU analysis (Vietnamese folding) for the portal's search.
ARG ELASTICSEARCH_IMAGE=docker.elastic.co/elasticsearch/elasticsearch:8.15.3
FROM ${ELASTICSEARCH_IMAGE}
RUN bin/elasticsearch-plugin install --batch analysis-icu
