#!/usr/bin/env bash
# Kafka's topic tool, with Kafka's own flags (--help lists them).
source "$(dirname "${BASH_SOURCE[0]}")/lib/kafka-tool.sh" org.apache.kafka.tools.TopicCommand "$@"
